// Comparisons give bool masks (broadcasting, numbers on either side, NaN compares unequal to
// everything); `where` selects by a mask with all three operands broadcast; logicalNot.
import { describe, expect, it } from "vitest";
import { equal, greater, greaterEqual, less, lessEqual, logicalNot, notEqual, where } from "../../src/ops/compare.js";
import { TensorShapeError } from "../../src/shape/index.js";
import { tensor, zeros } from "../../src/tensor/create.js";
import { catchError, expectTensor, values } from "../tensor/helpers.js";

const a = tensor([1, 2, 3, Number.NaN]);
const b = tensor([2, 2, 2, Number.NaN]);

describe("comparisons", () => {
  it("compare elementwise into a bool mask", () => {
    expectTensor(less(a, b), { shape: [4], dtype: "bool", values: [1, 0, 0, 0] });
    expectTensor(lessEqual(a, b), { shape: [4], dtype: "bool", values: [1, 1, 0, 0] });
    expectTensor(greater(a, b), { shape: [4], dtype: "bool", values: [0, 0, 1, 0] });
    expectTensor(greaterEqual(a, b), { shape: [4], dtype: "bool", values: [0, 1, 1, 0] });
    expectTensor(equal(a, b), { shape: [4], dtype: "bool", values: [0, 1, 0, 0] });
    expectTensor(notEqual(a, b), { shape: [4], dtype: "bool", values: [1, 0, 1, 1] });
  });
  it("take numbers on either side and broadcast", () => {
    expectTensor(less(1, tensor([0, 1, 2])), { shape: [3], dtype: "bool", values: [0, 0, 1] });
    expectTensor(greaterEqual(tensor([0, 1, 2]), 1), { shape: [3], dtype: "bool", values: [0, 1, 1] });
    expectTensor(equal(tensor([[1], [2]]), tensor([1, 2, 3])), { shape: [2, 3], dtype: "bool", values: [1, 0, 0, 0, 1, 0] });
    expectTensor(equal(tensor([1, 2], "int32"), 2), { shape: [2], dtype: "bool", values: [0, 1] });
    expectTensor(equal(tensor([true, false]), tensor([true, true])), { shape: [2], dtype: "bool", values: [1, 0] });
  });
  it("name the op in broadcast errors", () => {
    const err = catchError(() => less(zeros([2]), zeros([3]) as never));
    expect(err).toBeInstanceOf(TensorShapeError);
    expect(err.message).toBe("less: cannot broadcast [2] with [3] (expected dims 2 and 3 at axis -1 to be equal or 1)");
  });
});

describe("where", () => {
  it("picks from a where the mask is true and from b elsewhere", () => {
    expectTensor(where(tensor([true, false, true]), tensor([1, 2, 3]), tensor([10, 20, 30])), { shape: [3], values: [1, 20, 3] });
  });
  it("broadcasts mask, a and b together", () => {
    // mask [2] against a [2, 2] and the number 0
    expectTensor(where(tensor([true, false]), tensor([[1, 2], [3, 4]]), 0), { shape: [2, 2], values: [1, 0, 3, 0] });
    // mask [2, 1] chooses whole rows of a [3] and b [1]
    expectTensor(where(tensor([[true], [false]]), tensor([1, 2, 3]), tensor([9])), { shape: [2, 3], values: [1, 2, 3, 9, 9, 9] });
    expectTensor(where(tensor([true, false]), 1, 0), { shape: [2], dtype: "float32", values: [1, 0] });
    expectTensor(where(tensor([true, false]), 5, tensor([7, 8], "int32")), { shape: [2], dtype: "int32", values: [5, 8] });
  });
  it("passes NaN and Infinity through untouched", () => {
    expect(values(where(tensor([true, false]), tensor([Number.NaN, 1]), tensor([0, Infinity])))).toEqual([Number.NaN, Infinity]);
  });
  it("reports operands that do not broadcast", () => {
    const err = catchError(() => where(tensor([true, false]), zeros([3]) as never, 0));
    expect(err).toMatchObject({ _tag: "ShapeError", op: "where", shapes: [[2], [3]] });
  });
});

describe("logicalNot", () => {
  it("flips every element of a mask", () => {
    expectTensor(logicalNot(tensor([[true, false], [false, true]])), { shape: [2, 2], dtype: "bool", values: [0, 1, 1, 0] });
    expectTensor(logicalNot(zeros([0], "bool")), { shape: [0], dtype: "bool", values: [] });
  });
});
