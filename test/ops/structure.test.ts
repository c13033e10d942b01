// Structural ops move elements without computing new ones: each is checked on a small tensor
// whose expected result is written out by hand, plus its runtime errors. (`as never` hands an
// op an argument its types reject, so that the runtime check is what gets exercised.)
import { describe, expect, it } from "vitest";
import { IndexOutOfRangeError } from "../../src/core/impl/structure.js";
import {
  broadcastTo, concat, expandDims, flatten, gather, oneHot, pad, permute, reshape, slice, squeeze, stack, swapLast, take, transpose,
} from "../../src/ops/structure.js";
import { TensorShapeError } from "../../src/shape/index.js";
import { arange, fromArray, tensor, zeros } from "../../src/tensor/create.js";
import { catchError, expectTensor, values } from "../tensor/helpers.js";

const m23 = tensor([[1, 2, 3], [4, 5, 6]]);
const t234 = fromArray(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);

describe("reshape and flatten", () => {
  it("reshape keeps the row-major order", () => {
    expectTensor(reshape(m23, [3, 2]), { shape: [3, 2], values: [1, 2, 3, 4, 5, 6] });
    expectTensor(reshape(m23, [6]), { shape: [6], values: [1, 2, 3, 4, 5, 6] });
    expectTensor(reshape(tensor([5]), []), { shape: [], values: [5] });
  });
  it("reshape infers one -1 dim", () => {
    expect(reshape(t234, [-1, 4]).shape).toEqual([6, 4]);
    expect(reshape(t234, [2, -1]).shape).toEqual([2, 12]);
    expect(reshape(zeros([0, 3]), [-1, 3]).shape).toEqual([0, 3]);
  });
  it("reshape errors name both shapes", () => {
    const err = catchError(() => reshape(zeros([64, 28, 28]), [64, 780] as never));
    expect(err).toBeInstanceOf(TensorShapeError);
    expect(err).toMatchObject({ _tag: "ShapeError", op: "reshape", shapes: [[64, 28, 28], [64, 780]], expected: "50176 elements, got 49920" });
    expect(err.message).toBe("reshape: element counts differ: [64, 28, 28] -> [64, 780] (expected 50176 elements, got 49920)");
    expect(catchError(() => reshape(m23, [-1, -1] as never)).message).toBe("reshape: invalid target dims: [2, 3] -> [-1, -1] (expected sizes >= 0 and at most one -1)");
    expect(catchError(() => reshape(m23, [4, -1] as never)).message).toContain("reshape: cannot infer -1: [2, 3] -> [4, -1]");
  });
  it("flatten collapses a range of axes", () => {
    expect(flatten(t234).shape).toEqual([24]);
    expect(flatten(t234, 1).shape).toEqual([2, 12]);
    expect(flatten(t234, 0, 1).shape).toEqual([6, 4]);
    expect(values(flatten(t234, 0, 1))).toEqual(values(t234));
  });
});

describe("axis order: transpose, swapLast, permute", () => {
  it("transpose reverses the axes", () => {
    expectTensor(transpose(m23), { shape: [3, 2], values: [1, 4, 2, 5, 3, 6] });
    const t = transpose(t234);
    expect(t.shape).toEqual([4, 3, 2]);
    // out[k][j][i] = in[i][j][k] = 12i + 4j + k
    expect(t.toNested()[3]?.[2]).toEqual([11, 23]);
    expectTensor(transpose(tensor([1, 2])), { shape: [2], values: [1, 2] });
  });
  it("swapLast transposes each matrix of a batch", () => {
    const s = swapLast(t234);
    expect(s.shape).toEqual([2, 4, 3]);
    expect(s.toNested()[1]?.[0]).toEqual([12, 16, 20]);
    expect(catchError(() => swapLast(zeros([3]) as never)).message).toBe("swapLast: needs rank >= 2: [3] (expected rank >= 2, got 1)");
  });
  it("permute puts input axis perm[i] at output axis i", () => {
    const p = permute(t234, [1, 2, 0]);
    expect(p.shape).toEqual([3, 4, 2]);
    // out[j][k][i] = in[i][j][k]
    expect(p.toNested()[2]?.[1]).toEqual([9, 21]);
    expectTensor(permute(m23, [0, 1]), { shape: [2, 3], values: [1, 2, 3, 4, 5, 6] });
  });
  it("permute rejects what is not a permutation, naming it and the shape", () => {
    const err = catchError(() => permute(t234, [2, 0, 0] as never));
    expect(err).toMatchObject({ _tag: "ShapeError", op: "permute", shapes: [[2, 3, 4]], expected: "each of 0..2 exactly once" });
    expect(err.message).toBe("permute: [2, 0, 0] is not a permutation of the axes of [2, 3, 4] (expected each of 0..2 exactly once)");
    expect(catchError(() => permute(m23, [0] as never)).message).toContain("[0] is not a permutation of the axes of [2, 3]");
  });
});

