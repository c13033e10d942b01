// Algebraic laws of the ops, in float64:
//
//   add commutes                        a + b = b + a                     (exactly: one rounding of the same sum)
//   broadcasting is broadcastTo         a ∘ b = broadcastTo(a, s) ∘ broadcastTo(b, s)   (exactly)
//   reshape round-trips                 reshape(reshape(x, s), shape(x)) = x, keeping row-major order (exactly)
//   transpose is an involution          transpose(transpose(x)) = x, permute by p then p⁻¹ is x (exactly)
//   matmul associates                   (AB)C ≈ A(BC)
//   the sum is a sum of sums            Σ x ≈ Σ_rest (Σ_axis x)
//
// The two approximate laws use the classic rounding bounds, computed here on plain numbers:
// |fl(AB) − AB| ≤ k·ε·|A||B| per element for inner dimension k, so
//     |(AB)C − A(BC)| ≤ 2·(k₁ + k₂ + 1)·(ε·(|A||B||C|) + η·(1 + Σ|C|))   (k₁, k₂ the inner dimensions)
// and a sum of n terms in any order is within n·ε·Σ|xᵢ| of the exact sum, so two orders differ
// by at most 2·n·(ε·Σ|xᵢ| + η). (ε = 2⁻⁵², twice the unit roundoff, as a margin; η, the
// smallest subnormal, bounds the absolute error of each product or sum that underflows.)

import type { AnyTensor } from "../../src/tensor/tensor.js";
import { show } from "../cases.js";
import { numbersOf } from "../numeric.js";
import { EPSILON, SMALLEST } from "../tolerance.js";
import { untypedOp, type OpName } from "../untyped-ops.js";
import { fmt } from "./common.js";

export interface AlgebraResult {
  readonly law: string;
  readonly ok: boolean;
  readonly index: number;
  readonly left: number;
  readonly right: number;
  readonly difference: number;
  readonly tolerance: number;
  readonly summary: string;
}

const sameShape = (a: AnyTensor, b: AnyTensor): boolean =>
  a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);

/** Compares two tensors elementwise against per-element tolerances (0 for exact laws). */
function compare(law: string, left: AnyTensor, right: AnyTensor, tolerance: (index: number) => number, context: string): AlgebraResult {
  if (!sameShape(left, right)) {
    return {
      law, ok: false, index: -1, left: Number.NaN, right: Number.NaN, difference: Number.NaN, tolerance: 0,
      summary: `${law} fails for ${context}: ${left.dtype}[${left.shape.join(",")}] vs ${right.dtype}[${right.shape.join(",")}]`,
    };
  }
  const [l, r] = [numbersOf(left), numbersOf(right)];
  // The element that exceeds its tolerance the most (NaN counts as exceeding).
  let index = -1;
  let excess = 0;
  l.forEach((v, i) => {
    const e = Math.abs(v - (r[i] ?? Number.NaN)) - tolerance(i);
    if (!(e <= excess)) [index, excess] = [i, e];
  });
  if (index < 0) return { law, ok: true, index, left: 0, right: 0, difference: 0, tolerance: 0, summary: law };
  const [lv, rv] = [l[index] ?? Number.NaN, r[index] ?? Number.NaN];
  const difference = Math.abs(lv - rv);
  return {
    law, ok: false, index, left: lv, right: rv, difference, tolerance: tolerance(index),
    summary: `${law} fails for ${context}: element ${index}: ${fmt(lv)} vs ${fmt(rv)}, difference ${fmt(difference)}, tolerance ${fmt(tolerance(index))}`,
  };
}

const exact = (): number => 0;
const add = untypedOp("add");

export const addCommutes = (a: AnyTensor, b: AnyTensor): AlgebraResult =>
  compare("add commutes", add(a, b), add(b, a), exact, `a = ${show(a)}, b = ${show(b)}`);

/** For a broadcasting binary op: op(a, b) equals op on both operands explicitly broadcast to their common shape. */
export function broadcastingMatchesBroadcastTo(op: OpName, a: AnyTensor, b: AnyTensor, shape: readonly number[]): AlgebraResult {
  const f = untypedOp(op);
  const to = untypedOp("broadcastTo");
  return compare(`${op} broadcasts like broadcastTo`, f(a, b), f(to(a, shape), to(b, shape)), exact, `a = ${show(a)}, b = ${show(b)}, target ${JSON.stringify(shape)}`);
}

/** reshape to `shape` keeps the row-major elements, and reshaping back gives x. */
export function reshapeRoundTrips(x: AnyTensor, shape: readonly number[]): AlgebraResult {
  const reshape = untypedOp("reshape");
  const there = reshape(x, shape);
  const context = `x = ${show(x)}, via ${JSON.stringify(shape)}`;
  const sameOrder = compare("reshape keeps the row-major order", untypedOp("flatten")(there), untypedOp("flatten")(x), exact, context);
  return sameOrder.ok ? compare("reshape round-trips", reshape(there, x.shape), x, exact, context) : sameOrder;
}

/** transpose∘transpose = id, and permute by p then by p⁻¹ = id. */
export function transposeIsInvolution(x: AnyTensor, perm: readonly number[]): AlgebraResult {
  const transpose = untypedOp("transpose");
  const permute = untypedOp("permute");
  const twice = compare("transpose is an involution", transpose(transpose(x)), x, exact, `x = ${show(x)}`);
  if (!twice.ok) return twice;
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return compare("permute by p then p⁻¹ is the identity", permute(permute(x, perm), inverse), x, exact, `x = ${show(x)}, p = ${JSON.stringify(perm)}`);
}

/** |A|·|B| on plain numbers, for [m, k] × [k, n] row-major matrices. */
function absProduct(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) {
    out[i * n + j] = (out[i * n + j] ?? 0) + Math.abs(a[i * k + p] ?? 0) * Math.abs(b[p * n + j] ?? 0);
  }
  return out;
}

/** (AB)C ≈ A(BC) for matrices A: [m, k₁], B: [k₁, k₂], C: [k₂, n]. */
export function matmulAssociates(a: AnyTensor, b: AnyTensor, c: AnyTensor): AlgebraResult {
  const matmul = untypedOp("matmul");
  const [m = 0, k1 = 0] = a.shape;
  const [, k2 = 0] = b.shape;
  const [, n = 0] = c.shape;
  const bound = absProduct(absProduct(numbersOf(a), numbersOf(b), m, k1, k2), numbersOf(c), m, k2, n);
  const gamma = 2 * (k1 + k2 + 1);
  const underflow = SMALLEST.float64 * (1 + numbersOf(c).reduce((s, v) => s + Math.abs(v), 0));
  return compare("matmul associates", matmul(matmul(a, b), c), matmul(a, matmul(b, c)), (i) => gamma * (EPSILON.float64 * (bound[i] ?? 0) + underflow),
    `A = ${show(a)}, B = ${show(b)}, C = ${show(c)}`);
}

/** sum(x) ≈ sum(sum(x, axis)). */
export function sumOfSums(x: AnyTensor, axis: number): AlgebraResult {
  const sum = untypedOp("sum");
  const total = numbersOf(x).reduce((s, v) => s + Math.abs(v), 0);
  const tolerance = 2 * x.size * (EPSILON.float64 * total + SMALLEST.float64);
  return compare("the sum is a sum of sums", sum(x), sum(sum(x, axis)), () => tolerance, `x = ${show(x)}, axis ${axis}`);
}

