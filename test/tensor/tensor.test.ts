// A Tensor is an immutable value: nothing a caller holds (the array it was built from, the copy
// it reads out, its shape) can change it. Also the readers: toArray, toNested, item, size, rank.
import { describe, expect, it } from "vitest";
import { fromArray, scalar, tensor, zeros } from "../../src/tensor/create.js";
import { catchError, values } from "./helpers.js";

describe("immutability", () => {
  it("toArray returns a copy: writing to it does not change the tensor", () => {
    const t = tensor([1, 2, 3]);
    const copy = t.toArray();
    copy[0] = 100;
    expect(values(t)).toEqual([1, 2, 3]);
    expect(t.toArray()).not.toBe(t.toArray());
  });
  it("fromArray and tensor copy their input: later writes to it do not change the tensor", () => {
    const data = new Float32Array([1, 2, 3, 4]);
    const t = fromArray(data, [2, 2]);
    data[3] = -1;
    expect(values(t)).toEqual([1, 2, 3, 4]);
    const nested = [[1, 2], [3, 4]];
    const u = tensor(nested);
    (nested[0] ?? [])[0] = 9;
    expect(values(u)).toEqual([1, 2, 3, 4]);
  });
  it("the shape is a frozen copy of the shape given", () => {
    const shape = [2, 3];
    const t = zeros(shape);
    shape[0] = 7;
    expect(t.shape).toEqual([2, 3]);
    expect(Object.isFrozen(t.shape)).toBe(true);
    expect(() => (t.shape as unknown as number[]).push(4)).toThrow(TypeError);
    expect(t.shape).toEqual([2, 3]);
  });
  it("toNested builds fresh arrays", () => {
    const t = tensor([[1, 2]]);
    const n = t.toNested();
    (n[0] ?? [])[0] = 5;
    expect(t.toNested()).toEqual([[1, 2]]);
  });
});

describe("readers", () => {
  it("toArray returns the typed array of the dtype", () => {
    expect(tensor([1.5]).toArray()).toBeInstanceOf(Float32Array);
    expect(tensor([1.5], "float64").toArray()).toBeInstanceOf(Float64Array);
    expect(tensor([1], "int32").toArray()).toBeInstanceOf(Int32Array);
    expect(tensor([true]).toArray()).toBeInstanceOf(Uint8Array);
  });
  it("toNested mirrors the shape, with booleans for bool and a bare number for rank 0", () => {
    expect(tensor([[1, 2, 3], [4, 5, 6]]).toNested()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(fromArray([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]).toNested()).toEqual([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
    expect(tensor([[true, false]]).toNested()).toEqual([[true, false]]);
    expect(scalar(2.5).toNested()).toBe(2.5);
    expect(scalar(false, "bool").toNested()).toBe(false);
    expect(zeros([2, 0, 3]).toNested()).toEqual([[], []]);
    expect(zeros([0, 3]).toNested()).toEqual([]);
  });
  it("item reads the single element of any size-1 tensor", () => {
    expect(scalar(4).item()).toBe(4);
    expect(tensor([[[-2.5]]]).item()).toBe(-2.5);
    expect(tensor([true]).item()).toBe(true);
    expect(tensor([7], "int32").item()).toBe(7);
  });
  it("item on a tensor without exactly one element is an error naming the shape", () => {
    const two = catchError(() => tensor([1, 2]).item());
    expect(two).toBeInstanceOf(RangeError);
    expect(two.message).toBe("item: expected a tensor with exactly one element, got shape [2] (2 elements)");
    expect(catchError(() => zeros([3, 0]).item()).message).toBe("item: expected a tensor with exactly one element, got shape [3, 0] (0 elements)");
  });
  it("size and rank", () => {
    expect(zeros([2, 3, 4]).size).toBe(24);
    expect(zeros([2, 3, 4]).rank).toBe(3);
    expect(scalar(1).size).toBe(1);
    expect(scalar(1).rank).toBe(0);
    expect(zeros([5, 0]).size).toBe(0);
    expect(zeros([1]).isConcrete).toBe(true);
  });
});
