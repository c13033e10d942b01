// Law: the dot-product (adjoint) identity. For the linear map J = ∂f(x), its transpose Jᵀ is
// defined by ⟨u, Jᵀv⟩ = ⟨Ju, v⟩ for all u, v. jvp computes Ju and vjp computes Jᵀv by
// transposing the linearized program, so for random u and v
//
//     ⟨u, vjp(v)⟩ = ⟨jvp(u), v⟩
//
// holds up to rounding only: the tolerance is C_round·(ε·S + η) with
//
//     S = ‖u‖₂·‖Jᵀv‖₂ + ‖Ju‖₂·‖v‖₂,
//
// the Cauchy–Schwarz bounds of the two sides. Unlike Σ|uᵢ·(Jᵀv)ᵢ|, S does not shrink when u
// happens to meet only entries that cancel (a variance at an element equal to the mean). No
// finite differences are involved, so this tests every transpose rule tightly, including for
// functions with kinks.

import { describeCase, type LawCase } from "../cases.js";
import { tygradDifferentiator, type Differentiator } from "../differentiator.js";
import { inner, norm2, type Leaves } from "../numeric.js";
import { roundingTolerance } from "../tolerance.js";
import { cotangentsFor, floatLeaves, fmt, within } from "./common.js";

export interface DotProductResult {
  readonly law: "dot-product identity";
  readonly ok: boolean;
  /** ⟨u, vjp(v)⟩ */
  readonly reverse: number;
  /** ⟨jvp(u), v⟩ */
  readonly forward: number;
  readonly difference: number;
  readonly tolerance: number;
  readonly summary: string;
}

const sameAvals = (a: Leaves, b: Leaves): boolean =>
  a.length === b.length && a.every((x, i) => {
    const y = b[i];
    return y !== undefined && x.dtype === y.dtype && x.shape.length === y.shape.length && x.shape.every((d, k) => d === y.shape[k]);
  });

/** `cotangent` holds one tensor per float output of f (in order); other outputs get zero cotangents. */
export function dotProductIdentity(c: LawCase, direction: Leaves, cotangent: Leaves, ad: Differentiator = tygradDifferentiator): DotProductResult {
  const [outputs, tangent] = ad.jvp(c.f, c.inputs, direction);
  const [, pullback] = ad.vjp(c.f, c.inputs);
  const back = pullback(cotangentsFor(outputs, cotangent));
  const shapesOk = sameAvals(back, c.inputs);
  const reverse = inner(direction, back);
  const forward = inner(floatLeaves(tangent), cotangent);
  const difference = Math.abs(reverse - forward);
  const scale = norm2(direction) * norm2(back) + norm2(floatLeaves(tangent)) * norm2(cotangent);
  const tolerance = roundingTolerance(c.precision, scale);
  const ok = shapesOk && within(difference, tolerance);
  const summary = ok
    ? `${c.label}: ⟨u, vjp(v)⟩ = ⟨jvp(u), v⟩ (difference ${fmt(difference)} ≤ ${fmt(tolerance)})`
    : [
        `the dot-product identity ⟨u, vjp(v)⟩ = ⟨jvp(u), v⟩ fails for ${describeCase(c)}`,
        `  u = ${direction.map((d) => JSON.stringify(d.toNested())).join(", ")}`,
        `  v = ${cotangent.map((d) => JSON.stringify(d.toNested())).join(", ")}`,
        shapesOk ? `  vjp(v) = ${back.map((d) => JSON.stringify(d.toNested())).join(", ")}` : `  vjp returned cotangents of shapes ${back.map((b) => `${b.dtype}[${b.shape.join(",")}]`).join(", ")} for inputs ${c.inputs.map((b) => `${b.dtype}[${b.shape.join(",")}]`).join(", ")}`,
        `  ⟨u, vjp(v)⟩ = ${fmt(reverse)}, ⟨jvp(u), v⟩ = ${fmt(forward)}`,
        `  difference ${fmt(difference)}, tolerance ${fmt(tolerance)}`,
      ].join("\n");
  return { law: "dot-product identity", ok, reverse: reverse, forward: forward, difference, tolerance, summary };
}
