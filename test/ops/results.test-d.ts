// The exact result type of every typed op: shape and dtype, for literal dims, `number` dims and
// negative axes. (Rejections are in shape-errors.test-d.ts.)
import { describe, expectTypeOf, it } from "vitest";
import {
  abs, add, cast, clip, cos, div, exp, log, maximum, minimum, mul, neg, pow, reciprocal, relu, sigmoid, sign, sin, sqrt,
  square, stopGradient, sub, tanh,
} from "../../src/ops/elementwise.js";
import { erf, erfc } from "../../src/ops/special.js";
import { equal, greater, greaterEqual, less, lessEqual, logicalNot, notEqual, where } from "../../src/ops/compare.js";
import { matmul } from "../../src/ops/matmul.js";
import { argmax, argmin, logsumexp, max, mean, min, sum, variance } from "../../src/ops/reduce.js";
import {
  broadcastTo, concat, expandDims, flatten, gather, oneHot, pad, permute, reshape, slice, squeeze, stack, swapLast, take, transpose,
} from "../../src/ops/structure.js";
import type { Shape } from "../../src/shape/index.js";
import { fromArray, full, linspace, ones, scalar, tensor, zeros } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";

declare const x: Tensor<[2, 3]>;
declare const row: Tensor<[3]>;
declare const col: Tensor<[2, 1]>;
declare const x64: Tensor<[2, 3], "float64">;
declare const i32: Tensor<[2, 3], "int32">;
declare const mask: Tensor<[2, 3], "bool">;
declare const batch: Tensor<[8, 2, 3]>;
declare const dyn: Tensor<[number, 3]>;
declare const t234: Tensor<[2, 3, 4]>;
declare const labels: Tensor<[5], "int32">;

