// IDX and MNIST from bytes and Blobs (the forms a page uses): the same arrays as the path-level
// loaders give, gzip through DecompressionStream with its output bounded, and bad input refused
// by value, naming the file.

import { gzipSync } from "node:zlib";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { mnistFromFiles, readIdx, type NamedBlob } from "../../src/data/idx-blob.js";
import { gunzip } from "../../src/io/gunzip.js";

/** An unsigned-byte IDX file of `dims` holding `values` (written from the format description). */
const ubyteIdx = (dims: readonly number[], values: readonly number[]): Uint8Array => {
  const bytes = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, (0x08 << 8) | dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(values, 4 + 4 * dims.length);
  return bytes;
};

const named = (name: string, bytes: Uint8Array): NamedBlob => Object.assign(new Blob([bytes]), { name });

describe("readIdx over bytes and Blobs", () => {
  const pixels = Array.from({ length: 2 * 3 * 2 }, (_, i) => (i * 37) % 256);
  const file = ubyteIdx([2, 3, 2], pixels);
  const expected = { dtype: "uint8", shape: [2, 3, 2], data: Uint8Array.from(pixels) };

  it("reads plain and gzip-compressed files, as bytes or as Blobs, to the same array", async () => {
    for (const source of [file, new Blob([file]), gzipSync(file), new Blob([gzipSync(file)])]) {
      expect(await readIdx(source)).toEqual(E.right(expected));
    }
  });

  it("refuses a corrupt gzip stream by value", async () => {
    const broken = gzipSync(file).subarray(0, 12);
    const result = await readIdx(new Blob([broken]));
    expect(E.isLeft(result) && result.left.reason).toBe("gzip");
    expect(E.isLeft(result) && result.left.message).toMatch(/^readIdx: the input does not decompress as gzip/);
  });

  it("stops inflating a gzip bomb at maxBytes, without holding what it would inflate to", async () => {
    const bomb = gzipSync(new Uint8Array(64 * 2 ** 20)); // 64 MiB of zeros in ~64 KiB
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    const result = await gunzip(bomb, 2 ** 20);
    const seconds = (performance.now() - started) / 1000;
    expect(result).toEqual(E.left({
      _tag: "GunzipError", reason: "too-large",
      message: "gunzip: the gzip stream decompresses to more than 1048576 bytes (maxBytes); refusing to inflate further",
    }));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
    expect(seconds).toBeLessThan(5);
  });

  it("refuses an uncompressed Blob larger than maxBytes before reading it", async () => {
    const result = await readIdx(new Blob([file]), { maxBytes: 10 });
    expect(result).toEqual(E.left({ _tag: "IdxError", reason: "too-large", message: `readIdx: the input has ${file.length} bytes, more than options.maxBytes = 10` }));
  });
});

describe("mnistFromFiles", () => {
  const images = ubyteIdx([3, 2, 2], Array.from({ length: 12 }, (_, i) => i * 20));
  const labels = ubyteIdx([3], [7, 0, 9]);

  it("pairs images with labels by name, gzip or not, and reports a file whose partner is missing", async () => {
    const result = await mnistFromFiles([
      named("train-labels-idx1-ubyte.gz", gzipSync(labels)),
      named("train-images-idx3-ubyte", images),
      named("t10k-images-idx3-ubyte.gz", gzipSync(images)),
      named("notes.txt", new Uint8Array(3)),
    ]);
    expect(result).toEqual(E.right({
      train: { images: { dtype: "uint8", shape: [3, 2, 2], data: Uint8Array.from(images.subarray(16)) }, labels: { dtype: "int32", shape: [3], data: Int32Array.from([7, 0, 9]) } },
      unpaired: ["t10k-images-idx3-ubyte.gz"],
    }));
  });

  it("names the file a bad split comes from, and says what was expected when nothing pairs", async () => {
    const short = await mnistFromFiles([named("train-images-idx3-ubyte", images.subarray(0, 20)), named("train-labels-idx1-ubyte", labels)]);
    expect(E.isLeft(short) && short.left.message).toMatch(/^train-images-idx3-ubyte: parseIdx: dims \[3, 2, 2\] of unsigned byte need 12 bytes of data, but 4 follow the header$/);
    const unequal = await mnistFromFiles([named("t10k-images-idx3-ubyte", images), named("t10k-labels-idx1-ubyte", ubyteIdx([2], [1, 2]))]);
    expect(E.isLeft(unequal) && unequal.left.message).toBe("mnistFromFiles: t10k: 3 images but 2 labels; the counts must agree");
    const none = await mnistFromFiles([named("a.bin", labels)]);
    expect(E.isLeft(none) && none.left.message).toBe(
      "mnistFromFiles: no complete split; expected train-images-idx3-ubyte[.gz] with train-labels-idx1-ubyte[.gz], or the same for t10k; recognised files: none",
    );
  });
});
