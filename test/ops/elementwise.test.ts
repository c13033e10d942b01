// Elementwise ops: values against hand-computed results, NumPy broadcasting (size-1 axes and
// rank extension), numbers on either side, the dtype rules, NaN/Infinity as ordinary values,
// empty tensors, and the errors for shapes that do not broadcast and dtypes an op refuses.
import { describe, expect, it } from "vitest";
import { DTypeError } from "../../src/core/errors.js";
import {
  abs, add, cast, clip, cos, div, exp, log, maximum, minimum, mul, neg, pow, reciprocal, relu, sigmoid, sign, sin, sqrt,
  square, stopGradient, sub, tanh,
} from "../../src/ops/elementwise.js";
import { TensorShapeError } from "../../src/shape/index.js";
import { fromArray, scalar, tensor, zeros } from "../../src/tensor/create.js";
import { catchError, expectTensor, values } from "../tensor/helpers.js";

const x = tensor([[1, 2, 3], [4, 5, 6]]);

describe("binary arithmetic", () => {
  it("add, sub, mul, div, pow on equal shapes", () => {
    const y = tensor([[6, 5, 4], [3, 2, 1]]);
    expectTensor(add(x, y), { shape: [2, 3], values: [7, 7, 7, 7, 7, 7] });
    expectTensor(sub(x, y), { shape: [2, 3], values: [-5, -3, -1, 1, 3, 5] });
    expectTensor(mul(x, y), { shape: [2, 3], values: [6, 10, 12, 12, 10, 6] });
    expectTensor(div(x, y), { shape: [2, 3], values: [1 / 6, 2 / 5, 3 / 4, 4 / 3, 5 / 2, 6].map(Math.fround) });
    expectTensor(pow(x, y), { shape: [2, 3], values: [1, 32, 81, 64, 25, 6] });
  });
  it("maximum and minimum pick elementwise and propagate NaN", () => {
    const a = tensor([1, 5, Number.NaN, -Infinity]);
    const b = tensor([3, 2, 0, 1]);
    expect(values(maximum(a, b))).toEqual([3, 5, Number.NaN, 1]);
    expect(values(minimum(a, b))).toEqual([1, 2, Number.NaN, -Infinity]);
    expect(values(maximum(b, a))).toEqual([3, 5, Number.NaN, 1]);
  });
  it("broadcasts a row over every row and a column over every column", () => {
    expectTensor(add(x, tensor([10, 20, 30])), { shape: [2, 3], values: [11, 22, 33, 14, 25, 36] });
    expectTensor(mul(x, tensor([[10], [100]])), { shape: [2, 3], values: [10, 20, 30, 400, 500, 600] });
    // [3, 1] with [1, 2]: both operands stretch
    expectTensor(sub(tensor([[1], [2], [3]]), tensor([[10, 20]])), { shape: [3, 2], values: [-9, -19, -8, -18, -7, -17] });
  });
  it("extends the rank of the shorter operand on the left", () => {
    const batch = fromArray([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expectTensor(add(batch, tensor([[0, 10], [100, 1000]])), { shape: [2, 2, 2], values: [1, 12, 103, 1004, 5, 16, 107, 1008] });
    expectTensor(add(tensor([[1, 2]]), scalar(5)), { shape: [1, 2], values: [6, 7] });
    expectTensor(add(scalar(1), scalar(2)), { shape: [], values: [3] });
  });
  it("takes numbers on either side, in the tensor's dtype", () => {
    expectTensor(sub(x, 1), { shape: [2, 3], values: [0, 1, 2, 3, 4, 5] });
    expectTensor(sub(1, x), { shape: [2, 3], values: [0, -1, -2, -3, -4, -5] });
    expectTensor(div(1, tensor([1, 2, 4])), { shape: [3], values: [1, 0.5, 0.25] });
    expectTensor(pow(2, tensor([0, 3])), { shape: [2], values: [1, 8] });
    expectTensor(pow(tensor([2, 3]), 2), { shape: [2], values: [4, 9] });
    expectTensor(add(tensor([0], "float64"), 0.1), { shape: [1], dtype: "float64", values: [0.1] });
    expectTensor(add(tensor([0]), 0.1), { shape: [1], dtype: "float32", values: [Math.fround(0.1)] });
  });
  it("broadcasts against empty axes to an empty result", () => {
    expectTensor(add(zeros([0, 3]), tensor([1, 2, 3])), { shape: [0, 3], values: [] });
    expectTensor(mul(zeros([2, 0]), zeros([1, 0])), { shape: [2, 0], values: [] });
  });
  it("treats NaN and Infinity as values (IEEE arithmetic)", () => {
    expect(values(div(tensor([1, -1, 0]), tensor([0, 0, 0])))).toEqual([Infinity, -Infinity, Number.NaN]);
    expect(values(add(tensor([Infinity, Number.NaN]), tensor([-Infinity, 1])))).toEqual([Number.NaN, Number.NaN]);
    expect(values(pow(tensor([-8, 0]), tensor([1 / 3, -1])))).toEqual([Number.NaN, Infinity]);
  });
});

describe("dtype rules", () => {
  it("int32 arithmetic stays int32: division truncates toward zero, overflow wraps", () => {
    const a = tensor([7, -7, 7, 1], "int32");
    expectTensor(div(a, tensor([2, 2, -2, 0], "int32")), { shape: [4], dtype: "int32", values: [3, -3, -3, 0] });
    expectTensor(add(tensor([2147483647], "int32"), 1), { shape: [1], dtype: "int32", values: [-2147483648] });
    expectTensor(mul(tensor([3], "int32"), 2.5), { shape: [1], dtype: "int32", values: [6] }); // 2.5 becomes int32 2
    expectTensor(neg(tensor([3, -4], "int32")), { shape: [2], dtype: "int32", values: [-3, 4] });
  });
  it("float64 keeps what float32 rounds away", () => {
    const big = 16777217; // 2^24 + 1: not a float32
    expect(values(add(tensor([big - 1], "float64"), 1))).toEqual([big]);
    expect(values(add(tensor([big - 1]), 1))).toEqual([big - 1]);
  });
  it("refuses bool arithmetic and operands of different dtypes, naming the primitive and the dtypes", () => {
    const b = catchError(() => add(tensor([true]), tensor([false])));
    expect(b).toBeInstanceOf(DTypeError);
    expect(b).toMatchObject({ _tag: "DTypeError", op: "add", dtypes: ["bool"] });
    expect(b.message).toBe("add: got dtype bool, expected float32, float64 or int32");
    const mixed = catchError(() => add(tensor([1]), tensor([1], "float64") as never));
    expect(mixed).toMatchObject({ _tag: "DTypeError", op: "add", dtypes: ["float32", "float64"] });
    expect(mixed.message).toBe("add: got dtypes float32, float64, expected operands of the same dtype (use cast)");
  });
  it("refuses int32 in float-only ops (exp, log, pow)", () => {
    expect(catchError(() => exp(tensor([1], "int32") as never)).message).toBe("exp: got dtype int32, expected float32 or float64");
    expect(catchError(() => pow(tensor([2], "int32"), 2)).message).toBe("pow: got dtype int32, expected float32 or float64");
  });
});

describe("broadcast errors", () => {
  it("name the op, both shapes and the clashing dims", () => {
    const err = catchError(() => add(tensor([[1, 2, 3], [4, 5, 6]]), zeros([4, 3]) as never));
    expect(err).toBeInstanceOf(TensorShapeError);
    expect(err).toMatchObject({ _tag: "ShapeError", op: "add", shapes: [[2, 3], [4, 3]], expected: "dims 2 and 4 at axis -2 to be equal or 1" });
    expect(err.message).toBe("add: cannot broadcast [2, 3] with [4, 3] (expected dims 2 and 4 at axis -2 to be equal or 1)");
    expect(catchError(() => mul(zeros([3]), zeros([2]) as never)).message).toBe("mul: cannot broadcast [3] with [2] (expected dims 3 and 2 at axis -1 to be equal or 1)");
    expect(catchError(() => maximum(zeros([2, 3]), zeros([3, 2]) as never))).toMatchObject({ op: "maximum" });
  });
});

describe("unary ops", () => {
  const v = tensor([-2, -0.5, 0, 0.5, 2], "float64");
  const each = (f: (a: number) => number): number[] => [-2, -0.5, 0, 0.5, 2].map(f);
  it("match Math on float64", () => {
    expect(values(neg(v))).toEqual(each((a) => -a));
    expect(values(exp(v))).toEqual(each(Math.exp));
    expect(values(sin(v))).toEqual(each(Math.sin));
    expect(values(cos(v))).toEqual(each(Math.cos));
    expect(values(tanh(v))).toEqual(each(Math.tanh));
    expect(values(square(v))).toEqual([4, 0.25, 0, 0.25, 4]);
    expect(values(abs(v))).toEqual([2, 0.5, 0, 0.5, 2]);
    expect(values(sign(v))).toEqual([-1, -1, 0, 1, 1]);
    expect(values(relu(v))).toEqual([0, 0, 0, 0.5, 2]);
    expect(values(reciprocal(tensor([4, -0.5, 0], "float64")))).toEqual([0.25, -2, Infinity]);
    expect(values(log(tensor([1, Math.E, 0, -1], "float64")))).toEqual([0, 1, -Infinity, Number.NaN]);
    expect(values(sqrt(tensor([4, 2, 0, -1], "float64")))).toEqual([2, Math.SQRT2, 0, Number.NaN]);
  });
  it("sigmoid is 1/(1+e^-x), saturating without overflow for large |x|", () => {
    const s = values(sigmoid(tensor([0, 1, -3, 1000, -1000], "float64")));
    const expected = [0.5, 1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(3)), 1, 0];
    s.forEach((a, i) => expect(a).toBeCloseTo(expected[i] ?? Number.NaN, 14));
  });
  it("abs, sign, relu, neg and square accept int32 and keep it", () => {
    const i = tensor([-3, 0, 2], "int32");
    expectTensor(abs(i), { shape: [3], dtype: "int32", values: [3, 0, 2] });
    expectTensor(sign(i), { shape: [3], dtype: "int32", values: [-1, 0, 1] });
    expectTensor(relu(i), { shape: [3], dtype: "int32", values: [0, 0, 2] });
    expectTensor(square(i), { shape: [3], dtype: "int32", values: [9, 0, 4] });
  });
  it("sign of NaN is 0 and abs of NaN is NaN; ±Infinity keep their sign", () => {
    expect(values(sign(tensor([Number.NaN, -Infinity, Infinity])))).toEqual([0, -1, 1]);
    expect(values(abs(tensor([Number.NaN, -Infinity])))).toEqual([Number.NaN, Infinity]);
  });
  it("keep the shape, including empty shapes", () => {
    expectTensor(exp(zeros([0, 4])), { shape: [0, 4], values: [] });
    expectTensor(neg(scalar(2)), { shape: [], values: [-2] });
  });
});

describe("clip, cast, stopGradient", () => {
  it("clip limits to [lo, hi] and keeps NaN", () => {
    expect(values(clip(tensor([-2, 0.5, 3, Number.NaN]), 0, 1))).toEqual([0, 0.5, 1, Number.NaN]);
    expect(values(clip(tensor([-5, 5], "int32"), -1, 2))).toEqual([-1, 2]);
    expect(catchError(() => clip(tensor([1]), 2, 1)).message).toBe("clip: expected lo <= hi, got lo 2, hi 1");
  });
  it("cast to int32 truncates toward zero (NaN → 0); to bool is x ≠ 0; bool to float is 0/1", () => {
    expectTensor(cast(tensor([1.7, -1.7, 0.5, -0.5, Number.NaN]), "int32"), { shape: [5], dtype: "int32", values: [1, -1, 0, 0, 0] });
    expectTensor(cast(tensor([0, -0, 2, Number.NaN]), "bool"), { shape: [4], dtype: "bool", values: [0, 0, 1, 1] });
    expectTensor(cast(tensor([true, false]), "float64"), { shape: [2], dtype: "float64", values: [1, 0] });
    expectTensor(cast(tensor([3, -4], "int32"), "float32"), { shape: [2], dtype: "float32", values: [3, -4] });
    expect(values(cast(tensor([0.1], "float64"), "float32"))).toEqual([Math.fround(0.1)]);
  });
  it("cast to the same dtype is the same tensor", () => {
    const t = tensor([1, 2]);
    expect(cast(t, "float32")).toBe(t);
  });
  it("stopGradient is the identity on values", () => {
    expectTensor(stopGradient(x), { shape: [2, 3], values: [1, 2, 3, 4, 5, 6] });
  });
});
