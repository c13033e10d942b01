// Laws tying the derived transformations to the ones they are derived from:
//
//   linearize agrees with jvp:   linearize(f, x) = (f(x), L) with L(u) = jvp(f, x, u)
//   grad is vjp seeded with 1:   for the loss s(x) = ⟨w, f(x)⟩,
//                                grad(s)(x) = vjp(s, x)(1) = vjp(f, x)(w)
//
// Both sides are rounded results of the same exact quantity: tolerance C_round·(ε·√N·M + η),
// M the largest magnitude among the two sides and the vector they were computed from (u or
// w; see linearity.ts for why). They catch a linearization that drops or duplicates work, and
// a grad that seeds or unpacks the pullback wrongly.

import { grad, vjp } from "../../src/ad/api.js";
import { scalar } from "../../src/tensor/create.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { describeCase, type LawCase } from "../cases.js";
import { tygradDifferentiator, type Differentiator } from "../differentiator.js";
import { maxAbs, numbersOfAll, totalSize, worstDisagreement, type Disagreement, type Leaves } from "../numeric.js";
import { arrayScale, roundingTolerance } from "../tolerance.js";
import { asLoss, cotangentsFor, floatLeaves, fmt, pairing, within } from "./common.js";

export interface AgreementResult {
  readonly law: "linearize agrees with jvp" | "grad is vjp seeded with 1";
  readonly ok: boolean;
  /** What was compared with what, e.g. "L(u) vs jvp(u)". */
  readonly comparison: string;
  readonly leaf: number;
  readonly index: number;
  readonly left: number;
  readonly right: number;
  readonly difference: number;
  readonly tolerance: number;
  readonly summary: string;
}

interface Comparison {
  readonly name: string;
  readonly left: Leaves;
  readonly right: Leaves;
}

/** The worst of several comparisons, each judged against its own rounding tolerance. */
function judge(law: AgreementResult["law"], c: LawCase, from: Leaves, comparisons: readonly Comparison[], context: string): AgreementResult {
  let verdict: { comparison: Comparison; worst: Disagreement; tolerance: number } | undefined;
  for (const comparison of comparisons) {
    const worst = worstDisagreement(numbersOfAll(comparison.left), numbersOfAll(comparison.right));
    const sizes = comparison.left.length === comparison.right.length &&
      comparison.left.every((l, i) => l.size === comparison.right[i]?.size);
    const magnitude = Math.max(maxAbs(comparison.left), maxAbs(comparison.right), maxAbs(from));
    const tolerance = roundingTolerance(c.precision, arrayScale(totalSize(c.inputs), magnitude));
    const failed = !sizes || !within(worst.difference, tolerance);
    if (verdict === undefined || failed) verdict = { comparison, worst: sizes ? worst : { ...worst, difference: Number.NaN }, tolerance };
    if (failed) break;
  }
  const v = verdict ?? { comparison: { name: "nothing", left: [], right: [] }, worst: worstDisagreement([], []), tolerance: 0 };
  const ok = within(v.worst.difference, v.tolerance);
  const summary = ok
    ? `${c.label}: ${law}`
    : [
        `${law} fails for ${describeCase(c)}`,
        `  ${context}`,
        `  ${v.comparison.name}: leaf ${v.worst.leaf}, element ${v.worst.index}: ${fmt(v.worst.left)} vs ${fmt(v.worst.right)}`,
        `  difference ${fmt(v.worst.difference)}, tolerance ${fmt(v.tolerance)}`,
      ].join("\n");
  return {
    law, ok, comparison: v.comparison.name, leaf: v.worst.leaf, index: v.worst.index, left: v.worst.left, right: v.worst.right,
    difference: v.worst.difference, tolerance: v.tolerance, summary,
  };
}

export function linearizeMatchesJvp(c: LawCase, direction: Leaves, ad: Differentiator = tygradDifferentiator): AgreementResult {
  const y = c.f(...c.inputs);
  const [outputs, linear] = ad.linearize(c.f, c.inputs);
  const [, tangent] = ad.jvp(c.f, c.inputs, direction);
  return judge("linearize agrees with jvp", c, direction, [
    { name: "linearize's output vs f(x)", left: outputs, right: y },
    { name: "L(u) vs jvp(u)", left: floatLeaves(linear(direction)), right: floatLeaves(tangent) },
  ], `u = ${direction.map((d) => JSON.stringify(d.toNested())).join(", ")}`);
}

/** `weights` holds one tensor per float output of f: the w of the loss ⟨w, f(x)⟩. */
export function gradMatchesVjp(c: LawCase, weights: Leaves, ad: Differentiator = tygradDifferentiator): AgreementResult {
  const loss = (xs: readonly AnyTensor[]) => asLoss(pairing(c.f(...xs), weights));
  const g = grad(loss)(c.inputs);
  const [, pullback] = vjp(loss, c.inputs);
  const [seeded] = pullback(scalar(1, "float64"));
  const [outputs, pullbackOfF] = ad.vjp(c.f, c.inputs);
  const ofF = pullbackOfF(cotangentsFor(outputs, weights));
  return judge("grad is vjp seeded with 1", c, weights, [
    { name: "grad(s) vs vjp(s)(1)", left: g, right: seeded },
    { name: "grad(s) vs vjp(f)(w)", left: g, right: ofF },
  ], `w = ${weights.map((d) => JSON.stringify(d.toNested())).join(", ")}, s(x) = ⟨w, f(x)⟩`);
}
