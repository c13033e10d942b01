// Reductions: sum, mean, max, min against an independent reference (index arithmetic instead
// of the kernel's odometer) over every combination of axes, positive and negative, with and
// without keepdims; argmax/argmin's first-index rule; logsumexp's stability; variance; errors.
import { describe, expect, it } from "vitest";
import { argmax, argmin, logsumexp, max, mean, min, sum, variance } from "../../src/ops/reduce.js";
import { TensorShapeError } from "../../src/shape/index.js";
import { fromArray, tensor, zeros } from "../../src/tensor/create.js";
import { catchError, expectClose, expectTensor, values } from "../tensor/helpers.js";

// A [2, 3, 4] tensor of small distinct-ish integers (exact in float32 sums).
const SHAPE = [2, 3, 4] as const;
const DATA = Array.from({ length: 24 }, (_, i) => ((i * 7) % 11) - 5);
const x = fromArray(DATA, SHAPE);

/** Reference reduction: decode each flat index into (i0, i1, i2), drop the reduced axes, fold. */
function reference(axes: readonly number[], init: number, step: (acc: number, v: number) => number): { shape: number[]; values: number[] } {
  const shape = SHAPE.filter((_, a) => !axes.includes(a));
  const size = shape.reduce((n, d) => n * d, 1);
  const out = new Array<number>(size).fill(init);
  DATA.forEach((v, flat) => {
    const index = [Math.floor(flat / 12), Math.floor(flat / 4) % 3, flat % 4];
    const kept = index.filter((_, a) => !axes.includes(a));
    const o = kept.reduce((acc, k, j) => acc * (shape[j] ?? 1) + k, 0);
    out[o] = step(out[o] ?? init, v);
  });
  return { shape, values: out };
}

/** Each set of axes of a rank-3 tensor, written once with indices and once counting from the end. */
const AXIS_SETS = [
  [[0], [-3]], [[1], [-2]], [[2], [-1]], [[0, 1], [-3, -2]], [[0, 2], [-3, -1]], [[1, 2], [-2, -1]], [[0, 1, 2], [-3, -2, -1]],
] as const;

describe("sum, mean, max, min over every set of axes", () => {
  for (const [axes, negative] of AXIS_SETS) {
    it(`axes [${axes.join(", ")}]`, () => {
      const s = reference(axes, 0, (acc, v) => acc + v);
      expectTensor(sum(x, axes), s);
      expectTensor(sum(x, negative), s);
      const n = axes.reduce((k: number, a) => k * SHAPE[a], 1);
      expectTensor(mean(x, axes), { shape: s.shape, values: s.values.map((v) => v / n) }, 1e-6);
      expectTensor(max(x, axes), reference(axes, -Infinity, Math.max));
      expectTensor(min(x, negative), reference(axes, Infinity, Math.min));
      // keepdims leaves the reduced axes as 1s
      const keptShape = SHAPE.map((d, a) => (axes.some((b) => b === a) ? 1 : d));
      expectTensor(sum(x, axes, true), { shape: keptShape, values: s.values });
    });
  }
  it("a single axis may be a number, negative counting from the end", () => {
    expectTensor(sum(x, -1), reference([2], 0, (acc, v) => acc + v));
    expectTensor(max(x, 1, true), { shape: [2, 1, 4], values: reference([1], -Infinity, Math.max).values });
  });
  it("no axis reduces everything to shape []", () => {
    expectTensor(sum(x), { shape: [], values: [DATA.reduce((acc, v) => acc + v, 0)] });
    expectTensor(max(x), { shape: [], values: [Math.max(...DATA)] });
    expectTensor(min(x), { shape: [], values: [Math.min(...DATA)] });
    expectTensor(mean(tensor([[1, 2], [3, 4]])), { shape: [], values: [2.5] });
  });
  it("an empty tuple of axes reduces nothing", () => {
    expectTensor(sum(x, []), { shape: [2, 3, 4], values: DATA });
  });
});

