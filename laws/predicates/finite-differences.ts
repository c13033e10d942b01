// Law: forward mode agrees with central finite differences in a random direction u,
//
//     ∂f(x)·u  ≈  (f(x + h·u) − f(x − h·u)) / 2h,
//
// and jvp's primal output is f(x). The step h and the tolerance come from tolerance.ts
// (h = ε^(1/3)·max(1, ‖x‖∞), τ = C_fd·ε^(2/3)·√N·M). This is the one law that compares the
// derivative with the function itself, so it catches wrong jvp rules; the others check that
// the transformations agree with each other. Its reverse-mode twin below pairs both sides with
// a cotangent v, for functions that have no forward mode.

import { describeCase, type LawCase } from "../cases.js";
import { tygradDifferentiator, type Differentiator } from "../differentiator.js";
import {
  axpy, differenceQuotient, dotNumbers, inner, maxAbs, numbersOfAll, totalSize, worstDisagreement, type Leaves,
} from "../numeric.js";
import {
  arrayScale, finiteDifferenceStep, finiteDifferenceTolerance, oneSidedStep, oneSidedTolerance, roundingTolerance,
} from "../tolerance.js";
import { cotangentsFor, floatLeaves, fmt, within } from "./common.js";

export interface FiniteDifferenceResult {
  readonly law: "jvp matches finite differences";
  readonly ok: boolean;
  /** The step h. */
  readonly step: number;
  /** The output leaf and element (row-major) where jvp and the difference quotient differ most. */
  readonly output: number;
  readonly index: number;
  /** jvp's tangent there. */
  readonly analytic: number;
  /** The central difference there. */
  readonly numeric: number;
  readonly difference: number;
  readonly tolerance: number;
  /** max |jvp's primal − f(x)| and its tolerance. */
  readonly primalDifference: number;
  readonly primalTolerance: number;
  readonly summary: string;
}

export function jvpMatchesFiniteDifferences(c: LawCase, direction: Leaves, ad: Differentiator = tygradDifferentiator): FiniteDifferenceResult {
  const x = c.inputs;
  const y = c.f(...x);
  const [primal, tangent] = ad.jvp(c.f, x, direction);

  const h = finiteDifferenceStep(c.precision, maxAbs(x));
  const plus = floatLeaves(c.f(...axpy(x, h, direction)));
  const minus = floatLeaves(c.f(...axpy(x, -h, direction)));
  const numeric = differenceQuotient(plus, minus, 2 * h);
  const analytic = numbersOfAll(floatLeaves(tangent));
  const worst = worstDisagreement(analytic, numeric);
  const magnitude = Math.max(1, maxAbs(floatLeaves(y)), maxAbs(floatLeaves(tangent)));
  const tolerance = finiteDifferenceTolerance(c.precision, totalSize(x), magnitude);

  const primalWorst = worstDisagreement(numbersOfAll(primal), numbersOfAll(y));
  const primalTolerance = roundingTolerance(c.precision, arrayScale(totalSize(y), Math.max(1, maxAbs(y))));
  const ok = within(worst.difference, tolerance) && within(primalWorst.difference, primalTolerance) &&
    primal.length === y.length && tangent.length === y.length;

  const summary = ok
    ? `${c.label}: jvp matches finite differences (worst difference ${fmt(worst.difference)} ≤ ${fmt(tolerance)})`
    : [
        `jvp disagrees with central finite differences for ${describeCase(c)}`,
        `  direction u = ${direction.map((d) => JSON.stringify(d.toNested())).join(", ")}, step h = ${fmt(h)}`,
        primal.length !== y.length || tangent.length !== y.length
          ? `  jvp returned ${primal.length} primal and ${tangent.length} tangent outputs for ${y.length} outputs`
          : `  output ${worst.leaf}, element ${worst.index}: analytic (jvp) ${fmt(worst.left)}, numeric (finite difference) ${fmt(worst.right)}`,
        `  |analytic − numeric| = ${fmt(worst.difference)}, tolerance ${fmt(tolerance)}`,
        `  |jvp primal − f(x)| = ${fmt(primalWorst.difference)}, tolerance ${fmt(primalTolerance)}`,
      ].join("\n");
  return {
    law: "jvp matches finite differences", ok, step: h, output: worst.leaf, index: worst.index,
    analytic: worst.left, numeric: worst.right, difference: worst.difference, tolerance,
    primalDifference: primalWorst.difference, primalTolerance, summary,
  };
}

export interface ReverseFiniteDifferenceResult {
  readonly law: "vjp matches finite differences";
  readonly ok: boolean;
  readonly step: number;
  /** ⟨u, vjp(v)⟩ */
  readonly analytic: number;
  /** ⟨(f(x + h·u) − f(x − h·u)) / 2h, v⟩ */
  readonly numeric: number;
  readonly difference: number;
  readonly tolerance: number;
  readonly summary: string;
}

/**
 * Reverse mode against finite differences, without forward mode (for functions with only a
 * reverse-mode rule, such as customVjp): ⟨u, vjp(v)⟩ ≈ ⟨(f(x + h·u) − f(x − h·u)) / 2h, v⟩.
 * Step as for the jvp law; tolerance τ·‖v‖₁ with τ the jvp law's elementwise tolerance
 * (M = max(1, ‖f(x)‖∞, ‖vjp(v)‖∞)), since the pairing sums elementwise errors weighted by v.
 * `cotangent` holds one tensor per float output of f.
 */
