// safetensors: agreement with the published format in both directions (a file assembled by hand
// from the specification, and a hand-written reader of our encoder's output), byte-exact
// round-trips over random arrays, and copying out rather than aliasing the input.

import * as fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { RawArray, RawDType } from "../../src/io/raw.js";
import { decodeSafetensors, encodeSafetensors, type Safetensors } from "../../src/io/safetensors.js";

const bytesOf = (a: RawArray): Uint8Array => new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);

const decoded = (bytes: Uint8Array): Safetensors => {
  const result = decodeSafetensors(bytes);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

/** A whole file: the 8-byte little-endian length, the header text, then the data bytes. */
const assemble = (header: string, data: readonly number[]): Uint8Array => {
  const headerBytes = new TextEncoder().encode(header);
  const n = headerBytes.length;
  const prefix = [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff, 0, 0, 0, 0];
  return Uint8Array.from([...prefix, ...headerBytes, ...data]);
};

describe("decodeSafetensors reads a file assembled by hand from the specification", () => {
  // Data buffer, little-endian, with byte values worked out by hand:
  //   b  F64 1.5      = 0x3FF8000000000000 → 00 00 00 00 00 00 F8 3F   [0, 8)
  //   a  F32 1.0      = 0x3F800000         → 00 00 80 3F                [8, 12)
  //      F32 -2.5     = 0xC0200000         → 00 00 20 C0                [12, 16)
  //   c  I32 -2       = 0xFFFFFFFE         → FE FF FF FF                [16, 20)
  //   d  U8 0 127 255                      → 00 7F FF                   [20, 23)
  //   e  F32 [0, 5], no elements                                        [23, 23)
  const data = [
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f,
    0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc0,
    0xfe, 0xff, 0xff, 0xff,
    0x00, 0x7f, 0xff,
  ];
  // Header order differs from data order, and JSON whitespace and space padding are allowed.
  const header =
    '{"a": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]},\n' +
    ' "__metadata__": {"format": "pt", "note": "caf\\u00e9 \\"x\\""},\n' +
    ' "e": {"dtype": "F32", "shape": [0, 5], "data_offsets": [23, 23]},\n' +
    ' "b": {"dtype": "F64", "shape": [], "data_offsets": [0, 8]},\n' +
    ' "d": {"dtype": "U8", "shape": [3], "data_offsets": [20, 23]},\n' +
    ' "c": {"dtype": "I32", "shape": [1, 1], "data_offsets": [16, 20]}}     ';
  const file = decoded(assemble(header, data));

  it("finds every tensor with its dtype, shape and values", () => {
    expect([...file.tensors.keys()].sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(file.tensors.get("a")).toEqual({ dtype: "float32", shape: [2], data: Float32Array.from([1, -2.5]) });
    expect(file.tensors.get("b")).toEqual({ dtype: "float64", shape: [], data: Float64Array.from([1.5]) });
    expect(file.tensors.get("c")).toEqual({ dtype: "int32", shape: [1, 1], data: Int32Array.from([-2]) });
    expect(file.tensors.get("d")).toEqual({ dtype: "uint8", shape: [3], data: Uint8Array.from([0, 127, 255]) });
    expect(file.tensors.get("e")).toEqual({ dtype: "float32", shape: [0, 5], data: new Float32Array(0) });
  });

  it("reads the metadata strings, escapes included", () => {
    expect(file.metadata).toEqual({ format: "pt", note: 'café "x"' });
  });

  it("returns empty metadata when the header has none", () => {
    const bare = decoded(assemble('{"x":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', [9]));
    expect(bare.metadata).toEqual({});
    expect(bare.tensors.get("x")?.data).toEqual(Uint8Array.from([9]));
  });
});

/** A reader written straight from the specification, sharing no code with the library. */
const referenceRead = (bytes: Uint8Array) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const headerText = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  const header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> = JSON.parse(headerText);
  const read: Record<string, (at: number) => number> = {
    F32: (at) => view.getFloat32(at, true),
    F64: (at) => view.getFloat64(at, true),
    I32: (at) => view.getInt32(at, true),
    U8: (at) => view.getUint8(at),
  };
  const size: Record<string, number> = { F32: 4, F64: 8, I32: 4, U8: 1 };
  const tensors = Object.entries(header)
    .filter(([name]) => name !== "__metadata__")
    .map(([name, { dtype, shape, data_offsets: [begin, end] }]) => {
      const s = size[dtype] ?? 0;
      const values = Array.from({ length: (end - begin) / s }, (_, i) => read[dtype]?.(8 + n + begin + i * s));
      return { name, dtype, shape, begin, end, values };
    });
  return { n, headerText, tensors };
};

describe("encodeSafetensors writes what the specification says", () => {
  it("pins the bytes of a one-tensor file", () => {
    const bytes = encodeSafetensors({ w: { dtype: "float32", shape: [2], data: Float32Array.from([1, -2.5]) } });
    const json = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'; // 54 bytes, padded to 56
    expect(json.length).toBe(54);
    const expected = [56, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode(json), 0x20, 0x20, 0, 0, 0x80, 0x3f, 0, 0, 0x20, 0xc0];
    expect([...bytes]).toEqual(expected);
  });

  it("pads the header to 8 bytes, lays tensors out by element size then name, each aligned to its size", () => {
    const entries: Record<string, RawArray> = {
      z8: { dtype: "uint8", shape: [3], data: Uint8Array.from([1, 2, 3]) },
      b32: { dtype: "float32", shape: [1], data: Float32Array.from([0.5]) },
      a32: { dtype: "int32", shape: [2], data: Int32Array.from([-7, 2 ** 31 - 1]) },
      m64: { dtype: "float64", shape: [1, 1], data: Float64Array.from([Math.PI]) },
      a8: { dtype: "uint8", shape: [1], data: Uint8Array.from([200]) },
    };
    const bytes = encodeSafetensors(entries, { epoch: "3" });
    const { n, headerText, tensors } = referenceRead(bytes);
    expect((8 + n) % 8).toBe(0);
    expect(headerText.trimEnd().endsWith("}")).toBe(true);
    expect(headerText.slice(headerText.trimEnd().length)).toMatch(/^ *$/);
    expect(JSON.parse(headerText).__metadata__).toEqual({ epoch: "3" });
    expect(tensors.sort((a, b) => a.begin - b.begin).map((t) => t.name)).toEqual(["m64", "a32", "b32", "a8", "z8"]);
    for (const t of tensors) {
      expect((8 + n + t.begin) % ({ F64: 8, F32: 4, I32: 4, U8: 1 }[t.dtype] ?? 0)).toBe(0);
      const source = entries[t.name];
      expect(t.values).toEqual(source === undefined ? [] : [...source.data]);
    }
    expect(bytes.length).toBe(8 + n + 8 + 8 + 4 + 1 + 3);
  });

  it("encodes a Map and the equivalent record to the same bytes", () => {
    const a: RawArray = { dtype: "int32", shape: [2], data: Int32Array.from([1, 2]) };
    const b: RawArray = { dtype: "uint8", shape: [], data: Uint8Array.from([5]) };
    expect(encodeSafetensors(new Map([["b", b], ["a", a]]))).toEqual(encodeSafetensors({ a, b }));
  });

  it("accepts any ReadonlyMap, not only a Map", () => {
    const a: RawArray = { dtype: "uint8", shape: [1], data: Uint8Array.from([3]) };
    const inner = new Map([["a", a]]);
    const view: ReadonlyMap<string, RawArray> = {
      get: (k) => inner.get(k),
      has: (k) => inner.has(k),
      forEach: (f) => inner.forEach(f),
      get size() {
        return inner.size;
      },
      entries: () => inner.entries(),
      keys: () => inner.keys(),
      values: () => inner.values(),
      [Symbol.iterator]: () => inner[Symbol.iterator](),
    };
    expect(encodeSafetensors(view)).toEqual(encodeSafetensors(inner));
  });

  it("writes only the viewed part of an array that views a larger buffer", () => {
    const buffer = new Float32Array([9, 1, 2, 9]).buffer;
    const bytes = encodeSafetensors({ v: { dtype: "float32", shape: [2], data: new Float32Array(buffer, 4, 2) } });
    expect(decoded(bytes).tensors.get("v")?.data).toEqual(Float32Array.from([1, 2]));
    expect(bytes.length).toBe(8 + 56 + 8);
  });

  it("refuses to write a header longer than readers accept", () => {
    expect(() => encodeSafetensors({}, { note: "x".repeat(100_000_000) })).toThrow(
      /encodeSafetensors: the header would take 100000032 bytes, more than the 100000000 readers accept/,
    );
  });

  it("encodes an empty collection as a valid, empty file", () => {
    const bytes = encodeSafetensors({});
    expect(new TextDecoder().decode(bytes.subarray(8))).toBe("{}      ");
    const file = decoded(bytes);
    expect(file.tensors.size).toBe(0);
  });
});

describe("round-trips", () => {
  const dtypes: readonly RawDType[] = ["float32", "float64", "int32", "uint8"];
  const arrayOf = (dtype: RawDType, n: number): fc.Arbitrary<RawArray["data"]> => {
    const length = { minLength: n, maxLength: n };
    switch (dtype) {
      case "float32":
        return fc.float32Array(length);
      case "float64":
        return fc.float64Array(length);
      case "int32":
        return fc.int32Array(length);
      case "uint8":
        return fc.uint8Array(length);
    }
  };
  const rawArray: fc.Arbitrary<RawArray> = fc
    .tuple(fc.constantFrom(...dtypes), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }))
    .chain(([dtype, shape]) =>
      arrayOf(dtype, shape.reduce((n, d) => n * d, 1)).map((data): RawArray => ({ dtype, shape, data })),
    );
  const name = fc.string({ unit: "binary", maxLength: 10 }).filter((s) => s !== "__metadata__");
  const collection = fc.uniqueArray(fc.tuple(name, rawArray), { selector: ([n]) => n, maxLength: 6 });
  const metadata = fc.dictionary(fc.string({ unit: "binary", maxLength: 8 }), fc.string({ unit: "binary", maxLength: 8 }), {
    maxKeys: 3,
    noNullPrototype: true,
  });

  it("decode ∘ encode is the identity, bit for bit (NaN payloads included)", () => {
    fc.assert(
      fc.property(collection, metadata, (pairs, meta) => {
        const file = decoded(encodeSafetensors(new Map(pairs), meta));
        expect(file.metadata).toEqual(meta);
        expect(file.tensors.size).toBe(pairs.length);
        for (const [n, array] of pairs) {
          const back = file.tensors.get(n);
          expect(back?.dtype).toBe(array.dtype);
          expect(back?.shape).toEqual(array.shape);
          expect(back === undefined ? undefined : bytesOf(back)).toEqual(bytesOf(array));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("keeps names that are special to JavaScript objects as plain names", () => {
    const one: RawArray = { dtype: "uint8", shape: [1], data: Uint8Array.from([1]) };
    const names = ["__proto__", "constructor", "toString", "", "0", "with \"quotes\" and \\ and \n"];
    const file = decoded(encodeSafetensors(new Map(names.map((n) => [n, one])), { ["__proto__"]: "kept" }));
    expect([...file.tensors.keys()].sort()).toEqual([...names].sort());
    expect(Object.entries(file.metadata)).toEqual([["__proto__", "kept"]]);
  });
});

describe("decoded arrays never alias the input", () => {
  const arrays: Record<string, RawArray> = {
    f: { dtype: "float32", shape: [3], data: Float32Array.from([1, 2, 3]) },
    u: { dtype: "uint8", shape: [2], data: Uint8Array.from([4, 5]) },
  };

  it("changing the file's bytes afterwards leaves the arrays unchanged", () => {
    const bytes = encodeSafetensors(arrays);
    const file = decoded(bytes);
    bytes.fill(0xee, bytes.length - 14);
    expect(file.tensors.get("f")?.data).toEqual(Float32Array.from([1, 2, 3]));
    expect(file.tensors.get("u")?.data).toEqual(Uint8Array.from([4, 5]));
    for (const t of file.tensors.values()) expect(t.data.buffer).not.toBe(bytes.buffer);
  });

  it("reads a file that sits at an odd offset inside a larger buffer (such as a Node Buffer)", () => {
    const bytes = encodeSafetensors(arrays);
    const host = Buffer.alloc(bytes.length + 3);
    host.set(bytes, 3);
    const file = decoded(host.subarray(3));
    expect(file.tensors.get("f")?.data).toEqual(Float32Array.from([1, 2, 3]));
    host.fill(0);
    expect(file.tensors.get("u")?.data).toEqual(Uint8Array.from([4, 5]));
  });
});

describe("encodeSafetensors refuses inconsistent input with the array's name", () => {
  it.each([
    ["a shape that does not match the data", { dtype: "float32", shape: [2, 2], data: new Float32Array(3) }, /"w".*shape \[2, 2\] needs 4 elements but data has 3/],
    ["a dtype that does not match the data", { dtype: "float64", shape: [2], data: new Float32Array(2) }, /"w".*dtype is float64 but data is a Float32Array/],
    ["a negative dim", { dtype: "uint8", shape: [-1], data: new Uint8Array(0) }, /"w".*non-negative integers/],
    ["a fractional dim", { dtype: "uint8", shape: [1.5], data: new Uint8Array(1) }, /"w".*non-negative integers/],
  ] satisfies readonly [string, RawArray, RegExp][])("%s", (_, array, message) => {
    expect(() => encodeSafetensors({ w: array })).toThrow(message);
  });

  it("refuses the reserved name __metadata__", () => {
    expect(() => encodeSafetensors({ __metadata__: { dtype: "uint8", shape: [], data: new Uint8Array(1) } })).toThrow(
      /reserved for metadata/,
    );
  });

  it("refuses metadata values that are not strings", () => {
    const meta: Record<string, string> = JSON.parse('{"epoch": 3}');
    expect(() => encodeSafetensors({}, meta)).toThrow(/metadata "epoch" must be a string, got number/);
  });
});
