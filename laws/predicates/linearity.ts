// Law: the jvp is linear in the tangent. ∂f(x) is a linear map, so for tangents u, w and
// numbers a, b
//
//     jvp(x; a·u + b·w) = a·jvp(x; u) + b·jvp(x; w)
//
// up to rounding: tolerance C_round·(ε·√N·M + η) with M = |a|·(‖u‖∞ + ‖Ju‖∞) + |b|·(‖w‖∞ + ‖Jw‖∞).
// M includes the tangents before the map because a map that cancels (the mean of +w and −w)
// returns a small result carrying the rounding error of its large terms. A rule that squares
// its tangent, adds a constant to it, or mixes up a primal with a tangent breaks this law.

import { describeCase, type LawCase } from "../cases.js";
import { tygradDifferentiator, type Differentiator } from "../differentiator.js";
import { maxAbs, numbersOf, numbersOfAll, tensorLike, totalSize, worstDisagreement, type Leaves } from "../numeric.js";
import { arrayScale, roundingTolerance } from "../tolerance.js";
import { floatLeaves, fmt, within } from "./common.js";

export interface LinearityResult {
  readonly law: "jvp is linear in the tangent";
  readonly ok: boolean;
  readonly output: number;
  readonly index: number;
  /** jvp(x; a·u + b·w) there. */
  readonly combined: number;
  /** a·jvp(x; u) + b·jvp(x; w) there. */
  readonly separate: number;
  readonly difference: number;
  readonly tolerance: number;
  readonly summary: string;
}

/** a·us + b·ws, computed on the numbers. */
const combine = (a: number, us: Leaves, b: number, ws: Leaves): Leaves =>
  us.map((u, i) => {
    const x = numbersOf(u);
    const y = ws[i] === undefined ? new Float64Array(x.length) : numbersOf(ws[i]);
    return tensorLike(u, x.map((v, k) => a * v + b * (y[k] ?? 0)));
  });

export function jvpIsLinear(c: LawCase, u: Leaves, w: Leaves, a: number, b: number, ad: Differentiator = tygradDifferentiator): LinearityResult {
  const ju = floatLeaves(ad.jvp(c.f, c.inputs, u)[1]);
  const jw = floatLeaves(ad.jvp(c.f, c.inputs, w)[1]);
  const jc = floatLeaves(ad.jvp(c.f, c.inputs, combine(a, u, b, w))[1]);
  const jwNumbers = numbersOfAll(jw);
  const expected = numbersOfAll(ju).map((x, i) => {
    const y = jwNumbers[i] ?? new Float64Array(x.length);
    return x.map((v, k) => a * v + b * (y[k] ?? 0));
  });
  const worst = worstDisagreement(numbersOfAll(jc), expected);
  const magnitude = Math.abs(a) * (maxAbs(u) + maxAbs(ju)) + Math.abs(b) * (maxAbs(w) + maxAbs(jw));
  const tolerance = roundingTolerance(c.precision, arrayScale(totalSize(c.inputs), magnitude));
  const ok = within(worst.difference, tolerance);
  const summary = ok
    ? `${c.label}: jvp is linear in the tangent (difference ${fmt(worst.difference)} ≤ ${fmt(tolerance)})`
    : [
        `jvp is not linear in the tangent for ${describeCase(c)}`,
        `  a = ${fmt(a)}, u = ${u.map((d) => JSON.stringify(d.toNested())).join(", ")}`,
        `  b = ${fmt(b)}, w = ${w.map((d) => JSON.stringify(d.toNested())).join(", ")}`,
        `  output ${worst.leaf}, element ${worst.index}: jvp(a·u + b·w) = ${fmt(worst.left)}, a·jvp(u) + b·jvp(w) = ${fmt(worst.right)}`,
        `  difference ${fmt(worst.difference)}, tolerance ${fmt(tolerance)}`,
      ].join("\n");
  return {
    law: "jvp is linear in the tangent", ok, output: worst.leaf, index: worst.index, combined: worst.left, separate: worst.right,
    difference: worst.difference, tolerance, summary,
  };
}
