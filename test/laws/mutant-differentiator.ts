// tygrad's differentiation machinery with rule tables swapped for (broken) copies, without
// touching the real tables: forward mode runs in a JvpTrace subclass that looks rules up in an
// injected table, and the pullback transposes the (real) linearization with an injected
// transpose table (transposeProgram takes its table as a parameter for exactly this).

import { JvpTrace, JvpTracer } from "../../src/ad/jvp-trace.js";
import { instantiate, jvpRules, type JvpRule } from "../../src/ad/jvp-rules.js";
import { linearizeFlat } from "../../src/ad/linearize.js";
import { transposeProgram } from "../../src/ad/transpose.js";
import { transposeRules, type TransposeRule } from "../../src/ad/transpose-rules.js";
import type { Params, PrimTag } from "../../src/core/primitives.js";
import { avalOf, withMain, wrapTracer, type MainTrace } from "../../src/core/trace.js";
import { REPR, type AnyTensor } from "../../src/tensor/tensor.js";
import { tygradDifferentiator, type Differentiator } from "../../laws/differentiator.js";

export type JvpTable = { readonly [P in PrimTag]: JvpRule<P> };
export type TransposeTable = typeof transposeRules;

const partsOf = (x: AnyTensor): JvpTracer => {
  const r = x[REPR];
  if (!(r instanceof JvpTracer)) throw new Error("mutant jvp: expected a value of this jvp");
  return r;
};

/** Dual-number evaluation like JvpTrace, with each primitive's rule taken from `table`. */
class TableJvpTrace extends JvpTrace {
  constructor(main: MainTrace, private readonly table: JvpTable) {
    super(main);
  }
  override process<P extends PrimTag>(prim: P, inputs: readonly AnyTensor[], params: Params<P>): AnyTensor {
    const parts = inputs.map(partsOf);
    const rule: JvpRule<P> = this.table[prim];
    const [primal, tangent] = rule(parts.map((x) => x.primal), parts.map((x) => x.tangent), params);
    return wrapTracer(new JvpTracer(this, primal, tangent), avalOf(primal));
  }
}

const jvpWith = (table: JvpTable): Differentiator["jvp"] => (f, primals, tangents) =>
  withMain("jvp", (main) => new TableJvpTrace(main, table), undefined, (main) => {
    const trace = new TableJvpTrace(main, table);
    const inputs = primals.map((x, i) => wrapTracer(new JvpTracer(trace, x, tangents[i] ?? null), avalOf(x)));
    const outs = f(...inputs).map((o) => {
      const r = o[REPR];
      return r instanceof JvpTracer && r.trace.main === main ? r : new JvpTracer(trace, o, null);
    });
    return [outs.map((o) => o.primal), outs.map((o) => instantiate(o.tangent, o.primal))];
  });

/** jvp from `jvpTable`, the pullback from transposing with `transposeTable`; linearize stays tygrad's. */
export function mutantDifferentiator(name: string, jvpTable: JvpTable = jvpRules, transposeTable: TransposeTable = transposeRules): Differentiator {
  return {
    name,
    jvp: jvpWith(jvpTable),
    linearize: tygradDifferentiator.linearize,
    vjp: (f, primals) => {
      const { outputs, linear } = linearizeFlat(f, primals);
      return [outputs, (cotangents) => transposeProgram(linear, cotangents, transposeTable)];
    },
  };
}

/** The transpose rules with `prim`'s rule handing no cotangent to operand `operand` (a dropped term of the backward pass). */
export function dropOperand<P extends PrimTag>(prim: P, operand: number): TransposeTable {
  const real: TransposeRule<P> | undefined = transposeRules[prim];
  if (real === undefined) throw new Error(`${prim} has no transpose rule`);
  const dropped: TransposeRule<P> = (ct, inputs, params) => real(ct, inputs, params).map((c, i) => (i === operand ? null : c));
  return { ...transposeRules, [prim]: dropped };
}