describe("dtypes and special values", () => {
  it("int32 sums and maxima stay int32", () => {
    expectTensor(sum(tensor([[1, 2], [3, 4]], "int32"), 0), { shape: [2], dtype: "int32", values: [4, 6] });
    expectTensor(max(tensor([[1, 5], [3, 2]], "int32"), 1), { shape: [2], dtype: "int32", values: [5, 3] });
    expectTensor(min(tensor([-7, 3], "int32")), { shape: [], dtype: "int32", values: [-7] });
  });
  it("float32 sums accumulate in float64 before rounding once", () => {
    // 2^24 + 1 + 1 ... : naive float32 accumulation would stall at 2^24
    const t = fromArray([16777216, 1, 1, 1, 1], [5]);
    expect(values(sum(t))).toEqual([16777220]);
  });
  it("NaN propagates through sum, max and min; Infinity is a value", () => {
    expect(values(sum(tensor([1, Number.NaN, 2])))).toEqual([Number.NaN]);
    expect(values(max(tensor([1, Number.NaN, 2])))).toEqual([Number.NaN]);
    expect(values(min(tensor([Number.NaN, 1])))).toEqual([Number.NaN]);
    expect(values(max(tensor([-Infinity, -Infinity])))).toEqual([-Infinity]);
    expect(values(sum(tensor([Infinity, 1])))).toEqual([Infinity]);
  });
  it("reducing an empty axis gives each reduction's identity (mean: NaN)", () => {
    expectTensor(sum(zeros([0, 3]), 0), { shape: [3], values: [0, 0, 0] });
    expectTensor(max(zeros([0, 2]), 0), { shape: [2], values: [-Infinity, -Infinity] });
    expectTensor(min(zeros([0, 2]), 0), { shape: [2], values: [Infinity, Infinity] });
    expectTensor(mean(zeros([0, 2]), 0), { shape: [2], values: [Number.NaN, Number.NaN] });
    expectTensor(sum(zeros([0, 2]), 1), { shape: [0], values: [] });
  });
  it("refuses bool masks (cast them first)", () => {
    expect(catchError(() => sum(tensor([true, true]) as never)).message).toBe("reduceSum: got dtype bool, expected a numeric dtype (cast masks first)");
  });
});

describe("argmax and argmin", () => {
  it("return int32 indices of the first extremum along the axis", () => {
    const t = tensor([[1, 5, 5], [3, 3, 2], [0, -1, 9]]);
    expectTensor(argmax(t, 1), { shape: [3], dtype: "int32", values: [1, 0, 2] });
    expectTensor(argmax(t, 0), { shape: [3], dtype: "int32", values: [1, 0, 2] });
    expectTensor(argmin(t, -1), { shape: [3], dtype: "int32", values: [0, 2, 1] });
    expectTensor(argmin(tensor([4, 2, 2, 7]), 0), { shape: [], dtype: "int32", values: [1] });
    expectTensor(argmax(tensor([[1, 2], [9, 4]]), 1, true), { shape: [2, 1], dtype: "int32", values: [1, 0] });
  });
  it("ties go to the first index, also when every element ties", () => {
    expect(values(argmax(tensor([7, 7, 7])))).toEqual([0]);
    expect(values(argmin(tensor([[0, 0], [0, 0]]), 1))).toEqual([0, 0]);
  });
  it("over several axes, return the row-major index within the reduced block", () => {
    // max of [[1, 5, 5], [7, 3, 7]] is 7, first at flat position 3
    expect(values(argmax(tensor([[1, 5, 5], [7, 3, 7]])))).toEqual([3]);
    // per batch: the [2, 2] blocks [[1, 2], [9, 4]] and [[8, 0], [0, 8]]
    const b = fromArray([1, 2, 9, 4, 8, 0, 0, 8], [2, 2, 2]);
    expect(values(argmax(b, [1, 2]))).toEqual([2, 0]);
    expect(values(argmax(b, [0, 1]))).toEqual([1, 3]);
  });
  it("work on int32 and with ±Infinity", () => {
    expect(values(argmax(tensor([1, 5, 5], "int32")))).toEqual([1]);
    expect(values(argmin(tensor([0, -Infinity, -Infinity])))).toEqual([1]);
  });
  it("point at the first NaN, like NumPy (NaN is the maximum and the minimum)", () => {
    expect(values(argmax(tensor([1, Number.NaN, 3, Number.NaN])))).toEqual([1]);
    expect(values(argmin(tensor([[1, Number.NaN], [-3, 0]]), 1))).toEqual([1, 0]);
  });
  it("refuse an empty axis (there is no index to return)", () => {
    const err = catchError(() => argmax(zeros([2, 0]), 1));
    expect(err).toBeInstanceOf(TensorShapeError);
    expect(err.message).toBe("argmax: cannot reduce an axis of size 0 in [2, 0] (expected reduced axes of size >= 1)");
    expect(values(argmin(zeros([0, 2]), 1))).toEqual([]);
  });
});

