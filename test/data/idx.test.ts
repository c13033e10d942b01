// IDX parsing: hand-encoded files of every type, a round-trip through an independent writer,
// gzip, and malformed input — wrong magic, unknown types, short or long data, absurd dims —
// refused by value without allocating what the header claims.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import * as fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIdxFile, loadMnist, parseIdx, readIdxHeader, type IdxError } from "../../src/data/idx.js";
import type { RawArray } from "../../src/io/raw.js";

const parsed = (bytes: Uint8Array): RawArray => {
  const result = parseIdx(bytes);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const refused = (bytes: Uint8Array, options = {}): IdxError => {
  const result = parseIdx(bytes, options);
  if (E.isRight(result)) throw new Error("expected the input to be refused");
  return result.left;
};

type TypeName = "ubyte" | "byte" | "short" | "int" | "float" | "double";

/** An IDX writer written from the format description, sharing no code with the library. */
const writeIdx = (type: TypeName, dims: readonly number[], values: readonly number[]): Uint8Array => {
  const spec = {
    ubyte: { code: 0x08, size: 1, put: (v: DataView, at: number, x: number) => v.setUint8(at, x) },
    byte: { code: 0x09, size: 1, put: (v: DataView, at: number, x: number) => v.setInt8(at, x) },
    short: { code: 0x0b, size: 2, put: (v: DataView, at: number, x: number) => v.setInt16(at, x) },
    int: { code: 0x0c, size: 4, put: (v: DataView, at: number, x: number) => v.setInt32(at, x) },
    float: { code: 0x0d, size: 4, put: (v: DataView, at: number, x: number) => v.setFloat32(at, x) },
    double: { code: 0x0e, size: 8, put: (v: DataView, at: number, x: number) => v.setFloat64(at, x) },
  }[type];
  const bytes = new Uint8Array(4 + 4 * dims.length + spec.size * values.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, (spec.code << 8) | dims.length); // DataView writes big-endian by default
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  values.forEach((x, i) => spec.put(view, 4 + 4 * dims.length + spec.size * i, x));
  return bytes;
};

describe("parseIdx reads hand-encoded files", () => {
  it("unsigned bytes, rank 3 (an MNIST image file in miniature)", () => {
    // magic 0x00000803, dims 2 × 2 × 1, then four pixels
    const bytes = Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 128, 254, 255]);
    expect(parsed(bytes)).toEqual({ dtype: "uint8", shape: [2, 2, 1], data: Uint8Array.from([0, 128, 254, 255]) });
  });

  it("signed bytes, widened to int32", () => {
    const bytes = Uint8Array.from([0, 0, 9, 1, 0, 0, 0, 3, 0x7f, 0x80, 0xff]);
    expect(parsed(bytes)).toEqual({ dtype: "int32", shape: [3], data: Int32Array.from([127, -128, -1]) });
  });

  it("big-endian shorts, widened to int32", () => {
    const bytes = Uint8Array.from([0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x2c, 0xff, 0xfe]); // 300, -2
    expect(parsed(bytes)).toEqual({ dtype: "int32", shape: [2], data: Int32Array.from([300, -2]) });
  });

  it("big-endian ints", () => {
    const bytes = Uint8Array.from([0, 0, 0x0c, 1, 0, 0, 0, 2, 0x00, 0x01, 0x00, 0x00, 0x80, 0, 0, 0]); // 65536, -2^31
    expect(parsed(bytes)).toEqual({ dtype: "int32", shape: [2], data: Int32Array.from([65536, -(2 ** 31)]) });
  });

  it("big-endian floats and doubles", () => {
    const floats = Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0xc0, 0x20, 0, 0]); // -2.5
    expect(parsed(floats)).toEqual({ dtype: "float32", shape: [1], data: Float32Array.from([-2.5]) });
    const doubles = Uint8Array.from([0, 0, 0x0e, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]); // 1.5
    expect(parsed(doubles)).toEqual({ dtype: "float64", shape: [1, 1], data: Float64Array.from([1.5]) });
  });

  it("an empty array (a zero dim) is valid", () => {
    expect(parsed(Uint8Array.from([0, 0, 8, 2, 0, 0, 0, 0, 0, 0, 0, 5]))).toEqual({ dtype: "uint8", shape: [0, 5], data: new Uint8Array(0) });
  });

  it("readIdxHeader reports the type, dims and where the data starts", () => {
    expect(readIdxHeader(writeIdx("short", [2, 3], [1, 2, 3, 4, 5, 6]))).toEqual(
      E.right({ typeCode: 0x0b, dtype: "int32", dims: [2, 3], dataOffset: 12 }),
    );
  });
});