export function vjpMatchesFiniteDifferences(c: LawCase, direction: Leaves, cotangent: Leaves, ad: Differentiator = tygradDifferentiator): ReverseFiniteDifferenceResult {
  const [outputs, pullback] = ad.vjp(c.f, c.inputs);
  const back = pullback(cotangentsFor(outputs, cotangent));
  const analytic = inner(direction, back);
  const h = finiteDifferenceStep(c.precision, maxAbs(c.inputs));
  const plus = floatLeaves(c.f(...axpy(c.inputs, h, direction)));
  const minus = floatLeaves(c.f(...axpy(c.inputs, -h, direction)));
  const numeric = dotNumbers(differenceQuotient(plus, minus, 2 * h), numbersOfAll(cotangent));
  const difference = Math.abs(analytic - numeric);
  const magnitude = Math.max(1, maxAbs(floatLeaves(outputs)), maxAbs(back));
  const weight = numbersOfAll(cotangent).reduce((s, v) => s + v.reduce((t, x) => t + Math.abs(x), 0), 0);
  const tolerance = finiteDifferenceTolerance(c.precision, totalSize(c.inputs), magnitude) * Math.max(1, weight);
  const ok = within(difference, tolerance);
  const summary = ok
    ? `${c.label}: vjp matches finite differences (difference ${fmt(difference)} ≤ ${fmt(tolerance)})`
    : [
        `vjp disagrees with central finite differences for ${describeCase(c)}`,
        `  direction u = ${direction.map((d) => JSON.stringify(d.toNested())).join(", ")}, step h = ${fmt(h)}`,
        `  cotangent v = ${cotangent.map((d) => JSON.stringify(d.toNested())).join(", ")}`,
        `  analytic ⟨u, vjp(v)⟩ = ${fmt(analytic)}, numeric ⟨finite difference, v⟩ = ${fmt(numeric)}`,
        `  difference ${fmt(difference)}, tolerance ${fmt(tolerance)}`,
      ].join("\n");
  return { law: "vjp matches finite differences", ok, step: h, analytic, numeric, difference, tolerance, summary };
}

/** As for the central law (the worst element, its analytic value and the nearest end of the
 *  interval between the one-sided differences), without the primal comparison. */
export interface OneSidedResult extends Omit<FiniteDifferenceResult, "law" | "primalDifference" | "primalTolerance"> {
  readonly law: "jvp lies between the one-sided differences";
}

/**
 * Law at a kink: where the derivative jumps (relu at 0), jvp gives a derivative between the two
 * one-sided ones (one of them, as relu′(0) = 0, or a blend, as max splits a tie), so each output
 * element of ∂f(x)·u lies between the forward difference (f(x + h₁u) − f(x)) / h₁ and the
 * backward one (f(x) − f(x − h₁u)) / h₁, up to the tolerance (step and tolerance:
 * tolerance.ts). Away from a kink the two differences agree and the law is the derivative
 * itself. Elementwise, so it is exact for functions that act on each input element at its kink
 * (activations, abs, clipping); an output that sums such elements lies between the sums.
 */
export function jvpMatchesOneSidedDifferences(c: LawCase, direction: Leaves, ad: Differentiator = tygradDifferentiator): OneSidedResult {
  const x = c.inputs;
  const y = floatLeaves(c.f(...x));
  const [, tangent] = ad.jvp(c.f, x, direction);
  const h = oneSidedStep(c.precision, maxAbs(x));
  const plus = floatLeaves(c.f(...axpy(x, h, direction)));
  const minus = floatLeaves(c.f(...axpy(x, -h, direction)));
  const forward = differenceQuotient(plus, y, h);
  const backward = differenceQuotient(y, minus, h);
  const analytic = numbersOfAll(floatLeaves(tangent));
  // The nearest point of [min(forward, backward), max(forward, backward)], element by element.
  const nearer = analytic.map((a, i) => a.map((v, k) => {
    const f = forward[i]?.[k] ?? Number.NaN;
    const b = backward[i]?.[k] ?? Number.NaN;
    return Math.min(Math.max(v, Math.min(f, b)), Math.max(f, b));
  }));
  const worst = worstDisagreement(analytic, nearer);
  const magnitude = Math.max(1, maxAbs(y), maxAbs(floatLeaves(tangent)));
  const tolerance = oneSidedTolerance(c.precision, totalSize(x), magnitude);
  const ok = within(worst.difference, tolerance) && analytic.length === y.length;
  const summary = ok
    ? `${c.label}: jvp lies between the one-sided differences (worst difference ${fmt(worst.difference)} ≤ ${fmt(tolerance)})`
    : [
        `jvp lies outside the one-sided differences at a kink for ${describeCase(c)}`,
        `  direction u = ${direction.map((d) => JSON.stringify(d.toNested())).join(", ")}, step h = ${fmt(h)}`,
        `  output ${worst.leaf}, element ${worst.index}: analytic (jvp) ${fmt(worst.left)}, nearest one-sided difference ${fmt(worst.right)}`,
        `  |analytic − numeric| = ${fmt(worst.difference)}, tolerance ${fmt(tolerance)}`,
      ].join("\n");
  return {
    law: "jvp lies between the one-sided differences", ok, step: h, output: worst.leaf, index: worst.index,
    analytic: worst.left, numeric: worst.right, difference: worst.difference, tolerance, summary,
  };
}