describe("broadcastTo, expandDims, squeeze", () => {
  it("broadcastTo repeats along new and size-1 axes", () => {
    expectTensor(broadcastTo(tensor([1, 2]), [3, 2]), { shape: [3, 2], values: [1, 2, 1, 2, 1, 2] });
    expectTensor(broadcastTo(tensor([[1], [2]]), [2, 3]), { shape: [2, 3], values: [1, 1, 1, 2, 2, 2] });
    expectTensor(broadcastTo(tensor([7]), [2, 0]), { shape: [2, 0], values: [] });
  });
  it("broadcastTo refuses a target the input does not broadcast to", () => {
    expect(catchError(() => broadcastTo(zeros([3]), [2] as never)).message).toBe("broadcastTo: cannot broadcast [3] with [2] (expected dims 3 and 2 at axis -1 to be equal or 1)");
    expect(catchError(() => broadcastTo(zeros([3, 1]), [3] as never))).toMatchObject({ _tag: "ShapeError", op: "broadcastTo", shapes: [[3, 1], [3]] });
  });
  it("expandDims inserts a size-1 axis; squeeze removes one", () => {
    expect(expandDims(m23, 0).shape).toEqual([1, 2, 3]);
    expect(expandDims(m23, -1).shape).toEqual([2, 3, 1]);
    expect(expandDims(m23, 1).shape).toEqual([2, 1, 3]);
    expectTensor(squeeze(zeros([2, 1, 3]), 1), { shape: [2, 3], values: [0, 0, 0, 0, 0, 0] });
    expect(squeeze(zeros([1]), -1).shape).toEqual([]);
    expect(catchError(() => squeeze(m23, 1 as never)).message).toBe("squeeze: axis 1 is not of size 1: [2, 3] (expected size 1, got 3)");
    expect(catchError(() => expandDims(m23, 4 as never)).message).toBe("expandDims: axis 4 is out of range for [2, 3] (expected an integer in -3..2)");
  });
});

describe("concat and stack", () => {
  it("concat joins along an existing axis, negative axes counting from the end", () => {
    expectTensor(concat([tensor([[1, 2]]), tensor([[3, 4], [5, 6]])], 0), { shape: [3, 2], values: [1, 2, 3, 4, 5, 6] });
    expectTensor(concat([tensor([[1], [2]]), tensor([[3, 4], [5, 6]])], -1), { shape: [2, 3], values: [1, 3, 4, 2, 5, 6] });
    expectTensor(concat([tensor([1]), zeros([0]), tensor([2, 3])], 0), { shape: [3], values: [1, 2, 3] });
    expectTensor(concat([m23], 1), { shape: [2, 3], values: [1, 2, 3, 4, 5, 6] });
  });
  it("concat errors name the differing shapes", () => {
    const err = catchError(() => concat([zeros([2, 3]), zeros([3, 3])] as never, 1));
    expect(err).toMatchObject({ _tag: "ShapeError", op: "concat", shapes: [[2, 3], [3, 3]], expected: "dim 0 to be 2, got 3" });
    expect(err.message).toBe("concat: shapes differ outside axis 1: [2, 3] and [3, 3] (expected dim 0 to be 2, got 3)");
    expect(catchError(() => concat([zeros([2, 3]), zeros([3])] as never, 0)).message).toBe("concat: ranks differ: [2, 3] and [3] (expected rank 2, got 1)");
  });
  it("stack joins equal shapes along a new axis", () => {
    expectTensor(stack([tensor([1, 2]), tensor([3, 4])]), { shape: [2, 2], values: [1, 2, 3, 4] });
    expectTensor(stack([tensor([1, 2]), tensor([3, 4]), tensor([5, 6])], 1), { shape: [2, 3], values: [1, 3, 5, 2, 4, 6] });
    expectTensor(stack([tensor([1, 2]), tensor([3, 4])], -1), { shape: [2, 2], values: [1, 3, 2, 4] });
    expect(catchError(() => stack([zeros([2]), zeros([3])] as never)).message).toBe("stack: shapes differ: [2] and [3] (expected equal shapes, got 2 and 3 at dim 0)");
  });
});

describe("slice", () => {
  it("takes start..end-1 along one axis", () => {
    expectTensor(slice(arange(6), 0, 1, 4), { shape: [3], values: [1, 2, 3] });
    expectTensor(slice(m23, 1, 1, 3), { shape: [2, 2], values: [2, 3, 5, 6] });
    expectTensor(slice(m23, 0, 1, 1), { shape: [0, 3], values: [] });
  });
  it("counts negative bounds and axes from the end", () => {
    expectTensor(slice(arange(6), 0, -3, -1), { shape: [2], values: [3, 4] });
    expectTensor(slice(m23, -1, 0, -1), { shape: [2, 2], values: [1, 2, 4, 5] });
    expectTensor(slice(arange(6), 0, 2, 6), { shape: [4], values: [2, 3, 4, 5] });
  });
  it("refuses bounds outside the axis or reversed", () => {
    const err = catchError(() => slice(zeros([4, 5]), 1, 2, 7 as never));
    expect(err).toMatchObject({ _tag: "ShapeError", op: "slice", shapes: [[4, 5]] });
    expect(err.message).toBe("slice: invalid bounds 2..7 for axis 1 of [4, 5] (expected 0 <= start <= end <= 5, negative bounds counting from the end)");
    expect(catchError(() => slice(zeros([4]), 0, 3, 1 as never)).message).toContain("invalid bounds 3..1");
  });
});