describe("logsumexp", () => {
  it("equals log Σ exp for moderate values", () => {
    expectClose(values(logsumexp(tensor([[0, 1, 2], [-1, 0, 1]], "float64"), 1)), [Math.log(1 + Math.E + Math.E ** 2), Math.log(Math.exp(-1) + 1 + Math.E)], 1e-15);
  });
  it("stays finite for logits of ±1000, where exp over/underflows", () => {
    const t = tensor([[1000, 1000], [-1000, -1000], [1000, -1000]], "float64");
    expectClose(values(logsumexp(t, -1)), [1000 + Math.LN2, -1000 + Math.LN2, 1000], 1e-15);
    expectClose(values(logsumexp(tensor([1000, 1000]))), [Math.fround(1000 + Math.LN2)], 1e-7);
  });
  it("gives -Infinity for a row of -Infinity and +Infinity when one logit is +Infinity", () => {
    const t = tensor([[-Infinity, -Infinity], [0, -Infinity], [Infinity, 1]], "float64");
    expect(values(logsumexp(t, 1))).toEqual([-Infinity, 0, Infinity]);
  });
  it("keepdims and several axes", () => {
    const t = fromArray([0, 0, 0, 0, 1, 1, 1, 1], [2, 2, 2], "float64");
    expectTensor(logsumexp(t, [1, 2], true), { shape: [2, 1, 1], values: [Math.log(4), 1 + Math.log(4)] }, 1e-15);
  });
});

describe("variance", () => {
  it("is the population variance (divides by n)", () => {
    expectTensor(variance(tensor([1, 2, 3, 4])), { shape: [], values: [1.25] });
    expectTensor(variance(tensor([[1, 3], [2, 2], [0, 10]], "float64"), -1, true), { shape: [3, 1], values: [1, 0, 25] });
    expectTensor(variance(tensor([[1, 3], [5, 7]]), 0), { shape: [2], values: [4, 4] });
  });
});

describe("axis errors", () => {
  it("name the reduction, the axis and the shape", () => {
    const err = catchError(() => sum(zeros([2, 3]), 2 as never));
    expect(err).toBeInstanceOf(TensorShapeError);
    expect(err).toMatchObject({ _tag: "ShapeError", op: "sum", shapes: [[2, 3]], expected: "an integer in -2..1" });
    expect(err.message).toBe("sum: axis 2 is out of range for [2, 3] (expected an integer in -2..1)");
    expect(catchError(() => mean(zeros([2, 3]), -3 as never)).message).toBe("mean: axis -3 is out of range for [2, 3] (expected an integer in -2..1)");
    expect(catchError(() => max(zeros([2, 3, 4]), [2, -1] as never)).message).toBe(
      "max: axis -1 is repeated in [2, -1] for [2, 3, 4] (expected each axis at most once (2 and -1 both name axis 2))",
    );
    expect(catchError(() => argmax(zeros([2]), 1.5 as never)).message).toContain("argmax: axis 1.5 is out of range for [2]");
  });
});
