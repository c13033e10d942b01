// Known derivatives of the user-facing ops, in both modes, against closed forms (float64).
// Forward: jvp(f, [x], [v]) must give f'(x)·v. Reverse: the gradient of Σ w ⊙ f(x) must give
// f'(x)ᵀ w. The weights w and directions v are not all ones, so a derivative that is summed,
// transposed or broadcast the wrong way is caught.
import { describe, expect, it } from "vitest";
import { grad, jvp } from "../../src/ad/api.js";
import {
  abs, add, cast, clip, cos, div, exp, log, maximum, minimum, mul, neg, pow, reciprocal, relu, sigmoid, sign, sin, sqrt,
  square, stopGradient, sub, tanh, expm1, log1p,
} from "../../src/ops/elementwise.js";
import { greater, where } from "../../src/ops/compare.js";
import { matmul } from "../../src/ops/matmul.js";
import { logsumexp, max, mean, min, sum, variance } from "../../src/ops/reduce.js";
import {
  broadcastTo, concat, expandDims, flatten, pad, permute, reshape, slice, squeeze, stack, swapLast, take, transpose,
} from "../../src/ops/structure.js";
import { fromArray, tensor } from "../../src/tensor/create.js";
import type { Shape } from "../../src/shape/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectClose, values } from "../tensor/helpers.js";

type F64<S extends readonly number[]> = Tensor<[...S], "float64">;
const f64 = <const S extends readonly number[]>(data: readonly number[], shape: S): F64<S> => fromArray(data, shape, "float64");

/** Σ w ⊙ y: a scalar whose gradient with respect to y is w. */
const dotWith = (w: Tensor<Shape, "float64">, y: Tensor<Shape, "float64">): Tensor<[], "float64"> => sum(mul(y, w));

/** Asserts the reverse-mode gradient of x ↦ Σ w ⊙ f(x) and the forward-mode tangent of f along v. */
function checkBothModes<S extends Shape>(
  f: (x: F64<S>) => F64<S>, x: F64<S>, w: F64<S>, expectedGrad: readonly number[], v: F64<S>, expectedTangent: readonly number[], tol = 1e-12,
): void {
  expectClose(values(grad((z: F64<S>) => dotWith(w, f(z)))(x)), expectedGrad, tol);
  const [, tangent] = jvp(f, [x], [v]);
  expectClose(values(tangent), expectedTangent, tol);
}

describe("elementwise unary ops: f'(x) in closed form", () => {
  const xs = [-1.7, -0.4, 0.3, 0.9, 2.2];
  const pos = [0.2, 0.5, 1, 1.7, 3];
  const w = [1, -2, 0.5, 3, -1];
  const v = [0.5, 1, -1, 2, 0.25];
  const cases: readonly [string, (x: F64<[5]>) => F64<[5]>, (a: number) => number, readonly number[]][] = [
    ["neg", neg, () => -1, xs],
    ["exp", exp, Math.exp, xs],
    ["log", log, (a) => 1 / a, pos],
    ["sqrt", sqrt, (a) => 1 / (2 * Math.sqrt(a)), pos],
    ["sin", sin, Math.cos, xs],
    ["cos", cos, (a) => -Math.sin(a), xs],
    ["tanh", tanh, (a) => 1 - Math.tanh(a) ** 2, xs],
    ["expm1", expm1, Math.exp, xs],
    ["log1p", log1p, (a) => 1 / (1 + a), [-0.9, -0.4, 0.3, 0.9, 2.2]],
    ["square", square, (a) => 2 * a, xs],
    ["abs", abs, Math.sign, xs],
    ["sign", sign, () => 0, xs],
    ["relu", relu, (a) => (a > 0 ? 1 : 0), xs],
    ["sigmoid", sigmoid, (a) => Math.exp(-a) / (1 + Math.exp(-a)) ** 2, xs],
    ["reciprocal", reciprocal, (a) => -1 / (a * a), xs],
    ["pow(x, 3)", (x) => pow(x, 3), (a) => 3 * a * a, xs],
    ["pow(2, x)", (x) => pow(2, x), (a) => 2 ** a * Math.LN2, xs],
    ["pow(x, 0.5)", (x) => pow(x, 0.5), (a) => 0.5 / Math.sqrt(a), pos],
    ["x · 3 + 1", (x) => add(mul(x, 3), 1), () => 3, xs],
    ["1 − x", (x) => sub(1, x), () => -1, xs],
    ["2 / x", (x) => div(2, x), (a) => -2 / (a * a), pos],
    ["x / 4", (x) => div(x, 4), () => 0.25, xs],
    ["clip(x, −1, 1)", (x) => clip(x, -1, 1), (a) => (Math.abs(a) < 1 ? 1 : 0), xs],
    ["cast to float32 and back", (x) => cast(cast(x, "float32"), "float64"), () => 1, xs],
    ["cast through int32", (x) => cast(cast(x, "int32"), "float64"), () => 0, xs],
    ["stopGradient", stopGradient, () => 0, xs],
  ];
  for (const [name, f, df, at] of cases) {
    it(name, () => {
      const d = at.map(df);
      checkBothModes(f, f64(at, [5]), f64(w, [5]), d.map((g, i) => g * (w[i] ?? 0)), f64(v, [5]), d.map((g, i) => g * (v[i] ?? 0)));
    });
  }
  it("abs and relu at 0 have derivative 0 (the subgradient JAX uses)", () => {
    expect(values(grad((x: F64<[]>) => abs(x))(f64([0], [])))).toEqual([0]);
    expect(values(grad((x: F64<[]>) => relu(x))(f64([0], [])))).toEqual([0]);
  });
});

