// Second-order laws, on the loss s(x) = ⟨w, f(x)⟩ for a random w:
//
//   hvp agrees with finite differences of grad:
//       ∇²s(x)·u ≈ (∇s(x + h·u) − ∇s(x − h·u)) / 2h        (step and tolerance as for jvp)
//   the Hessian is symmetric:
//       H = jacfwd(grad(s)) satisfies H_ab = H_ba          (tolerance C_round·ε·√k·max(1, |H|max))
//
// hvp is forward-over-reverse (jvp of grad), so the first law checks that jvp differentiates
// the transposed program correctly. The Hessian is taken over a few coordinates S of x (its
// principal submatrix H_SS, which is symmetric when H is): s restricted to x(z) = x₀ + E·z,
// where E puts the k entries of z at the coordinates S, has Hessian Eᵀ·H·E = H_SS.

import * as lax from "../../src/core/lax.js";
import { grad } from "../../src/ad/api.js";
import { hessian, hvp } from "../../src/ad/jacobian.js";
import { fromArray } from "../../src/tensor/create.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import { describeCase, type LawCase } from "../cases.js";
import {
  axpy, differenceQuotient, maxAbs, numbersOf, numbersOfAll, totalSize, worstDisagreement, type Leaves,
} from "../numeric.js";
import { arrayScale, finiteDifferenceStep, finiteDifferenceTolerance, roundingTolerance } from "../tolerance.js";
import { asLoss, fmt, pairing, within } from "./common.js";

export interface HvpResult {
  readonly law: "hvp matches finite differences of grad";
  readonly ok: boolean;
  readonly step: number;
  readonly leaf: number;
  readonly index: number;
  /** (∇²s·u) there, by hvp. */
  readonly analytic: number;
  /** The central difference of ∇s there. */
  readonly numeric: number;
  readonly difference: number;
  readonly tolerance: number;
  readonly summary: string;
}

/** `weights` holds one tensor per float output of f. */
export function hvpMatchesFiniteDifferences(c: LawCase, weights: Leaves, direction: Leaves): HvpResult {
  const loss = (xs: readonly AnyTensor[]) => asLoss(pairing(c.f(...xs), weights));
  const gradient = grad(loss);
  const hu = hvp(loss, c.inputs, [...direction]);
  const h = finiteDifferenceStep(c.precision, maxAbs(c.inputs));
  const numeric = differenceQuotient(gradient(axpy(c.inputs, h, direction)), gradient(axpy(c.inputs, -h, direction)), 2 * h);
  const worst = worstDisagreement(numbersOfAll(hu), numeric);
  const magnitude = Math.max(1, maxAbs(gradient(c.inputs)), maxAbs(hu));
  const tolerance = finiteDifferenceTolerance(c.precision, totalSize(c.inputs), magnitude);
  const ok = within(worst.difference, tolerance);
  const summary = ok
    ? `${c.label}: hvp matches finite differences of grad`
    : [
        `hvp disagrees with finite differences of grad for ${describeCase(c)}`,
        `  loss s(x) = ⟨w, f(x)⟩ with w = ${weights.map((d) => JSON.stringify(d.toNested())).join(", ")}`,
        `  direction u = ${direction.map((d) => JSON.stringify(d.toNested())).join(", ")}, step h = ${fmt(h)}`,
        `  input ${worst.leaf}, element ${worst.index}: analytic (hvp) ${fmt(worst.left)}, numeric ${fmt(worst.right)}`,
        `  difference ${fmt(worst.difference)}, tolerance ${fmt(tolerance)}`,
      ].join("\n");
  return {
    law: "hvp matches finite differences of grad", ok, step: h, leaf: worst.leaf, index: worst.index,
    analytic: worst.left, numeric: worst.right, difference: worst.difference, tolerance, summary,
  };
}

export interface SymmetryResult {
  readonly law: "the Hessian is symmetric";
  readonly ok: boolean;
  /** The flat input coordinates the Hessian was taken over. */
  readonly coordinates: readonly number[];
  /** The principal submatrix H_SS, row-major k×k. */
  readonly hessian: readonly number[];
  /** The worst pair (a, b) of positions in `coordinates`. */
  readonly a: number;
  readonly b: number;
  readonly difference: number;
  readonly tolerance: number;
  readonly summary: string;
}

/** x(z) = x₀ + E·z: the inputs with the entries at `coordinates` (flat, across leaves) replaced by z. */
function embed(xs: Leaves, coordinates: readonly number[]): (z: AnyTensor) => AnyTensor[] {
  const k = coordinates.length;
  let offset = 0;
  const parts = xs.map((x) => {
    const base = numbersOf(x);
    const select = new Float64Array(x.size * k); // E for this leaf: n × k, E[i, j] = 1 when coordinate j is element i
    coordinates.forEach((c, j) => {
      const i = c - offset;
      if (i >= 0 && i < x.size) {
        base[i] = 0;
        select[i * k + j] = 1;
      }
    });
    offset += x.size;
    return { x, base: fromArray(base, [x.size], "float64"), select: fromArray(select, [x.size, k], "float64") };
  });
  return (z) => parts.map(({ x, base, select }) => {
    const column = lax.reshape(lax.dot(select, lax.reshape(z, [k, 1])), [x.size]);
    return lax.reshape(lax.convert(lax.add(base, column), x.dtype), x.shape);
  });
}

/** `weights` holds one tensor per float output of f; `coordinates` are distinct flat input positions. */
export function hessianIsSymmetric(c: LawCase, weights: Leaves, coordinates: readonly number[]): SymmetryResult {
  const k = coordinates.length;
  const flat = c.inputs.flatMap((x) => Array.from(numbersOf(x)));
  const z0: Tensor<[number], "float64"> = fromArray(coordinates.map((i) => flat[i] ?? 0), [k], "float64");
  const at = embed(c.inputs, coordinates);
  const restricted = (z: Tensor<[number], "float64">): Tensor<[], "float64"> => pairing(c.f(...at(z)), weights);
  const h = Array.from(hessian(restricted)(z0).toArray());
  let worst = { a: -1, b: -1, difference: 0 };
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const difference = Math.abs((h[a * k + b] ?? 0) - (h[b * k + a] ?? 0));
      if (Number.isNaN(difference) || difference > worst.difference) worst = { a, b, difference };
    }
  }
  const tolerance = roundingTolerance(c.precision, arrayScale(k, Math.max(1, h.reduce((m, v) => Math.max(m, Math.abs(v)), 0))));
  const ok = within(worst.difference, tolerance) && h.every(Number.isFinite);
  const summary = ok
    ? `${c.label}: the Hessian is symmetric`
    : [
        `the Hessian jacfwd(grad(s)) is not symmetric for ${describeCase(c)}`,
        `  loss s(x) = ⟨w, f(x)⟩ with w = ${weights.map((d) => JSON.stringify(d.toNested())).join(", ")}`,
        `  over input coordinates ${JSON.stringify(coordinates)}: H = ${JSON.stringify(h)} (${k}×${k}, row-major)`,
        `  H[${worst.a}, ${worst.b}] = ${fmt(h[worst.a * k + worst.b] ?? Number.NaN)}, H[${worst.b}, ${worst.a}] = ${fmt(h[worst.b * k + worst.a] ?? Number.NaN)}`,
        `  difference ${fmt(worst.difference)}, tolerance ${fmt(tolerance)}`,
      ].join("\n");
  return { law: "the Hessian is symmetric", ok, coordinates, hessian: h, a: worst.a, b: worst.b, difference: worst.difference, tolerance, summary };
}
