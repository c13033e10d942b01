// Byte order: known encodings, agreement between the copying and the DataView paths (each
// element's bytes reversed must read the same in the other order), and fresh, unshared results.

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostByteOrder, readByDataView, readNumbers, writeNumbers } from "../../src/io/endian.js";
import type { RawData, RawDType } from "../../src/io/raw.js";

const reverseEach = (bytes: Uint8Array, size: number): Uint8Array =>
  Uint8Array.from(bytes, (_, i) => bytes[i - (i % size) + (size - 1 - (i % size))] ?? 0);

describe("readNumbers", () => {
  it("reads hand-encoded values in either order", () => {
    // 1.0f = 0x3F800000, -2 = 0xFFFFFFFE, 0.5 = 0x3FE0000000000000
    expect(readNumbers("float32", Uint8Array.from([0x3f, 0x80, 0, 0]), 0, 1, "big")).toEqual(Float32Array.from([1]));
    expect(readNumbers("float32", Uint8Array.from([0, 0, 0x80, 0x3f]), 0, 1, "little")).toEqual(Float32Array.from([1]));
    expect(readNumbers("int32", Uint8Array.from([0xff, 0xff, 0xff, 0xfe]), 0, 1, "big")).toEqual(Int32Array.from([-2]));
    expect(readNumbers("int32", Uint8Array.from([0xfe, 0xff, 0xff, 0xff]), 0, 1, "little")).toEqual(Int32Array.from([-2]));
    expect(readNumbers("float64", Uint8Array.from([0x3f, 0xe0, 0, 0, 0, 0, 0, 0]), 0, 1, "big")).toEqual(Float64Array.from([0.5]));
    expect(readNumbers("uint8", Uint8Array.from([9, 8, 7]), 1, 2, "big")).toEqual(Uint8Array.from([8, 7]));
  });

  it("the two orders agree once each element's bytes are reversed", () => {
    const cases: readonly [RawDType, number][] = [["float32", 4], ["float64", 8], ["int32", 4]];
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.uint8Array({ maxLength: 64 }), fc.nat(3), ([dtype, size], raw, offset) => {
        const count = Math.floor(raw.length / size);
        const bytes = new Uint8Array(offset + count * size);
        bytes.set(raw.subarray(0, count * size), offset);
        const little = readNumbers(dtype, bytes, offset, count, "little");
        const big = readNumbers(dtype, reverseEach(bytes.subarray(offset), size), 0, count, "big");
        // toEqual compares numbers with Object.is: -0 differs from 0, and NaN equals NaN.
        expect([...big]).toEqual([...little]);
      }),
    );
  });

  it("the DataView path agrees with the copying path in the host's own order", () => {
    const bytes = Uint8Array.from({ length: 24 }, (_, i) => (i * 37 + 11) % 251);
    for (const dtype of ["float32", "float64", "int32"] as const) {
      const count = 24 / (dtype === "float64" ? 8 : 4);
      expect(readByDataView(dtype, bytes, 0, count, hostByteOrder)).toEqual(readNumbers(dtype, bytes, 0, count, hostByteOrder));
    }
  });

  it("returns a fresh array even from a pooled Node Buffer at an unaligned offset", () => {
    const pooled = Buffer.from([1, 0, 0, 0x80, 0x3f, 5]);
    const values = readNumbers("float32", pooled, 1, 1, "little");
    expect(values).toEqual(Float32Array.from([1]));
    expect(values.buffer).not.toBe(pooled.buffer);
    const bytes = readNumbers("uint8", pooled, 5, 1, "little");
    pooled[5] = 0;
    expect(bytes).toEqual(Uint8Array.from([5]));
  });
});

describe("writeNumbers", () => {
  it("writes hand-checked bytes in either order", () => {
    const out = new Uint8Array(10);
    writeNumbers(Float32Array.from([1]), out, 1, "big");
    writeNumbers(Int32Array.from([-2]), out, 5, "little");
    expect([...out]).toEqual([0, 0x3f, 0x80, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0]);
  });

  it("is undone by readNumbers in both orders", () => {
    const data: readonly RawData[] = [
      Float32Array.from([1.5, -0, Infinity]),
      Float64Array.from([Math.E, -1e300]),
      Int32Array.from([-(2 ** 31), 2 ** 31 - 1]),
      Uint8Array.from([0, 255]),
    ];
    for (const order of ["little", "big"] as const) {
      for (const d of data) {
        const out = new Uint8Array(d.byteLength + 2);
        writeNumbers(d, out, 2, order);
        const dtype = d instanceof Float32Array ? "float32" : d instanceof Float64Array ? "float64" : d instanceof Int32Array ? "int32" : "uint8";
        expect(readNumbers(dtype, out, 2, d.length, order)).toEqual(d);
      }
    }
  });
});