describe("casts", () => {
  it("the gradient through a float32 → float64 cast comes back as float32", () => {
    const g = grad((x: Tensor<[2]>) => sum(mul(cast(x, "float64"), f64([3, -1], [2]))))(tensor([1, 2]));
    expect(g.dtype).toBe("float32");
    expect(values(g)).toEqual([3, -1]);
  });
});

describe("binary ops: both partial derivatives", () => {
  const a = f64([1.5, -2, 0.5], [3]);
  const b = f64([0.5, 3, -4], [3]);
  const w = f64([1, 2, -1], [3]);
  const gradBoth = (f: (x: F64<[3]>, y: F64<[3]>) => F64<[3]>) =>
    grad((x: F64<[3]>, y: F64<[3]>) => dotWith(w, f(x, y)), { argnums: [0, 1] })(a, b);
  it("mul: ∂(ab)/∂a = b, ∂(ab)/∂b = a", () => {
    const [ga, gb] = gradBoth((p, q) => mul(p, q));
    expectClose(values(ga), [0.5, 6, 4], 1e-15);
    expectClose(values(gb), [1.5, -4, -0.5], 1e-15);
  });
  it("div: ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²", () => {
    const [ga, gb] = gradBoth((p, q) => div(p, q));
    expectClose(values(ga), [2, 2 / 3, 0.25], 1e-15);
    expectClose(values(gb), [-6, 4 / 9, 0.5 / 16], 1e-15);
  });
  it("sub: 1 and −1", () => {
    const [ga, gb] = gradBoth((p, q) => sub(p, q));
    expectClose(values(ga), [1, 2, -1]);
    expectClose(values(gb), [-1, -2, 1]);
  });
  it("pow: ∂aᵇ/∂a = b·aᵇ⁻¹, ∂aᵇ/∂b = aᵇ·log a (positive a)", () => {
    const [x, y] = [f64([1.5, 2, 0.5], [3]), f64([2, -1, 3], [3])];
    const [ga, gb] = grad((p: F64<[3]>, q: F64<[3]>) => sum(pow(p, q)), { argnums: [0, 1] })(x, y);
    expectClose(values(ga), [3, -0.25, 0.75], 1e-15);
    expectClose(values(gb), [2.25 * Math.log(1.5), 0.5 * Math.LN2, 0.125 * Math.log(0.5)], 1e-15);
  });
  it("maximum and minimum: the larger (smaller) side gets the derivative; ties split it evenly", () => {
    const [x, y] = [f64([1, 5, 2], [3]), f64([3, 4, 2], [3])];
    const [gx, gy] = grad((p: F64<[3]>, q: F64<[3]>) => sum(maximum(p, q)), { argnums: [0, 1] })(x, y);
    expect(values(gx)).toEqual([0, 1, 0.5]);
    expect(values(gy)).toEqual([1, 0, 0.5]);
    const [hx, hy] = grad((p: F64<[3]>, q: F64<[3]>) => sum(minimum(p, q)), { argnums: [0, 1] })(x, y);
    expect(values(hx)).toEqual([1, 0, 0.5]);
    expect(values(hy)).toEqual([0, 1, 0.5]);
  });
  it("broadcasting: the gradient of a broadcast operand sums over the broadcast axes", () => {
    const m = f64([1, 2, 3, 4, 5, 6], [2, 3]);
    const row = f64([1, -1, 2], [3]);
    const wm = f64([1, 0, 2, -1, 1, 1], [2, 3]);
    const [gm, grow] = grad((p: F64<[2, 3]>, r: F64<[3]>) => dotWith(wm, mul(p, r)), { argnums: [0, 1] })(m, row);
    // ∂/∂m = w ⊙ row; ∂/∂row_j = Σ_i w_ij m_ij
    expectClose(values(gm), [1, 0, 4, -1, -1, 2]);
    expect(values(grow)).toEqual([1 - 4, 0 + 5, 6 + 6]);
    const col = f64([10, 20], [2, 1]);
    expect(values(grad((c: F64<[2, 1]>) => dotWith(wm, add(m, c)))(col))).toEqual([3, 1]);
  });
  it("where passes the derivative of the branch it picks; the mask has none", () => {
    const [x, y] = [f64([1, -2, 3], [3]), f64([4, 5, 6], [3])];
    const [gx, gy] = grad((p: F64<[3]>, q: F64<[3]>) => dotWith(f64([1, 2, 3], [3]), where(greater(p, 0), mul(p, p), q)), { argnums: [0, 1] })(x, y);
    expectClose(values(gx), [2, 0, 18]);
    expect(values(gy)).toEqual([0, 2, 0]);
  });
});

