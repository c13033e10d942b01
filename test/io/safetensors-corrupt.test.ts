// safetensors decoding of damaged and hostile files: every truncation, every single-bit flip in
// the header, wrong dtypes, shapes and offsets, overlaps and holes. Each must come back as an
// error value naming the tensor and field, never as an exception or a silently wrong array.

import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { RawArray } from "../../src/io/raw.js";
import { decodeSafetensors, encodeSafetensors, type SafetensorsError } from "../../src/io/safetensors.js";
import { MAX_HEADER_BYTES } from "../../src/io/safetensors-header.js";

const failure = (bytes: Uint8Array): SafetensorsError => {
  const result = decodeSafetensors(bytes);
  if (E.isRight(result)) throw new Error("expected the file to be refused, but it decoded");
  return result.left;
};

const withHeader = (header: string, dataLength: number): Uint8Array => {
  const text = new TextEncoder().encode(header);
  const bytes = new Uint8Array(8 + text.length + dataLength);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(text.length), true);
  bytes.set(text, 8);
  return bytes;
};

const entry = (dtype: unknown, shape: unknown, offsets: unknown): string =>
  JSON.stringify({ dtype, shape, data_offsets: offsets });

const sample: Record<string, RawArray> = {
  "layers.0.w": { dtype: "float32", shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
  "layers.0.b": { dtype: "float64", shape: [2], data: Float64Array.from([-1, 0.25]) },
  labels: { dtype: "int32", shape: [3], data: Int32Array.from([7, -8, 9]) },
  mask: { dtype: "uint8", shape: [2], data: Uint8Array.from([0, 1]) },
};
const good = encodeSafetensors(sample, { step: "10" });
const headerEnd = 8 + Number(new DataView(good.buffer).getBigUint64(0, true));

/** dtype, shape and bytes of each tensor, ignoring names: what a reader would compute with. */
const contents = (bytes: Uint8Array): string[] => {
  const file = decodeSafetensors(bytes);
  if (E.isLeft(file)) return [];
  return [...file.right.tensors.values()]
    .map((t) => `${t.dtype} [${t.shape.join(",")}] ${[...new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)].join(",")}`)
    .sort();
};

describe("truncation", () => {
  it("refuses the file cut at every byte position, header and data alike", () => {
    for (let k = 0; k < good.length; k++) {
      const error = failure(good.slice(0, k));
      const expectedPart = k < headerEnd ? "length prefix" : "layout";
      expect(error.part, `cut at ${k}`).toBe(expectedPart);
    }
  });

  it("explains a cut inside the length prefix and inside the header", () => {
    expect(failure(good.slice(0, 5)).message).toBe(
      "decodeSafetensors: the input has 5 bytes, fewer than the 8-byte header length that starts every file",
    );
    expect(failure(good.slice(0, 20)).message).toMatch(/the header length says \d+ bytes, but only 12 bytes follow it/);
  });

  it("names the tensor whose bytes are cut off", () => {
    const error = failure(good.slice(0, good.length - 1));
    expect(error.tensor).toBe("mask");
    expect(error.message).toMatch(/tensor "mask": data_offsets \[\d+, \d+\] reach past the end of the data buffer/);
  });
});

describe("bit flips in the length prefix and header", () => {
  it("never throw, and never change what any tensor holds: at most a name or the metadata changes", () => {
    const original = contents(good);
    let refused = 0;
    for (let byte = 0; byte < headerEnd; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = good.slice();
        flipped[byte] = (flipped[byte] ?? 0) ^ (1 << bit);
        const result = decodeSafetensors(flipped);
        if (E.isLeft(result)) {
          refused++;
          continue;
        }
        expect(contents(flipped), `flip of bit ${bit} in byte ${byte}`).toEqual(original);
      }
    }
    // Most flips land in structure, numbers or padding and must be refused.
    expect(refused).toBeGreaterThan(0.8 * headerEnd * 8);
  });

  it("refuses every flip inside the numbers of shapes and offsets", () => {
    const text = new TextDecoder().decode(good.subarray(8, headerEnd));
    const digits = [...text.matchAll(/\d/g)].map((m) => 8 + (m.index ?? 0));
    const inNames = new Set([...text.matchAll(/"(layers\.0\.[wb]|labels|mask|step|10)"/g)].flatMap((m) => {
      const start = 8 + (m.index ?? 0);
      return Array.from({ length: m[0].length }, (_, i) => start + i);
    }));
    const numeric = digits.filter((at) => !inNames.has(at));
    expect(numeric.length).toBeGreaterThan(20);
    for (const at of numeric) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = good.slice();
        flipped[at] = (flipped[at] ?? 0) ^ (1 << bit);
        expect(E.isLeft(decodeSafetensors(flipped)), `flip of bit ${bit} in byte ${at}`).toBe(true);
      }
    }
  });
});