describe("take / gather", () => {
  const idx = (xs: number[]) => tensor(xs, "int32");
  it("picks rows along axis 0 by default, with repeats", () => {
    expectTensor(take(m23, idx([1, 0, 1])), { shape: [3, 3], values: [4, 5, 6, 1, 2, 3, 4, 5, 6] });
    expect(gather).toBe(take);
  });
  it("out shape is x[:axis] ++ indices.shape ++ x[axis+1:]", () => {
    expectTensor(take(m23, tensor([[2, 0]], "int32"), 1), { shape: [2, 1, 2], values: [3, 1, 6, 4] });
    expectTensor(take(m23, tensor(1, "int32"), -1), { shape: [2], values: [2, 5] });
    expectTensor(take(m23, idx([]), 0), { shape: [0, 3], values: [] });
  });
  it("an index out of range is an error naming it, its position, the axis and its size", () => {
    const err = catchError(() => take(m23, idx([0, 2]), 0));
    expect(err).toBeInstanceOf(IndexOutOfRangeError);
    expect(err).toMatchObject({ _tag: "IndexOutOfRangeError" });
    expect(err.message).toBe("gather: index 2 at position 1 is out of range for axis 0 of size 2 (expected 0 <= index < 2)");
    expect(catchError(() => take(m23, idx([-1]), 1)).message).toBe("gather: index -1 at position 0 is out of range for axis 1 of size 3 (expected 0 <= index < 3)");
  });
  it("non-int32 indices and a bad axis are errors", () => {
    expect(catchError(() => take(m23, tensor([0]) as never)).message).toBe("gather: got dtype float32, expected int32 indices");
    // @ts-expect-error axis 2 is out of range for [2, 3] (the compiler says so too)
    expect(catchError(() => take(m23, idx([0]), 2)).message).toContain("take: axis 2 is out of range");
  });
});

describe("pad", () => {
  it("adds zeros before and after each axis", () => {
    expectTensor(pad(tensor([[1, 2]]), [[1, 0], [0, 2]]), { shape: [2, 4], values: [0, 0, 0, 0, 1, 2, 0, 0] });
    expectTensor(pad(tensor([1, 2], "int32"), [[2, 1]]), { shape: [5], dtype: "int32", values: [0, 0, 1, 2, 0] });
    expectTensor(pad(zeros([0]), [[1, 1]]), { shape: [2], values: [0, 0] });
  });
  it("needs one non-negative [before, after] pair per axis", () => {
    // @ts-expect-error one pair for a rank-2 tensor (the compiler says so too)
    expect(catchError(() => pad(m23, [[1, 1]])).message).toBe("pad: got [2, 3] (expected one [before, after] pair per axis (2), got 1)");
    const err = catchError(() => pad(m23, [[0, 0], [1, -1]]));
    expect(err).toMatchObject({ _tag: "ShapeError", op: "pad", shapes: [[2, 3]] });
    expect(err.message).toBe("pad: invalid widths [[0,0],[1,-1]] for [2, 3] (expected non-negative integer widths, got [1, -1] for axis 1)");
    expect(catchError(() => pad(m23, [[0.5, 0], [0, 0]])).message).toContain("got [0.5, 0] for axis 0");
  });
});

describe("oneHot", () => {
  it("puts a 1 at each label's class; out-of-range labels give a zero row", () => {
    expectTensor(oneHot(tensor([0, 2, 1], "int32"), 3), { shape: [3, 3], dtype: "float32", values: [1, 0, 0, 0, 0, 1, 0, 1, 0] });
    expectTensor(oneHot(tensor([3, -1], "int32"), 3), { shape: [2, 3], values: [0, 0, 0, 0, 0, 0] });
    expectTensor(oneHot(tensor([[1], [0]], "int32"), 2, "int32"), { shape: [2, 1, 2], dtype: "int32", values: [0, 1, 1, 0] });
  });
  it("needs a positive integer class count", () => {
    expect(catchError(() => oneHot(tensor([0], "int32"), 0)).message).toBe("oneHot: numClasses must be a positive integer, got 0");
    expect(catchError(() => oneHot(tensor([0], "int32"), 2.5)).message).toBe("oneHot: numClasses must be a positive integer, got 2.5");
  });
});
