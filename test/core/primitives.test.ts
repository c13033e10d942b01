// The primitive set and its rule tables: every interpreter covers every primitive, transpose
// rules exist exactly for the linear ones, and the reference kernels that no user-facing op
// reaches directly (strided slice, interior padding, scatterAdd, iota, dot with transposed
// operands) compute what their definitions say.
import { describe, expect, it } from "vitest";
import { jvpRules } from "../../src/ad/jvp-rules.js";
import { transposeRules } from "../../src/ad/transpose-rules.js";
import { abstractEvalRules } from "../../src/core/abstract-eval.js";
import { DTypeError, LabelError } from "../../src/core/errors.js";
import { implRules } from "../../src/core/impl/index.js";
import { IndexOutOfRangeError } from "../../src/core/impl/structure.js";
import * as lax from "../../src/core/lax.js";
import { PRIMITIVES } from "../../src/core/primitives.js";
import { TensorShapeError } from "../../src/shape/index.js";
import { arange, fromArray, tensor } from "../../src/tensor/create.js";
import { catchError, expectTensor } from "../tensor/helpers.js";

describe("rule tables", () => {
  it("PRIMITIVES lists each primitive once, and impl, abstractEval and jvp have exactly those rules", () => {
    const all = [...PRIMITIVES].sort();
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(implRules).sort()).toEqual(all);
    expect(Object.keys(abstractEvalRules).sort()).toEqual(all);
    expect(Object.keys(jvpRules).sort()).toEqual(all);
  });
  it("transpose rules exist for the linear primitives only", () => {
    expect(Object.keys(transposeRules).sort()).toEqual([
      "add", "broadcast", "concatenate", "convert", "customLinear", "div", "dot", "gather", "mul", "neg", "pad", "reduceSum",
      "reshape", "scatterAdd", "select", "slice", "sub", "transpose",
    ]);
  });
});

