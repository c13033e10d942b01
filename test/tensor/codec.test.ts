import * as E from "fp-ts/lib/Either.js";
import { PathReporter } from "io-ts/lib/PathReporter.js";
import { describe, expect, it } from "vitest";
import { refineTensor, TensorCodec } from "../../src/tensor/codec.js";
import { fromArray, tensor } from "../../src/tensor/index.js";

describe("refineTensor", () => {
  it("types a runtime-shaped tensor when it fits the spec", () => {
    const loaded = fromArray([1, 2, 3, 4, 5, 6], [3, 2]);
    const r = refineTensor(loaded, [null, 2]);
    expect(E.isRight(r) && r.right.shape).toEqual([3, 2]);
  });
  it("says which dim of which shape was expected to be what", () => {
    const r = refineTensor(fromArray(new Array(3 * 783).fill(0), [3, 783]), [null, 784]);
    expect(E.isLeft(r) && r.left.message).toBe("dim 1 is 783 in [3, 783], expected 784");
  });
  it("checks the dtype", () => {
    const r = refineTensor(tensor([1, 2], "float64"), [2]);
    expect(E.isLeft(r) && r.left.message).toBe("expected a float32 tensor, got float64");
  });
  it("binds named dims consistently", () => {
    expect(E.isRight(refineTensor(fromArray([1, 2, 3, 4], [2, 2]), ["n", "n"]))).toBe(true);
    expect(E.isLeft(refineTensor(fromArray([1, 2, 3, 4, 5, 6], [2, 3]), ["n", "n"]))).toBe(true);
  });
});

describe("TensorCodec", () => {
  const Points = TensorCodec([null, 2], "float64");
  it("decodes nested arrays and { shape, data } into typed tensors", () => {
    const a = Points.decode([[1, 2], [3, 4], [5, 6]]);
    expect(E.isRight(a) && a.right.toNested()).toEqual([[1, 2], [3, 4], [5, 6]]);
    const b = Points.decode({ shape: [1, 2], data: [7, 8] });
    expect(E.isRight(b) && [b.right.dtype, Array.from(b.right.toArray())]).toEqual(["float64", [7, 8]]);
  });
  it("reports the bad dim, raggedness, a length mismatch and garbage", () => {
    const msg = (u: unknown) => PathReporter.report(Points.decode(u)).join("\n");
    expect(msg([[1, 2, 3]])).toContain("dim 1 is 3 in [1, 3], expected 2");
    expect(msg([[1, 2], [3]])).toContain("ragged nested array at data[1]");
    expect(msg({ shape: [2, 2], data: [1, 2, 3] })).toContain("shape [2, 2] needs 4 values, got 3");
    expect(msg("hello")).toContain("expected nested arrays of numbers or { shape, data }");
  });
  it("refuses non-integers and values outside int32 for an int32 codec, naming the index", () => {
    const Ids = TensorCodec([null], "int32");
    const msg = (u: unknown) => PathReporter.report(Ids.decode(u)).join("\n");
    expect(msg([1, 2.5])).toContain("TensorCodec: int32 data at index 1 is 2.5, which is not an integer");
    expect(msg({ shape: [2], data: [0, 3e9] })).toContain("TensorCodec: int32 data at index 1 is 3000000000, which is outside int32's range");
    const ok = Ids.decode([0, -3, 2 ** 31 - 1]);
    expect(E.isRight(ok) && Array.from(ok.right.toArray())).toEqual([0, -3, 2 ** 31 - 1]);
  });
  it("round-trips through encode", () => {
    const x = Points.decode([[1.5, -2]]);
    if (E.isLeft(x)) throw new Error("decode failed");
    expect(Points.encode(x.right)).toEqual({ shape: [1, 2], data: [1.5, -2] });
    const again = Points.decode(Points.encode(x.right));
    expect(E.isRight(again) && again.right.toNested()).toEqual([[1.5, -2]]);
  });
});
