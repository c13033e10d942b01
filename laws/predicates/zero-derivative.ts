// Law: piecewise-constant and integer-valued operations (comparisons, argmax, sign, oneHot,
// iota, casts to int32 or bool, stopGradient) have derivative exactly zero: their jvp returns
// exact zeros for any tangent, not merely small numbers. Checked through jvp for a function
// of float inputs, and directly on a primitive's jvp rule (which also covers iota, which has no
// inputs and so never meets a tangent inside jvp).

import type { PrimTag } from "../../src/core/primitives.js";
import { jvpRules, type JvpRule, type Tangent } from "../../src/ad/jvp-rules.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { describeCase, type LawCase } from "../cases.js";
import { tygradDifferentiator, type Differentiator } from "../differentiator.js";
import { numbersOf, type Leaves } from "../numeric.js";
import { operandValues, type PrimApplication } from "../primitive-case.js";
import { fmt } from "./common.js";

export interface ZeroDerivativeResult {
  readonly law: "derivative is exactly zero";
  readonly ok: boolean;
  /** The first non-zero tangent element found (leaf, element, value), or -1s. */
  readonly leaf: number;
  readonly index: number;
  readonly value: number;
  readonly summary: string;
}

function firstNonZero(label: string, context: string, tangents: readonly (AnyTensor | null)[]): ZeroDerivativeResult {
  for (const [leaf, t] of tangents.entries()) {
    if (t === null) continue;
    const values = numbersOf(t);
    const index = values.findIndex((v) => v !== 0);
    if (index >= 0) {
      const value = values[index] ?? Number.NaN;
      return {
        law: "derivative is exactly zero", ok: false, leaf, index, value,
        summary: `${label} should have derivative exactly zero, but ${context}: output ${leaf}, element ${index} has tangent ${fmt(value)}`,
      };
    }
  }
  return { law: "derivative is exactly zero", ok: true, leaf: -1, index: -1, value: 0, summary: `${label}: derivative is exactly zero` };
}

/** jvp of f along a (non-zero) direction returns only exact zeros. */
export function jvpIsZero(c: LawCase, direction: Leaves, ad: Differentiator = tygradDifferentiator): ZeroDerivativeResult {
  const [, tangents] = ad.jvp(c.f, c.inputs, direction);
  return firstNonZero(c.label, `jvp of ${describeCase(c)} along ${direction.map((d) => JSON.stringify(d.toNested())).join(", ")}`, tangents);
}

const ruleOf = <P extends PrimTag>(rules: { readonly [Q in PrimTag]: JvpRule<Q> }, prim: P): JvpRule<P> => rules[prim];

/**
 * The primitive's jvp rule, given tangents for its differentiable operands (and symbolic zeros
 * for the others), returns a symbolic zero or an all-zero tangent.
 */
export function jvpRuleIsZero(
  app: PrimApplication, tangents: Leaves, rules: { readonly [Q in PrimTag]: JvpRule<Q> } = jvpRules,
): ZeroDerivativeResult {
  const primals = operandValues(app);
  let next = 0;
  const ts: Tangent[] = app.operands.map((a) => (a._tag === "diff" ? (tangents[next++] ?? null) : null));
  const [, tangent] = ruleOf(rules, app.prim)(primals, ts, app.params);
  return firstNonZero(app.prim, `its jvp rule was given tangents ${tangents.map((d) => JSON.stringify(d.toNested())).join(", ") || "(none)"}`, [tangent]);
}
