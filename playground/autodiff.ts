// The playground's first tab, as data: for a source, the four programs (`printProgram` of f, its
// jvp, its linearization with the residuals named, its transpose), the annotated graph, and a
// gradient check of tygrad's gradient against central finite differences in float64.

import * as t from "../src/index.js";
import { define, inputTensors, type Definition, type Tensor } from "./expr.js";
import { annotate, graphSvg } from "./graph.js";

export interface GradientCheck {
  readonly input: string;
  /** Largest |grad − finite difference| over the input's entries, and relative to max(1, |grad|). */
  readonly maxError: number;
  readonly passes: boolean;
}

export interface Analysis {
  readonly value: number;
  readonly program: string;
  readonly jvp: string;
  readonly linear: string;
  /** Names of the linearization's residuals (its constants: primal values computed on the way). */
  readonly residuals: readonly string[];
  readonly transpose: string;
  readonly graph: string;
  readonly check: readonly GradientCheck[];
}

/** Names after the `;` in a printed program's head: its constants. */
const constantNames = (printed: string): string[] => {
  const head = printed.split("\n")[0] ?? "";
  const after = head.split(";")[1];
  return after === undefined ? [] : [...after.matchAll(/([a-z]+):/g)].map((m) => m[1] ?? "");
};

/** Central differences of f at xs, for every entry of every input, in float64 (step 1e-6). */
const finiteDifferences = (d: Definition, xs: readonly Tensor[]): number[][] =>
  xs.map((x, k) => {
    const base = Array.from(x.toArray());
    return base.map((_, j) => {
      const at = (delta: number) => {
        const moved = xs.map((y, i) => (i === k ? t.fromArray(base.map((v, m) => (m === j ? v + delta : v)), [...x.shape], "float64") : y));
        return Number(d.f(...moved).toArray()[0]);
      };
      return (at(1e-6) - at(-1e-6)) / 2e-6;
    });
  });

export function analyse(source: string): Analysis {
  const d = define(source);
  const xs = inputTensors(d, "float32");
  const program = t.makeProgram(d.f)(...xs);
  const linearProgram = t.makeLinearProgram(d.f)(...xs);
  const linear = t.printProgram(linearProgram);
  const value = Number(d.f(...xs).toArray()[0]);
  const x64 = inputTensors(d, "float64");
  const grads = x64.map((_, k) => Array.from(t.grad((v: Tensor) => d.f(...x64.map((y, i) => (i === k ? v : y))) as t.Tensor<[], "float64">)(x64[k] as Tensor).toArray()));
  const fd = finiteDifferences(d, x64);
  const check = d.inputs.map((input, k) => {
    const g = grads[k] ?? [];
    const maxError = Math.max(0, ...g.map((v, j) => Math.abs(v - (fd[k]?.[j] ?? NaN)) / Math.max(1, Math.abs(v))));
    return { input: input.name, maxError, passes: maxError < 1e-6 };
  });
  return {
    value,
    program: t.printProgram(program),
    jvp: t.printProgram(t.makeJvpProgram(d.f)(...xs)),
    linear,
    residuals: constantNames(linear),
    transpose: t.printProgram(t.makeTransposeProgram(d.f)(...xs)),
    graph: graphSvg(annotate(program, xs)),
    check,
  };
}
