// matmul against a hand-written triple loop, including batched operands whose batch dims
// broadcast (size-1 and missing axes), empty dims, dtypes, and the errors for bad shapes.
import { describe, expect, it } from "vitest";
import { matmul } from "../../src/ops/matmul.js";
import { TensorShapeError } from "../../src/shape/index.js";
import { fromArray, tensor, zeros } from "../../src/tensor/create.js";
import { catchError, expectTensor } from "../tensor/helpers.js";

/** Small integers from a fixed linear congruential sequence (exact in float32 products and sums). */
const ints = (n: number, seed: number): number[] => {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s % 9) - 4;
  });
};

/** Reference [..., m, k] @ [..., k, n] by three loops per batch element; batch dims broadcast NumPy-style. */
function reference(a: readonly number[], aShape: readonly number[], b: readonly number[], bShape: readonly number[]): { shape: number[]; values: number[] } {
  const [m = 0, k = 0] = aShape.slice(-2);
  const n = bShape.at(-1) ?? 0;
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  const rank = Math.max(aBatch.length, bBatch.length);
  const pad = (s: readonly number[]): number[] => [...new Array<number>(rank - s.length).fill(1), ...s];
  const [pa, pb] = [pad(aBatch), pad(bBatch)];
  const batch = pa.map((d, i) => Math.max(d, pb[i] ?? 1));
  const count = batch.reduce((x, d) => x * d, 1);
  const out: number[] = [];
  for (let t = 0; t < count; t++) {
    // decode t into a batch index, then clamp it to each operand's (possibly size-1) batch dims
    let rest = t;
    const index = batch.map(() => 0);
    for (let i = rank - 1; i >= 0; i--) {
      index[i] = rest % (batch[i] ?? 1);
      rest = Math.floor(rest / (batch[i] ?? 1));
    }
    const offset = (dims: readonly number[]): number => dims.reduce((o, d, i) => o * d + (d === 1 ? 0 : (index[i] ?? 0)), 0);
    const [ao, bo] = [offset(pa) * m * k, offset(pb) * k * n];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc += (a[ao + i * k + p] ?? 0) * (b[bo + p * n + j] ?? 0);
        out.push(acc);
      }
    }
  }
  return { shape: [...batch, m, n], values: out };
}

const check = (aShape: readonly number[], bShape: readonly number[], seed: number): void => {
  const size = (s: readonly number[]): number => s.reduce((x, d) => x * d, 1);
  const a = ints(size(aShape), seed);
  const b = ints(size(bShape), seed + 1);
  expectTensor(matmul(fromArray(a, aShape), fromArray(b, bShape) as never), reference(a, aShape, b, bShape));
};

describe("matmul", () => {
  it("multiplies 2×2 matrices (by hand)", () => {
    expectTensor(matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])), { shape: [2, 2], values: [19, 22, 43, 50] });
    expectTensor(matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])), { shape: [2, 1], values: [17, 39] });
  });
  it("matches the reference loop on rectangular matrices", () => {
    check([3, 5], [5, 4], 1);
    check([1, 7], [7, 1], 2);
    check([6, 1], [1, 6], 3);
  });
  it("multiplies batches element by element", () => {
    check([4, 2, 3], [4, 3, 5], 4);
    check([2, 3, 2, 3], [2, 3, 3, 2], 5);
  });
  it("broadcasts batch dims: a missing axis, a size-1 axis, and both at once", () => {
    check([4, 2, 3], [3, 5], 6);
    check([3, 5], [4, 5, 2], 7);
    check([2, 1, 2, 3], [4, 3, 5], 8);
    check([1, 3, 2], [5, 1, 2, 4], 9);
  });
  it("handles empty dims: an empty contraction gives zeros", () => {
    expectTensor(matmul(zeros([2, 0]), zeros([0, 3])), { shape: [2, 3], values: [0, 0, 0, 0, 0, 0] });
    expectTensor(matmul(zeros([0, 4]), zeros([4, 3])), { shape: [0, 3], values: [] });
    expectTensor(matmul(zeros([0, 2, 4]), zeros([4, 3])), { shape: [0, 2, 3], values: [] });
  });
  it("keeps int32 and float64", () => {
    expectTensor(matmul(tensor([[1, 2]], "int32"), tensor([[3], [4]], "int32")), { shape: [1, 1], dtype: "int32", values: [11] });
    const third = 1 / 3;
    expectTensor(matmul(tensor([[third, third]], "float64"), tensor([[3], [3]], "float64")), { shape: [1, 1], dtype: "float64", values: [2] });
  });
  it("propagates NaN and Infinity", () => {
    expectTensor(matmul(tensor([[Number.NaN, 1], [Infinity, 1]]), tensor([[1], [1]])), { shape: [2, 1], values: [Number.NaN, Infinity] });
  });
});

describe("matmul errors", () => {
  it("inner dims that differ name both shapes and the dims", () => {
    const err = catchError(() => matmul(zeros([2, 3]), zeros([4, 5]) as never));
    expect(err).toBeInstanceOf(TensorShapeError);
    expect(err).toMatchObject({ _tag: "ShapeError", op: "matmul", shapes: [[2, 3], [4, 5]], expected: "lhs dim -1 (3) to equal rhs dim -2 (4)" });
    expect(err.message).toBe("matmul: inner dims differ: [2, 3] @ [4, 5] (expected lhs dim -1 (3) to equal rhs dim -2 (4))");
  });
  it("a rank below 2 and batch dims that do not broadcast", () => {
    expect(catchError(() => matmul(zeros([3]), zeros([3, 2]) as never)).message).toBe("matmul: lhs needs rank >= 2: [3] @ [3, 2] (expected rank >= 2 for lhs, got 1)");
    expect(catchError(() => matmul(zeros([2, 3]), zeros([3]) as never)).message).toBe("matmul: rhs needs rank >= 2: [2, 3] @ [3] (expected rank >= 2 for rhs, got 1)");
    expect(catchError(() => matmul(zeros([8, 2, 3]), zeros([5, 3, 7]) as never)).message).toBe(
      "matmul: batch dims do not broadcast: [8, 2, 3] @ [5, 3, 7] (expected batch dims 8 and 5 at axis -3 to be equal or 1)",
    );
  });
  it("operands of different dtypes", () => {
    expect(catchError(() => matmul(zeros([2, 2]), zeros([2, 2], "float64") as never)).message).toBe("dot: got dtypes float32, float64, expected two operands of the same numeric dtype");
  });
});