describe("header-level damage", () => {
  it("refuses a header length beyond the file, even the largest u64", () => {
    const bytes = good.slice();
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 64n - 1n, true);
    expect(failure(bytes).message).toBe(
      `decodeSafetensors: the header length says 18446744073709551615 bytes, but only ${good.length - 8} bytes follow it`,
    );
  });

  it("refuses a header longer than MAX_HEADER_BYTES even when the file is that long", () => {
    const bytes = new Uint8Array(8 + MAX_HEADER_BYTES + 8);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(MAX_HEADER_BYTES + 1), true);
    expect(failure(bytes).message).toMatch(/says 100000001 bytes, more than the limit of 100000000/);
  });

  it.each([
    ["a header that is not JSON", '{"a": ', /the header is not valid JSON/],
    ["a header that is a JSON array", "[]", /must start with "\{"/],
    ["leading whitespace (the header must start with {)", ' {"a":1}', /must start with "\{"/],
    ["an empty header", "", /must start with "\{"/],
    ["a JSON object followed by junk", "{}x", /not valid JSON/],
  ])("refuses %s", (_, header, message) => {
    const error = failure(withHeader(header, 0));
    expect(error.part).toBe("header");
    expect(error.message).toMatch(message);
  });

  it("refuses a header that is not UTF-8", () => {
    const bytes = withHeader('{"a":1}', 0);
    bytes[10] = 0xff;
    expect(failure(bytes).message).toBe("decodeSafetensors: the header is not valid UTF-8");
  });

  it("refuses a tensor name given twice, even when both entries are identical", () => {
    const e = entry("U8", [1], [0, 1]);
    const error = failure(withHeader(`{"w": ${e}, "w": ${e}}`, 1));
    expect(error.message).toBe('decodeSafetensors: key "w" appears twice in the header');
    expect(error.path).toEqual(["w"]);
  });

  it("refuses a field given twice inside an entry, spelled differently", () => {
    const error = failure(withHeader('{"w": {"dtype": "U8", "shape": [1], "d\\u0074ype": "U8", "data_offsets": [0, 1]}}', 1));
    expect(error.message).toBe('decodeSafetensors: key "dtype" appears twice in header object "w"');
    expect(error.path).toEqual(["w", "dtype"]);
  });

  it.each([
    ["a non-string value", '{"__metadata__": {"epoch": 3}}', '__metadata__ "epoch" must be a string, got 3'],
    ["a non-object", '{"__metadata__": "v1"}', '__metadata__ must be an object mapping strings to strings, got "v1"'],
  ])("refuses metadata with %s", (_, header, message) => {
    const error = failure(withHeader(header, 0));
    expect(error.part).toBe("metadata");
    expect(error.message).toBe(`decodeSafetensors: ${message}`);
  });
});

describe("entry-level damage names the tensor and the field", () => {
  const one = (e: string, dataLength = 4) => failure(withHeader(`{"layers.0.w": ${e}}`, dataLength));
  const READ = "F32, F64, I32, U8, F16, BF16, I8, I16, U16, U32, I64, U64, BOOL";
  const QUOTED = READ.split(", ").map((d) => `"${d}"`).join(", ");

  it.each([
    ["F8_E4M3", `dtype "F8_E4M3" is a safetensors dtype tygrad does not read; expected one of ${READ}`],
    ["F8_E5M2", `dtype "F8_E5M2" is a safetensors dtype tygrad does not read; expected one of ${READ}`],
    ["f32", `dtype must be one of ${QUOTED}, got "f32"`],
    ["F33", `dtype must be one of ${QUOTED}, got "F33"`],
    ["", `dtype must be one of ${QUOTED}, got ""`],
    [32, `dtype must be one of ${QUOTED}, got 32`],
    [null, `dtype must be one of ${QUOTED}, got null`],
  ])("refuses dtype %j", (dtype, message) => {
    const error = one(entry(dtype, [1], [0, 4]));
    expect(error.message).toBe(`decodeSafetensors: tensor "layers.0.w": ${message}`);
    expect(error).toMatchObject({ part: "tensor entry", tensor: "layers.0.w", path: ["layers.0.w", "dtype"] });
  });

  it("refuses a missing dtype", () => {
    const error = one('{"shape": [1], "data_offsets": [0, 4]}');
    expect(error.message).toMatch(/tensor "layers.0.w": dtype must be one of .*, got nothing \(the field is missing\)/);
  });

  it.each([
    [[1, -1], "shape[1] must be a non-negative integer, got -1", ["shape", "1"]],
    [[1.5], "shape[0] must be a non-negative integer, got 1.5", ["shape", "0"]],
    [["2"], 'shape[0] must be a non-negative integer, got "2"', ["shape", "0"]],
    [[2 ** 53], "shape[0] must be a non-negative integer, got 9007199254740992", ["shape", "0"]],
    [4, "shape must be a list of non-negative integers, got 4", ["shape"]],
  ])("refuses shape %j", (shape, message, path) => {
    const error = one(entry("F32", shape, [0, 4]));
    expect(error.message).toBe(`decodeSafetensors: tensor "layers.0.w": ${message}`);
    expect(error.path).toEqual(["layers.0.w", ...path]);
  });

  it.each([[[0]], [[0, 4, 8]], [[-4, 0]], [["0", "4"]], [{ begin: 0, end: 4 }]])("refuses data_offsets %j", (offsets) => {
    const error = one(entry("F32", [1], offsets));
    expect(error.message).toMatch(/tensor "layers.0.w": data_offsets must be a pair \[begin, end\] of non-negative integers, got /);
    expect(error.path).toEqual(["layers.0.w", "data_offsets"]);
  });

  it("refuses an entry that is not an object", () => {
    expect(one("[1, 2]").message).toBe(
      'decodeSafetensors: tensor "layers.0.w": must be an object with dtype, shape and data_offsets, got [1,2]',
    );
  });
});

