// Constructors: the shape and values each one builds, its dtype rules, and the errors for
// input that cannot be a tensor (each naming the constructor, what it got and what it expected).
import { describe, expect, it } from "vitest";
import { TensorShapeError } from "../../src/shape/index.js";
import {
  arange, DataLengthError, eye, fromArray, full, linspace, ones, onesLike, scalar, tensor, zeros, zerosLike,
} from "../../src/tensor/create.js";
import { RaggedArrayError } from "../../src/tensor/nested.js";
import { catchError, expectTensor, values } from "./helpers.js";

describe("tensor (nested literals)", () => {
  it("reads the shape off the nesting, row-major", () => {
    expectTensor(tensor([[1, 2, 3], [4, 5, 6]]), { shape: [2, 3], dtype: "float32", values: [1, 2, 3, 4, 5, 6] });
    expectTensor(tensor([[[1], [2]], [[3], [4]]]), { shape: [2, 2, 1], values: [1, 2, 3, 4] });
    expectTensor(tensor(7), { shape: [], values: [7] });
    expectTensor(tensor([]), { shape: [0], values: [] });
    expectTensor(tensor([[], []]), { shape: [2, 0], values: [] });
  });
  it("gives booleans the bool dtype, stored as 0/1", () => {
    const m = tensor([true, false, true]);
    expect(m.dtype).toBe("bool");
    expect(m.toArray()).toEqual(new Uint8Array([1, 0, 1]));
  });
  it("stores float32 rounded, float64 exactly, int32 exactly, bool as x ≠ 0", () => {
    expect(values(tensor([0.1]))).toEqual([Math.fround(0.1)]);
    expect(values(tensor([0.1], "float64"))).toEqual([0.1]);
    expect(values(tensor([7, -7, 2 ** 31 - 1, -(2 ** 31)], "int32"))).toEqual([7, -7, 2 ** 31 - 1, -(2 ** 31)]);
    expect(values(tensor([0, 2, -3, 0.5], "bool"))).toEqual([0, 1, 1, 1]);
  });
  it("keeps NaN and ±Infinity as values", () => {
    expect(values(tensor([Number.NaN, Infinity, -Infinity]))).toEqual([Number.NaN, Infinity, -Infinity]);
  });
  it("rejects ragged input with the path to the first bad element", () => {
    const bad: unknown = [[[1], [2]], [[3], [4, 5]]];
    const err = catchError(() => tensor(bad as number[][][]));
    expect(err).toBeInstanceOf(RaggedArrayError);
    expect(err).toMatchObject({ _tag: "RaggedArrayError", path: "data[1][1]", expected: "an array of length 1", got: "an array of length 2" });
    expect(err.message).toBe("tensor: ragged nested array at data[1][1]: expected an array of length 1, got an array of length 2");
  });
  it("rejects a number where an array belongs, a non-number leaf, and mixed numbers and booleans", () => {
    expect(catchError(() => tensor([[1, 2], 3] as unknown as number[][]))).toMatchObject({
      path: "data[1]", expected: "an array of length 2", got: "the number 3",
    });
    expect(catchError(() => tensor([1, "2"] as unknown as number[]))).toMatchObject({
      path: "data[1]", expected: "a number or boolean", got: "a value of type string",
    });
    expect(catchError(() => tensor([1, true] as unknown as number[]))).toMatchObject({
      _tag: "RaggedArrayError", expected: "all numbers or all booleans", got: "a mix of both",
    });
  });
});