describe("reductions", () => {
  const x = f64([1, 3, 3, -2, 0, 5], [2, 3]);
  it("sum and mean: ones and 1/n, broadcast back over the reduced axes", () => {
    expect(values(grad((z: F64<[2, 3]>) => dotWith(f64([1, -1], [2]), sum(z, 1)))(x))).toEqual([1, 1, 1, -1, -1, -1]);
    expectClose(values(grad((z: F64<[2, 3]>) => dotWith(f64([3, 6, 9], [3]), mean(z, 0)))(x)), [1.5, 3, 4.5, 1.5, 3, 4.5], 1e-15);
    expectClose(values(grad((z: F64<[2, 3]>) => mean(z))(x)), new Array<number>(6).fill(1 / 6), 1e-15);
  });
  it("max and min: the maximum's position gets the derivative, shared evenly among ties", () => {
    expect(values(grad((z: F64<[2, 3]>) => sum(max(z, 1)))(x))).toEqual([0, 0.5, 0.5, 0, 0, 1]);
    expect(values(grad((z: F64<[2, 3]>) => sum(min(z, -1, true)))(x))).toEqual([1, 0, 0, 1, 0, 0]);
    const [, t] = jvp((z: F64<[2, 3]>) => max(z, 1), [x], [f64([0, 2, 4, 0, 0, 7], [2, 3])]);
    expect(values(t)).toEqual([3, 7]);
  });
  it("logsumexp: the gradient is the softmax, also for logits of ±1000", () => {
    const logits = f64([0, 1, 2], [3]);
    const e = [1, Math.E, Math.E ** 2];
    const z = e[0]! + e[1]! + e[2]!;
    expectClose(values(grad((l: F64<[3]>) => logsumexp(l))(logits)), e.map((v) => v / z), 1e-15);
    expectClose(values(grad((l: F64<[2, 2]>) => sum(logsumexp(l, 1)))(f64([1000, 1000, -1000, -1001], [2, 2]))), [0.5, 0.5, 1 / (1 + Math.exp(-1)), 1 / (1 + Math.E)], 1e-15);
  });
  it("variance: 2(x − μ)/n", () => {
    const v = f64([1, 2, 3, 6], [4]);
    expectClose(values(grad((z: F64<[4]>) => variance(z))(v)), [-1, -0.5, 0, 1.5], 1e-15);
  });
});

describe("matmul", () => {
  const a = f64([1, 2, 3, 4, 5, 6], [2, 3]);
  const b = f64([1, 0, -1, 2, 0.5, 1], [3, 2]);
  const w = f64([1, -1, 2, 0.5], [2, 2]);
  it("∂/∂A Σ W ⊙ AB = W Bᵀ and ∂/∂B = Aᵀ W", () => {
    const [ga, gb] = grad((p: F64<[2, 3]>, q: F64<[3, 2]>) => dotWith(w, matmul(p, q)), { argnums: [0, 1] })(a, b);
    // W Bᵀ: W = [[1, -1], [2, 0.5]], Bᵀ = [[1, -1, 0.5], [0, 2, 1]]
    expect(values(ga)).toEqual([1, -3, -0.5, 2, -1, 1.5]);
    // Aᵀ W: Aᵀ = [[1, 4], [2, 5], [3, 6]]
    expect(values(gb)).toEqual([9, 1, 12, 0.5, 15, 0]);
  });
  it("the forward tangent is dA·B + A·dB", () => {
    const [, t] = jvp((p: F64<[2, 3]>) => matmul(p, b), [a], [f64([1, 0, 0, 0, 0, 1], [2, 3])]);
    expect(values(t)).toEqual([1, 0, 0.5, 1]);
  });
  it("a weight shared across a batch gets the sum over the batch", () => {
    const batch = f64([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6], [2, 2, 3]);
    const g = grad((q: F64<[3, 2]>) => sum(matmul(batch, q)))(b);
    // each batch element contributes Aᵀ·1: column sums of A = [5, 7, 9], twice
    expect(values(g)).toEqual([10, 10, 14, 14, 18, 18]);
  });
});