describe("layout: ranges must fit their shapes and tile the data buffer", () => {
  it("states what the offsets cover and what the shape needs", () => {
    const error = failure(withHeader(`{"layers.0.w": ${entry("F32", [5, 5], [0, 96])}}`, 96));
    expect(error.message).toBe(
      'decodeSafetensors: tensor "layers.0.w": data_offsets [0, 96] cover 96 bytes, but shape [5, 5] of F32 needs 100',
    );
    expect(error).toMatchObject({ part: "layout", tensor: "layers.0.w", path: ["layers.0.w", "data_offsets"] });
  });

  it("computes a hostile shape's size exactly rather than overflowing", () => {
    const huge = 2 ** 53 - 1;
    const error = failure(withHeader(`{"w": ${entry("U8", [huge, huge], [0, 1])}}`, 1));
    expect(error.message).toContain(`needs ${BigInt(huge) * BigInt(huge)}`);
  });

  it("refuses offsets that end before they begin", () => {
    const error = failure(withHeader(`{"w": ${entry("U8", [0], [4, 0])}}`, 4));
    expect(error.message).toBe('decodeSafetensors: tensor "w": data_offsets [4, 0] end before they begin');
  });

  it("refuses overlapping ranges, naming both tensors", () => {
    const error = failure(withHeader(`{"a": ${entry("F32", [2], [0, 8])}, "b": ${entry("F32", [2], [4, 12])}}`, 12));
    expect(error.message).toBe('decodeSafetensors: tensor "b": data_offsets [4, 12] overlap tensor "a" at [0, 8]');
  });

  it("refuses two tensors on the very same bytes", () => {
    const error = failure(withHeader(`{"a": ${entry("F32", [1], [0, 4])}, "b": ${entry("I32", [1], [0, 4])}}`, 4));
    expect(error.message).toMatch(/data_offsets \[0, 4\] overlap tensor "a" at \[0, 4\]/);
  });

  it("refuses an empty tensor placed inside another one", () => {
    const error = failure(withHeader(`{"a": ${entry("F32", [2], [0, 8])}, "z": ${entry("F32", [0], [4, 4])}}`, 8));
    expect(error.message).toBe('decodeSafetensors: tensor "z": data_offsets [4, 4] overlap tensor "a" at [0, 8]');
  });

  it.each([
    ["at the start", `{"a": ${entry("U8", [4], [4, 8])}}`, 8, "bytes [0, 4) of the data buffer belong to no tensor (a hole before tensor \"a\")"],
    ["in the middle", `{"a": ${entry("U8", [2], [0, 2])}, "b": ${entry("U8", [2], [6, 8])}}`, 8, 'bytes [2, 6) of the data buffer belong to no tensor (a hole before tensor "b")'],
    ["at the end", `{"a": ${entry("U8", [2], [0, 2])}}`, 8, "bytes [2, 8) at the end of the data buffer belong to no tensor"],
    ["with no tensors at all", "{}", 3, "bytes [0, 3) at the end of the data buffer belong to no tensor"],
  ])("refuses a hole %s", (_, header, dataLength, message) => {
    expect(failure(withHeader(header, dataLength)).message).toBe(`decodeSafetensors: ${message}`);
  });

  it("accepts empty tensors between others and at the end", () => {
    const header = `{"a": ${entry("U8", [1], [0, 1])}, "e": ${entry("F64", [0, 3], [1, 1])}, "b": ${entry("U8", [1], [1, 2])}, "z": ${entry("I32", [0], [2, 2])}}`;
    const result = decodeSafetensors(withHeader(header, 2));
    expect(E.isRight(result) && [...result.right.tensors.keys()]).toEqual(["a", "e", "b", "z"]);
  });
});