describe("fromArray", () => {
  it("lays flat data out row-major in the given shape and dtype", () => {
    const t = fromArray([1, 2, 3, 4, 5, 6], [3, 2], "float64");
    expect(t.toNested()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(t.dtype).toBe("float64");
    expectTensor(fromArray(new Float32Array([1.5]), []), { shape: [], dtype: "float32", values: [1.5] });
    expectTensor(fromArray([], [2, 0, 3]), { shape: [2, 0, 3], values: [] });
  });
  it("rejects a data length that does not match the shape, naming both", () => {
    const err = catchError(() => fromArray([1, 2, 3], [2, 2]));
    expect(err).toBeInstanceOf(DataLengthError);
    expect(err).toMatchObject({ _tag: "DataLengthError", op: "fromArray", shape: [2, 2], length: 3 });
    expect(err.message).toBe("fromArray: shape [2, 2] needs 4 elements, got 3");
  });
  it("rejects negative and fractional dims, naming the dim", () => {
    const neg = catchError(() => fromArray([], [2, -1]));
    expect(neg).toBeInstanceOf(TensorShapeError);
    expect(neg).toMatchObject({ _tag: "ShapeError", op: "fromArray", shapes: [[2, -1]] });
    expect(neg.message).toBe("fromArray: invalid dim 1: [2, -1] (expected a non-negative safe integer, got -1)");
    expect(catchError(() => fromArray([1], [0.5])).message).toBe("fromArray: invalid dim 0: [0.5] (expected a non-negative safe integer, got 0.5)");
    expect(catchError(() => fromArray([1], [Number.NaN])).message).toContain("invalid dim 0");
  });
  it("rejects an unknown dtype, listing the known ones", () => {
    const err = catchError(() => fromArray([1], [1], "float16" as never));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe('fromArray: unknown dtype "float16" (expected float32, float64, int32 or bool)');
  });
});

describe("int32 data must be int32 integers", () => {
  // Each of these used to be stored silently as 1, 0 and -1294967296 (truncation and wrap-around).
  const bad: readonly (readonly [number, string])[] = [
    [1.5, "is not an integer"], [Number.NaN, "is not an integer"], [Infinity, "is not an integer"], [-0.25, "is not an integer"],
    [3e9, "is outside int32's range [-2147483648, 2147483647]"], [2 ** 31, "is outside int32's range"], [-(2 ** 31) - 1, "is outside int32's range"],
  ];
  it("fromArray, tensor, scalar, full and arange refuse each bad value, naming the constructor, the index and the value", () => {
    for (const [v, why] of bad) {
      expect(catchError(() => fromArray([1, 2, v], [3], "int32")).message).toContain(`fromArray: int32 data at index 2 is ${v}, which ${why}`);
      expect(catchError(() => tensor([[0], [v]], "int32")).message).toContain(`tensor: int32 data at index 1 is ${v}`);
      expect(catchError(() => scalar(v, "int32")).message).toContain(`scalar: int32 data at index 0 is ${v}`);
      expect(catchError(() => full([2], v, "int32")).message).toContain(`full: int32 data at index 0 is ${v}`);
    }
    expect(catchError(() => arange(0, 2, 0.5, "int32")).message).toBe("arange: int32 data at index 1 is 0.5, which is not an integer; round or convert it first");
    expect(catchError(() => fromArray([1.5, Number.NaN, 3e9], [3], "int32"))).toBeInstanceOf(RangeError);
  });
  it("accepts the whole int32 range, integral floats such as 3.0, and integer typed arrays as they are", () => {
    expect(values(fromArray([-(2 ** 31), 3.0, -0, 2 ** 31 - 1], [4], "int32"))).toEqual([-(2 ** 31), 3, 0, 2 ** 31 - 1]);
    expect(values(fromArray(new Int32Array([5, -5]), [2], "int32"))).toEqual([5, -5]);
    expect(values(fromArray(new Uint8Array([255]), [1], "int32"))).toEqual([255]);
    // float and bool dtypes keep non-integers and NaN as before
    expect(values(fromArray([1.5, Number.NaN], [2], "float64"))).toEqual([1.5, Number.NaN]);
  });
});

describe("filled tensors", () => {
  it("zeros, ones and full fill the shape with one value of the dtype", () => {
    expectTensor(zeros([2, 3]), { shape: [2, 3], dtype: "float32", values: [0, 0, 0, 0, 0, 0] });
    expectTensor(ones([2], "int32"), { shape: [2], dtype: "int32", values: [1, 1] });
    expectTensor(full([2, 2], 1.5, "float64"), { shape: [2, 2], dtype: "float64", values: [1.5, 1.5, 1.5, 1.5] });
    expectTensor(full([3], 2, "int32"), { shape: [3], values: [2, 2, 2] });
    expectTensor(full([2], true, "bool"), { shape: [2], dtype: "bool", values: [1, 1] });
    expectTensor(full([], Number.NaN), { shape: [], values: [Number.NaN] });
    expectTensor(zeros([0]), { shape: [0], values: [] });
  });
  it("zerosLike and onesLike copy the shape and dtype", () => {
    const x = fromArray([1, 2, 3, 4, 5, 6], [3, 2], "float64");
    expectTensor(zerosLike(x), { shape: [3, 2], dtype: "float64", values: [0, 0, 0, 0, 0, 0] });
    expectTensor(onesLike(tensor([[true], [false]])), { shape: [2, 1], dtype: "bool", values: [1, 1] });
  });
  it("scalar is rank 0", () => {
    expectTensor(scalar(3.5), { shape: [], dtype: "float32", values: [3.5] });
    expectTensor(scalar(true, "bool"), { shape: [], dtype: "bool", values: [1] });
    expectTensor(scalar(-2, "int32"), { shape: [], dtype: "int32", values: [-2] });
  });
  it("reject invalid shapes and dtypes", () => {
    expect(catchError(() => zeros([3, -2])).message).toBe("full: invalid dim 1: [3, -2] (expected a non-negative safe integer, got -2)");
    expect(catchError(() => ones([2], "complex64" as never)).message).toContain('full: unknown dtype "complex64"');
  });
});

describe("ranges", () => {
  it("arange(n) counts 0..n-1; arange(start, stop, step) is the half-open range", () => {
    expectTensor(arange(4), { shape: [4], values: [0, 1, 2, 3] });
    expectTensor(arange(1, 2, 0.25), { shape: [4], values: [1, 1.25, 1.5, 1.75] });
    expectTensor(arange(3, 0, -1), { shape: [3], values: [3, 2, 1] });
    expectTensor(arange(0, 1, 0.3), { shape: [4], values: [0, 0.3, 0.6, 0.9].map(Math.fround) });
    expectTensor(arange(0, 5, 2, "int32"), { shape: [3], dtype: "int32", values: [0, 2, 4] });
    expectTensor(arange(2, 2), { shape: [0], values: [] });
    expectTensor(arange(5, 2), { shape: [0], values: [] });
  });
  it("arange rejects a zero step and non-finite bounds", () => {
    expect(catchError(() => arange(0, 1, 0)).message).toBe("arange: expected finite start/stop and a non-zero step, got start 0, stop 1, step 0");
    expect(catchError(() => arange(0, Infinity)).message).toContain("stop Infinity");
  });
  it("linspace includes both ends exactly", () => {
    expectTensor(linspace(0, 1, 5), { shape: [5], values: [0, 0.25, 0.5, 0.75, 1] });
    expectTensor(linspace(1, 0.3, 3, "float64"), { shape: [3], dtype: "float64", values: [1, 0.65, 0.3] }, 1e-15);
    expect(values(linspace(0, 0.3, 4, "float64")).at(-1)).toBe(0.3);
    expectTensor(linspace(2, 3, 1), { shape: [1], values: [2] });
    expectTensor(linspace(2, 3, 0), { shape: [0], values: [] });
    expect(catchError(() => linspace(0, 1, -1)).message).toBe("linspace: num must be a non-negative integer, got -1");
    expect(catchError(() => linspace(0, 1, 2.5)).message).toBe("linspace: num must be a non-negative integer, got 2.5");
  });
  it("eye puts ones on the main diagonal of an n×m matrix", () => {
    expect(eye(3).toNested()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(eye(2, 3).toNested()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(eye(3, 2, "int32").toNested()).toEqual([[1, 0], [0, 1], [0, 0]]);
    expect(eye(0).shape).toEqual([0, 0]);
    expect(catchError(() => eye(-1)).message).toBe("eye: invalid dim 0: [-1, -1] (expected a non-negative safe integer, got -1)");
  });
});