describe("round-trips through the independent writer", () => {
  const ranges: Record<TypeName, fc.Arbitrary<number>> = {
    ubyte: fc.integer({ min: 0, max: 255 }),
    byte: fc.integer({ min: -128, max: 127 }),
    short: fc.integer({ min: -32768, max: 32767 }),
    int: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    float: fc.float({ noNaN: true }),
    double: fc.double({ noNaN: true }),
  };
  const typeNames: readonly TypeName[] = ["ubyte", "byte", "short", "int", "float", "double"];
  const file = fc
    .tuple(fc.constantFrom(...typeNames), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }))
    .chain(([type, dims]) => {
      const n = dims.reduce((a, b) => a * b, 1);
      return fc.array(ranges[type], { minLength: n, maxLength: n }).map((values) => ({ type, dims, values }));
    });

  it("parseIdx returns the dims and values written, plain or gzip-compressed", () => {
    fc.assert(
      fc.property(file, ({ type, dims, values }) => {
        const bytes = writeIdx(type, dims, values);
        for (const input of [bytes, gzipSync(bytes)]) {
          const array = parsed(input);
          expect(array.shape).toEqual(dims);
          expect([...array.data]).toEqual(values);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("does not alias its input, even a pooled Node Buffer", () => {
    const input = Buffer.from(writeIdx("ubyte", [2], [7, 8]));
    const array = parsed(input);
    input.fill(0);
    expect(array.data).toEqual(Uint8Array.from([7, 8]));
  });
});

describe("parseIdx refuses malformed input by value", () => {
  it.each([
    ["fewer than 4 bytes", [0, 0, 8], "header", "parseIdx: the input has 3 bytes; an IDX file starts with a 4-byte magic number"],
    ["a bad magic number", [0x50, 0x4b, 3, 4], "header", "parseIdx: bad magic number 0x504B0304; expected 0x0000, then a type code and a rank (e.g. 0x00000803)"],
    ["an unknown type code", [0, 0, 0x0a, 1, 0, 0, 0, 0], "header", "parseIdx: unknown type code 0x0A in magic number 0x00000A01; expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E"],
    ["rank 0", [0, 0, 8, 0, 7], "header", "parseIdx: magic number 0x00000800 gives rank 0; expected at least one dimension"],
    ["dims cut short", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0], "header", "parseIdx: magic number 0x00000803 gives rank 3, so 12 bytes of dims should follow it, but only 6 do"],
    ["too little data", [0, 0, 8, 1, 0, 0, 0, 3, 1, 2], "size", "parseIdx: dims [3] of unsigned byte need 3 bytes of data, but 2 follow the header"],
    ["too much data", [0, 0, 0x0b, 1, 0, 0, 0, 1, 1, 2, 3], "size", "parseIdx: dims [1] of short need 2 bytes of data, but 3 follow the header"],
  ])("%s", (_, bytes, reason, message) => {
    expect(refused(Uint8Array.from(bytes))).toEqual({ _tag: "IdxError", reason, message });
  });

  it("refuses absurd dims from their size alone, without trying to allocate them", () => {
    // 2^96 bytes claimed: any attempt to allocate first would throw instead of returning a value.
    const bytes = Uint8Array.from([0, 0, 0x0e, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2]);
    const error = refused(bytes);
    expect(error.reason).toBe("size");
    expect(error.message).toBe(
      `parseIdx: dims [4294967295, 4294967295, 4294967295] of double need ${8n * 4294967295n ** 3n} bytes of data, but 2 follow the header`,
    );
  });

  it("refuses MNIST-sized dims with a handful of bytes", () => {
    const error = refused(gzipSync(Uint8Array.from([0, 0, 8, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3])));
    expect(error.message).toBe("parseIdx: dims [60000, 28, 28] of unsigned byte need 47040000 bytes of data, but 3 follow the header");
  });

  it("refuses gzip magic followed by garbage, and a gzip stream cut short", () => {
    expect(refused(Uint8Array.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8])).reason).toBe("gzip");
    const whole = gzipSync(writeIdx("ubyte", [100], Array.from({ length: 100 }, (_, i) => i)));
    const error = refused(whole.subarray(0, whole.length - 10));
    expect(error.reason).toBe("gzip");
    expect(error.message).toMatch(/^parseIdx: the input starts like gzip \(1F 8B\) but does not decompress: /);
  });

  it("bounds the decoded size, compressed or not, by options.maxBytes", () => {
    const bytes = writeIdx("ubyte", [1000], new Array<number>(1000).fill(1)); // 1008 bytes
    expect(E.isRight(parseIdx(bytes, { maxBytes: 1008 }))).toBe(true);
    expect(E.isRight(parseIdx(gzipSync(bytes), { maxBytes: 1008 }))).toBe(true);
    expect(refused(bytes, { maxBytes: 1007 })).toEqual({
      _tag: "IdxError",
      reason: "too-large",
      message: "parseIdx: the input has 1008 bytes, more than options.maxBytes = 1007",
    });
    expect(refused(gzipSync(bytes), { maxBytes: 1007 }).message).toBe(
      "parseIdx: dims [1000] of unsigned byte make 1008 bytes, more than options.maxBytes = 1007",
    );
  });
});

describe("files and directories", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tygrad-idx-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const images = (n: number) => writeIdx("ubyte", [n, 2, 3], Array.from({ length: n * 6 }, (_, i) => i % 256));
  const labels = (values: readonly number[]) => writeIdx("ubyte", [values.length], values);

  const makeDir = async (files: Record<string, Uint8Array>): Promise<string> => {
    const d = await mkdtemp(join(dir, "set-"));
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(d, name), bytes);
    return d;
  };

  it("loadIdxFile names the file in its errors", async () => {
    const d = await makeDir({ "bad-idx1-ubyte": Uint8Array.from([1, 2, 3, 4]) });
    const result = await loadIdxFile(join(d, "bad-idx1-ubyte"));
    expect(E.isLeft(result) && result.left.message).toBe(`${join(d, "bad-idx1-ubyte")}: parseIdx: bad magic number 0x01020304; expected 0x0000, then a type code and a rank (e.g. 0x00000803)`);
    const missing = await loadIdxFile(join(d, "absent"));
    expect(E.isLeft(missing) && missing.left.reason).toBe("file");
  });

  it("loadIdxFile bounds the file size before reading", async () => {
    const d = await makeDir({ "x-idx1-ubyte": labels([1, 2, 3]) });
    const result = await loadIdxFile(join(d, "x-idx1-ubyte"), { maxBytes: 10 });
    expect(E.isLeft(result) && result.left.reason).toBe("too-large");
    expect(E.isLeft(result) && result.left.message).toMatch(/the file has 11 bytes, more than the limit of 10/);
  });

  it("loadMnist pairs images with labels per split, widening labels to int32", async () => {
    const d = await makeDir({
      "t10k-images-idx3-ubyte.gz": gzipSync(images(3)),
      "t10k-labels-idx1-ubyte.gz": gzipSync(labels([7, 2, 1])),
      "train-images.idx3-ubyte": images(2),
      "train-labels.idx1-ubyte": labels([5, 0]),
      "README.txt": new TextEncoder().encode("not data"),
    });
    const result = await loadMnist(d);
    if (E.isLeft(result)) throw new Error(result.left.message);
    expect(result.right.test?.images.shape).toEqual([3, 2, 3]);
    expect(result.right.test?.labels).toEqual({ dtype: "int32", shape: [3], data: Int32Array.from([7, 2, 1]) });
    expect(result.right.train?.labels.data).toEqual(Int32Array.from([5, 0]));
    expect(result.right.unpaired).toEqual([]);
  });

  it("loadMnist keeps a split whose partner is missing out, and lists it", async () => {
    const d = await makeDir({
      "t10k-images-idx3-ubyte": images(1),
      "t10k-labels-idx1-ubyte": labels([4]),
      "train-labels-idx1-ubyte.gz": gzipSync(labels([1, 2])),
    });
    const result = await loadMnist(d);
    expect(E.isRight(result) && result.right.train).toBeUndefined();
    expect(E.isRight(result) && result.right.unpaired).toEqual(["train-labels-idx1-ubyte.gz"]);
  });

  it("loadMnist prefers the uncompressed file when both forms are present", async () => {
    const d = await makeDir({
      "t10k-images-idx3-ubyte": images(1),
      "t10k-labels-idx1-ubyte": labels([4]),
      "t10k-labels-idx1-ubyte.gz": gzipSync(labels([9])),
    });
    const result = await loadMnist(d);
    expect(E.isRight(result) && result.right.test?.labels.data).toEqual(Int32Array.from([4]));
  });

  it("loadMnist refuses image and label counts that disagree", async () => {
    const d = await makeDir({ "t10k-images-idx3-ubyte": images(3), "t10k-labels-idx1-ubyte": labels([1, 2]) });
    const result = await loadMnist(d);
    expect(E.isLeft(result) && result.left).toEqual({
      _tag: "IdxError",
      reason: "mnist",
      message: "loadMnist: t10k: 3 images but 2 labels; the counts must agree",
    });
  });

  it("loadMnist refuses files of the wrong rank or type", async () => {
    const d = await makeDir({ "t10k-images-idx3-ubyte": labels([1]), "t10k-labels-idx1-ubyte": labels([1]) });
    const result = await loadMnist(d);
    expect(E.isLeft(result) && result.left.message).toBe(
      "loadMnist: t10k: images must be unsigned bytes of rank 3 [n, rows, cols], got uint8 [1]",
    );
  });

  it("loadMnist refuses a directory with no complete split, saying what it looked for", async () => {
    const d = await makeDir({ "train-labels-idx1-ubyte": labels([1]) });
    const result = await loadMnist(d);
    expect(E.isLeft(result) && result.left.message).toMatch(
      /no complete split; expected train-images-idx3-ubyte\[\.gz\] with train-labels-idx1-ubyte\[\.gz\], or the same for t10k; recognised files: train-labels-idx1-ubyte$/,
    );
    const missing = await loadMnist(join(dir, "absent"));
    expect(E.isLeft(missing) && missing.left.reason).toBe("file");
  });
});