describe("reference kernels", () => {
  it("checkIndices passes indices in [0, bound) through and names the first one outside", () => {
    expectTensor(lax.checkIndices(fromArray([0, 4, 2], [3], "int32"), "op", "label", 5), { shape: [3], dtype: "int32", values: [0, 4, 2] });
    const error = catchError(() => lax.checkIndices(fromArray([0, 5, -1], [3], "int32"), "embedding", "id", 5));
    expect(error).toBeInstanceOf(LabelError);
    expect(String(error)).toBe("LabelError: embedding: got id 5 at position 1 (expected ids in [0, 5))");
    expect(() => lax.checkIndices(fromArray([0.5], [1], "float32"), "op", "label", 5)).toThrow(DTypeError);
    expect(() => lax.checkIndices(fromArray([0], [1], "int32"), "op", "label", -1)).toThrow("checkIndices: bound must be a non-negative integer, got -1");
  });
  it("slice with strides takes every stride-th element from start up to limit", () => {
    const x = fromArray(Array.from({ length: 12 }, (_, i) => i), [3, 4]);
    expectTensor(lax.slice(x, [0, 1], [3, 4], [2, 2]), { shape: [2, 2], values: [1, 3, 9, 11] });
  });
  it("pad with interior puts gaps between elements", () => {
    expectTensor(lax.pad(tensor([1, 2, 3]), [1], [2], [1]), { shape: [8], values: [0, 1, 0, 2, 0, 3, 0, 0] });
    expectTensor(lax.pad(tensor([[1, 2], [3, 4]]), [0, 1], [1, 0], [1, 0]), { shape: [4, 3], values: [0, 1, 2, 0, 0, 0, 0, 3, 4, 0, 0, 0] });
  });
  it("scatterAdd adds updates into zeros, accumulating repeated indices", () => {
    const updates = tensor([[1, 2], [10, 20], [100, 200]]);
    expectTensor(lax.scatterAdd(updates, tensor([2, 0, 2], "int32"), 0, [3, 2]), { shape: [3, 2], values: [10, 20, 0, 0, 101, 202] });
    expect(catchError(() => lax.scatterAdd(updates, tensor([0, 3, 0], "int32"), 0, [3, 2])).message).toBe(
      "scatterAdd: index 3 at position 1 is out of range for axis 0 of size 3 (expected 0 <= index < 3)",
    );
    expect(catchError(() => lax.scatterAdd(updates, tensor([0, 9, 0], "int32"), 0, [3, 2]))).toBeInstanceOf(IndexOutOfRangeError);
  });
  it("iota counts along one axis", () => {
    expectTensor(lax.iota([2, 3], 1, "int32"), { shape: [2, 3], dtype: "int32", values: [0, 1, 2, 0, 1, 2] });
    expectTensor(lax.iota([2, 3], 0, "float32"), { shape: [2, 3], dtype: "float32", values: [0, 0, 0, 1, 1, 1] });
  });
  it("dot with transposed operands equals dot of the transposes", () => {
    const a = fromArray([1, 2, 3, 4, 5, 6], [3, 2]); // op(A) = Aᵀ is 2×3
    const b = fromArray([1, 0, -1, 2, 1, 0], [2, 3]); // op(B) = Bᵀ is 3×2
    const at = lax.transpose(a, [1, 0]);
    const bt = lax.transpose(b, [1, 0]);
    // Aᵀ·Bᵀ by hand: rows of Aᵀ are [1,3,5], [2,4,6]; columns of Bᵀ are [1,0,-1], [2,1,0]
    expectTensor(lax.dot(a, b, true, true), { shape: [2, 2], values: [-4, 5, -4, 8] });
    expectTensor(lax.dot(at, b, false, true), { shape: [2, 2], values: [-4, 5, -4, 8] });
    expectTensor(lax.dot(a, bt, true, false), { shape: [2, 2], values: [-4, 5, -4, 8] });
  });
  it("broadcast stretches size-1 axes and prepends new ones", () => {
    expectTensor(lax.broadcast(tensor([[1], [2]]), [2, 2, 3]), { shape: [2, 2, 3], values: [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2] });
  });
  it("reshape shares the immutable data: no copy is needed", () => {
    const x = arange(6);
    expectTensor(lax.reshape(x, [2, 3]), { shape: [2, 3], values: [0, 1, 2, 3, 4, 5] });
  });
});

describe("abstractEval errors name the primitive, the operands and what was expected", () => {
  it("binary primitives need identical shapes and dtypes (user-facing ops broadcast first)", () => {
    const err = catchError(() => lax.add(tensor([1, 2]), tensor([1, 2, 3])));
    expect(err).toBeInstanceOf(TensorShapeError);
    expect(err).toMatchObject({ op: "add", shapes: [[2], [3]], expected: "operands of identical shape (broadcast first)" });
    const d = catchError(() => lax.mul(tensor([1]), tensor([1], "int32")));
    expect(d).toBeInstanceOf(DTypeError);
    expect(d).toMatchObject({ _tag: "DTypeError", op: "mul", dtypes: ["float32", "int32"] });
  });
  it("structural primitives validate their parameters", () => {
    expect(catchError(() => lax.transpose(tensor([[1, 2]]), [0, 0])).message).toBe("transpose: got [1, 2], [0, 0] (expected a permutation of the 2 axes)");
    expect(catchError(() => lax.reduceSum(tensor([[1, 2]]), [1, 0])).message).toBe("reduceSum: got [1, 2] (expected sorted distinct axes, got [1, 0])");
    expect(catchError(() => lax.broadcast(tensor([1, 2]), [3])).message).toBe("broadcast: got [2], [3] (expected each dim of [2] to be 1 or equal to the trailing dims of [3])");
    expect(catchError(() => lax.select(tensor([1]), tensor([1]), tensor([2]))).message).toBe("select: got dtype float32, expected a bool predicate");
    expect(catchError(() => lax.concatenate([], 0)).message).toBe("concatenate: expected at least one operand");
  });
});