describe("elementwise", () => {
  it("binary ops broadcast and keep the left tensor's dtype", () => {
    expectTypeOf(add(x, row)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(sub(col, row)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(mul(batch, x)).toEqualTypeOf<Tensor<[8, 2, 3], "float32">>();
    expectTypeOf(div(i32, 2)).toEqualTypeOf<Tensor<[2, 3], "int32">>();
    expectTypeOf(pow(2, x64)).toEqualTypeOf<Tensor<[2, 3], "float64">>();
    expectTypeOf(maximum(x, 0)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(minimum(dyn, row)).toEqualTypeOf<Tensor<[number, 3], "float32">>();
  });
  it("unary ops keep shape and dtype", () => {
    expectTypeOf(neg(i32)).toEqualTypeOf<Tensor<[2, 3], "int32">>();
    expectTypeOf(abs(i32)).toEqualTypeOf<Tensor<[2, 3], "int32">>();
    expectTypeOf(sign(x)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(square(x64)).toEqualTypeOf<Tensor<[2, 3], "float64">>();
    expectTypeOf(relu(dyn)).toEqualTypeOf<Tensor<[number, 3], "float32">>();
    for (const f of [exp, log, sqrt, sin, cos, tanh, sigmoid, reciprocal, erf, erfc]) {
      expectTypeOf(f(x64)).toEqualTypeOf<Tensor<[2, 3], "float64">>();
    }
    expectTypeOf(clip(x, 0, 1)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(stopGradient(x64)).toEqualTypeOf<Tensor<[2, 3], "float64">>();
  });
  it("cast changes only the dtype", () => {
    expectTypeOf(cast(x, "int32")).toEqualTypeOf<Tensor<[2, 3], "int32">>();
    expectTypeOf(cast(mask, "float64")).toEqualTypeOf<Tensor<[2, 3], "float64">>();
  });
  it("float-only ops refuse int32 and bool", () => {
    // @ts-expect-error log needs a float tensor
    log(i32);
    // @ts-expect-error sigmoid needs a float tensor
    sigmoid(mask);
    // @ts-expect-error erf needs a float tensor
    erf(i32);
  });
});

describe("comparisons and where", () => {
  it("comparisons give bool masks of the broadcast shape", () => {
    for (const f of [less, lessEqual, greater, greaterEqual, equal, notEqual]) {
      expectTypeOf(f(x, row)).toEqualTypeOf<Tensor<[2, 3], "bool">>();
      expectTypeOf(f(1, x64)).toEqualTypeOf<Tensor<[2, 3], "bool">>();
    }
    expectTypeOf(logicalNot(mask)).toEqualTypeOf<Tensor<[2, 3], "bool">>();
  });
  it("where broadcasts all three operands", () => {
    expectTypeOf(where(mask, x, 0)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(where(mask, row, col)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(where(greater(x64, 0), x64, 1)).toEqualTypeOf<Tensor<[2, 3], "float64">>();
  });
});

describe("reductions", () => {
  it("no axis gives a scalar", () => {
    expectTypeOf(sum(x)).toEqualTypeOf<Tensor<[], "float32">>();
    expectTypeOf(max(i32)).toEqualTypeOf<Tensor<[], "int32">>();
    expectTypeOf(argmax(x)).toEqualTypeOf<Tensor<[], "int32">>();
  });
  it("axes (negative, tuples) disappear, or stay as 1 with keepdims", () => {
    expectTypeOf(sum(t234, 1)).toEqualTypeOf<Tensor<[2, 4], "float32">>();
    expectTypeOf(mean(t234, -1)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(min(t234, [0, 2])).toEqualTypeOf<Tensor<[3], "float32">>();
    expectTypeOf(logsumexp(t234, -1, true)).toEqualTypeOf<Tensor<[2, 3, 1], "float32">>();
    expectTypeOf(variance(x64, 0)).toEqualTypeOf<Tensor<[3], "float64">>();
    expectTypeOf(max(dyn, 1, true)).toEqualTypeOf<Tensor<[number, 1], "float32">>();
    expectTypeOf(argmin(t234, [1, -1])).toEqualTypeOf<Tensor<[2], "int32">>();
  });
  it("mean, logsumexp and variance need floats; sum and max refuse bool", () => {
    // @ts-expect-error mean of int32
    mean(i32);
    // @ts-expect-error sum of a bool mask
    sum(mask);
  });
});

describe("matmul", () => {
  it("matrices, batches and broadcast batch dims", () => {
    expectTypeOf(matmul(x, transpose(x))).toEqualTypeOf<Tensor<[2, 2], "float32">>();
    expectTypeOf(matmul(batch, swapLast(x))).toEqualTypeOf<Tensor<[8, 2, 2], "float32">>();
    expectTypeOf(matmul(dyn, transpose(x))).toEqualTypeOf<Tensor<[number, 2], "float32">>();
    expectTypeOf(matmul(x64, transpose(x64))).toEqualTypeOf<Tensor<[2, 2], "float64">>();
  });
});

describe("structure", () => {
  it("reshape and flatten", () => {
    expectTypeOf(reshape(t234, [6, 4])).toEqualTypeOf<Tensor<[6, 4], "float32">>();
    expectTypeOf(reshape(t234, [-1, 4])).toEqualTypeOf<Tensor<[6, 4], "float32">>();
    expectTypeOf(flatten(t234)).toEqualTypeOf<Tensor<[24], "float32">>();
    expectTypeOf(flatten(t234, 1)).toEqualTypeOf<Tensor<[2, 12], "float32">>();
  });
  it("transpose, swapLast, permute", () => {
    expectTypeOf(transpose(t234)).toEqualTypeOf<Tensor<[4, 3, 2], "float32">>();
    expectTypeOf(swapLast(t234)).toEqualTypeOf<Tensor<[2, 4, 3], "float32">>();
    expectTypeOf(permute(t234, [1, 2, 0])).toEqualTypeOf<Tensor<[3, 4, 2], "float32">>();
  });
  it("broadcastTo, expandDims, squeeze", () => {
    expectTypeOf(broadcastTo(row, [5, 3])).toEqualTypeOf<Tensor<[5, 3], "float32">>();
    expectTypeOf(expandDims(x, 0)).toEqualTypeOf<Tensor<[1, 2, 3], "float32">>();
    expectTypeOf(expandDims(x, -1)).toEqualTypeOf<Tensor<[2, 3, 1], "float32">>();
    expectTypeOf(squeeze(col, 1)).toEqualTypeOf<Tensor<[2], "float32">>();
  });
  it("concat adds the axis dims; stack adds a new axis", () => {
    expectTypeOf(concat([x, x, x], 0)).toEqualTypeOf<Tensor<[6, 3], "float32">>();
    expectTypeOf(concat([x, col], -1)).toEqualTypeOf<Tensor<[2, 4], "float32">>();
    expectTypeOf(stack([row, row])).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(stack([x64, x64], 2)).toEqualTypeOf<Tensor<[2, 3, 2], "float64">>();
  });
  it("slice", () => {
    expectTypeOf(slice(t234, 2, 1, 3)).toEqualTypeOf<Tensor<[2, 3, 2], "float32">>();
    expectTypeOf(slice(t234, -1, -3, -1)).toEqualTypeOf<Tensor<[2, 3, 2], "float32">>();
  });
  it("take, pad and oneHot", () => {
    expectTypeOf(take(x, labels)).toEqualTypeOf<Tensor<[5, 3], "float32">>();
    expectTypeOf(take(x, labels, 1)).toEqualTypeOf<Tensor<[2, 5], "float32">>();
    expectTypeOf(take(x, tensor([[0, 1]], "int32"), -1)).toEqualTypeOf<Tensor<[2, 1, 2], "float32">>();
    expectTypeOf(gather).toEqualTypeOf(take);
    expectTypeOf(pad(x64, [[1, 1], [0, 2]])).toEqualTypeOf<Tensor<[4, 5], "float64">>();
    expectTypeOf(oneHot(labels, 10)).toEqualTypeOf<Tensor<[5, 10], "float32">>();
    expectTypeOf(oneHot(labels, 10, "float64")).toEqualTypeOf<Tensor<[5, 10], "float64">>();
  });
});

describe("constructors inside generic contexts keep their dtype", () => {
  it("concat and stack of freshly built tensors stay float32", () => {
    expectTypeOf(concat([zeros([2, 3]), ones([1, 3])], 0)).toEqualTypeOf<Tensor<[3, 3], "float32">>();
    expectTypeOf(stack([tensor([1, 2]), fromArray([3, 4], [2])])).toEqualTypeOf<Tensor<[2, 2], "float32">>();
    expectTypeOf(concat([full([2], 1, "float64"), linspace(0, 1, 1, "float64")], 0)).toEqualTypeOf<Tensor<[3], "float64">>();
    expectTypeOf(stack([scalar(1, "int32"), scalar(2, "int32")])).toEqualTypeOf<Tensor<[2], "int32">>();
  });
});
