// RawArray helpers: element counts and the consistency check writers rely on.

import { describe, expect, it } from "vitest";
import { allocate, assertRawArray, dtypeOfData, elementCount } from "../../src/io/raw.js";

describe("elementCount", () => {
  it("is the product of the dims, 1 for a scalar and 0 with any zero dim", () => {
    expect(elementCount([])).toBe(1);
    expect(elementCount([2, 3, 4])).toBe(24);
    expect(elementCount([5, 0, 7])).toBe(0);
  });
});

describe("allocate and dtypeOfData agree", () => {
  it.each(["float32", "float64", "int32", "uint8"] as const)("%s", (dtype) => {
    const data = allocate(dtype, 3);
    expect(data.length).toBe(3);
    expect(dtypeOfData(data)).toBe(dtype);
  });

  it("treats a Node Buffer as uint8", () => {
    expect(dtypeOfData(Buffer.from([1]))).toBe("uint8");
  });
});

describe("assertRawArray", () => {
  it("accepts a consistent array, scalars and empty arrays included", () => {
    expect(() => assertRawArray("op", "a", { dtype: "int32", shape: [2, 2], data: new Int32Array(4) })).not.toThrow();
    expect(() => assertRawArray("op", "s", { dtype: "float64", shape: [], data: new Float64Array(1) })).not.toThrow();
    expect(() => assertRawArray("op", "e", { dtype: "uint8", shape: [0, 9], data: new Uint8Array(0) })).not.toThrow();
  });

  it("names the operation and the array, and says what was expected", () => {
    expect(() => assertRawArray("save", "w", { dtype: "float32", shape: [3], data: new Float32Array(2) })).toThrow(
      'save: array "w": shape [3] needs 3 elements but data has 2',
    );
    expect(() => assertRawArray("save", "w", { dtype: "int32", shape: [1], data: new Uint8Array(1) })).toThrow(
      'save: array "w": dtype is int32 but data is a Uint8Array',
    );
    expect(() => assertRawArray("save", "w", { dtype: "uint8", shape: [Number.NaN], data: new Uint8Array(0) })).toThrow(
      /shape \[null\] must be a list of non-negative integers/,
    );
  });
});