describe("structural ops: the gradient undoes the rearrangement", () => {
  const x = f64([1, 2, 3, 4, 5, 6], [2, 3]);
  const w6 = [10, 20, 30, 40, 50, 60];
  it("reshape, flatten, transpose, permute, swapLast, expandDims, squeeze", () => {
    expect(values(grad((z: F64<[2, 3]>) => dotWith(f64(w6, [3, 2]), reshape(z, [3, 2])))(x))).toEqual(w6);
    expect(values(grad((z: F64<[2, 3]>) => dotWith(f64(w6, [6]), flatten(z)))(x))).toEqual(w6);
    // transpose: the weight on output (j, i) lands on input (i, j)
    expect(values(grad((z: F64<[2, 3]>) => dotWith(f64(w6, [3, 2]), transpose(z)))(x))).toEqual([10, 30, 50, 20, 40, 60]);
    expect(values(grad((z: F64<[2, 3]>) => dotWith(f64(w6, [3, 2]), swapLast(z)))(x))).toEqual([10, 30, 50, 20, 40, 60]);
    expect(values(grad((z: F64<[2, 3]>) => dotWith(f64(w6, [3, 2]), permute(z, [1, 0])))(x))).toEqual([10, 30, 50, 20, 40, 60]);
    expect(values(grad((z: F64<[2, 3]>) => dotWith(f64(w6, [2, 1, 3]), expandDims(z, 1)))(x))).toEqual(w6);
    expect(values(grad((z: F64<[2, 1, 3]>) => dotWith(f64(w6, [2, 3]), squeeze(z, 1)))(f64(w6, [2, 1, 3])))).toEqual(w6);
  });
  it("permute by a 3-cycle: the gradient is permuted back by the inverse permutation", () => {
    const x3 = f64(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    const w = f64(Array.from({ length: 24 }, (_, i) => 100 + i), [3, 4, 2]);
    // out[j][k][i] = in[i][j][k], so ∂/∂in[i][j][k] = w[j][k][i] = 100 + 8j + 2k + i
    const expected = Array.from({ length: 24 }, (_, flat) => {
      const [i, j, k] = [Math.floor(flat / 12), Math.floor(flat / 4) % 3, flat % 4];
      return 100 + 8 * j + 2 * k + i;
    });
    expect(values(grad((z: F64<[2, 3, 4]>) => dotWith(w, permute(z, [1, 2, 0])))(x3))).toEqual(expected);
  });
  it("broadcastTo sums the weight over the new axis", () => {
    expect(values(grad((z: F64<[3]>) => dotWith(f64(w6, [2, 3]), broadcastTo(z, [2, 3])))(f64([1, 2, 3], [3])))).toEqual([50, 70, 90]);
  });
  it("slice puts the weight back among zeros; pad crops it", () => {
    expect(values(grad((z: F64<[2, 3]>) => dotWith(f64([7, 8, 9, 10], [2, 2]), slice(z, 1, 1, 3)))(x))).toEqual([0, 7, 8, 0, 9, 10]);
    expect(values(grad((z: F64<[2, 3]>) => dotWith(f64(Array.from({ length: 12 }, (_, i) => i), [3, 4]), pad(z, [[1, 0], [0, 1]])))(x))).toEqual([4, 5, 6, 8, 9, 10]);
  });
  it("concat and stack hand each operand its own part of the weight", () => {
    const [ga, gb] = grad((p: F64<[2, 3]>, q: F64<[2, 1]>) => dotWith(f64([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]), concat([p, q], 1)), { argnums: [0, 1] })(x, f64([0, 0], [2, 1]));
    expect(values(ga)).toEqual([1, 2, 3, 5, 6, 7]);
    expect(values(gb)).toEqual([4, 8]);
    const [sa, sb] = grad((p: F64<[2]>, q: F64<[2]>) => dotWith(f64([1, 2, 3, 4], [2, 2]), stack([p, q], 1)), { argnums: [0, 1] })(f64([0, 0], [2]), f64([0, 0], [2]));
    expect(values(sa)).toEqual([1, 3]);
    expect(values(sb)).toEqual([2, 4]);
  });
  it("take adds the weight of every pick to its source row, repeated indices accumulating", () => {
    const g = grad((z: F64<[2, 3]>) => dotWith(f64([1, 2, 3, 10, 20, 30, 100, 200, 300], [3, 3]), take(z, tensor([1, 0, 1], "int32"))))(x);
    expect(values(g)).toEqual([10, 20, 30, 101, 202, 303]);
    const [, t] = jvp((z: F64<[2, 3]>) => take(z, tensor([2, 2], "int32"), 1), [x], [f64(w6, [2, 3])]);
    expect(values(t)).toEqual([30, 30, 60, 60]);
  });
});
