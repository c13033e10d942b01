// Law: every stage of the pipeline is a well-typed program, and staging does not change values.
// The program of f, of its jvp, of its linearization and of its transpose each pass
// checkProgram (every variable defined once before use, every equation's output what
// abstractEval says), and evaluating the staged program of f gives f's own values, bit for bit
// (the same kernels run on the same numbers).

import * as E from "fp-ts/lib/Either.js";
import { makeJvpProgram, makeLinearProgram, makeProgram, makeTransposeProgram } from "../../src/ad/programs.js";
import { checkProgram } from "../../src/core/check.js";
import { evalProgram } from "../../src/core/eval-program.js";
import type { Program } from "../../src/core/program.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { describeCase, type LawCase } from "../cases.js";
import { numbersOfAll } from "../numeric.js";
import { fmt } from "./common.js";

export interface ProgramsResult {
  readonly law: "programs type-check and evaluate like f";
  readonly ok: boolean;
  /** The stage that failed ("f", "jvp", "linear", "transpose", "evaluation"), or "". */
  readonly stage: string;
  readonly summary: string;
}

const same = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

export function programsTypeCheck(c: LawCase, derivatives = true): ProgramsResult {
  const g = (xs: readonly AnyTensor[]): readonly AnyTensor[] => c.f(...xs);
  const stages: [string, () => Program][] = [
    ["f", () => makeProgram(g)(c.inputs)],
    ...(derivatives
      ? ([
          ["jvp", () => makeJvpProgram(g)(c.inputs)],
          ["linear", () => makeLinearProgram(g)(c.inputs)],
          ["transpose", () => makeTransposeProgram(g)(c.inputs)],
        ] satisfies [string, () => Program][])
      : []),
  ];
  const fail = (stage: string, why: string): ProgramsResult =>
    ({ law: "programs type-check and evaluate like f", ok: false, stage, summary: `the ${stage} program of ${describeCase(c)} ${why}` });
  let programOfF: Program | undefined;
  for (const [stage, build] of stages) {
    const checked = checkProgram(build());
    if (E.isLeft(checked)) return fail(stage, `does not type-check: ${checked.left.message}`);
    if (stage === "f") programOfF = checked.right;
  }
  if (programOfF !== undefined) {
    const staged = numbersOfAll(evalProgram(programOfF, c.inputs));
    const direct = numbersOfAll(c.f(...c.inputs));
    for (const [leaf, values] of direct.entries()) {
      const other = staged[leaf];
      const index = values.findIndex((v, k) => other === undefined || !same(v, other[k] ?? Number.NaN));
      if (other === undefined || other.length !== values.length || index >= 0) {
        return fail("evaluation", `evaluates differently from f: output ${leaf}, element ${index}: ${fmt(other?.[index] ?? Number.NaN)} staged vs ${fmt(values[index] ?? Number.NaN)} direct`);
      }
    }
  }
  return { law: "programs type-check and evaluate like f", ok: true, stage: "", summary: `${c.label}: every program type-checks` };
}
