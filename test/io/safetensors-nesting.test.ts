// Deeply nested JSON in a safetensors header. The header needs 3 levels (header, entry, shape);
// more than MAX_HEADER_DEPTH is refused in one pass before the text is parsed, so no depth can
// overflow the stack or make a later step superlinear, and the duplicate-key scan is linear in
// the text however deep it nests. Peak memory is read from process.resourceUsage (this file runs
// in its own worker, so the figures are its own).

import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { findDuplicateKey } from "../../src/io/json-keys.js";
import { decodeSafetensors, encodeSafetensors } from "../../src/io/safetensors.js";
import { MAX_HEADER_DEPTH } from "../../src/io/safetensors-header.js";

const MiB = 2 ** 20;
const peakRss = (): number => process.resourceUsage().maxRSS * 1024; // maxRSS is in kilobytes

const withHeader = (header: string): Uint8Array => {
  const text = new TextEncoder().encode(header);
  const bytes = new Uint8Array(8 + text.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(text.length), true);
  bytes.set(text, 8);
  return bytes;
};

const message = (bytes: Uint8Array): string => {
  const r = decodeSafetensors(bytes);
  if (E.isRight(r)) throw new Error("expected the header to be refused");
  return r.left.message;
};

const tooDeep = (at: number) =>
  `decodeSafetensors: the header nests arrays and objects more than ${MAX_HEADER_DEPTH} levels deep (level ${MAX_HEADER_DEPTH + 1} opens at character ${at}); a safetensors header needs 3`;

describe("safetensors headers nested too deep", () => {
  it("60 KB of '[' (unclosed, or closed as valid JSON): refused by depth at the 17th level, with peak memory under 32 MiB more", () => {
    const before = peakRss();
    const header = `{"a":${"[".repeat(60_000)}`;
    expect(message(withHeader(header))).toBe(tooDeep(5 + MAX_HEADER_DEPTH - 1));
    // The same 60 KB closed, 30,000 levels of valid JSON (the duplicate-key scan used to copy the
    // key path at every level here: out of memory at 4 GB after 40 s).
    const closed = `{"a":${"[".repeat(30_000)}${"]".repeat(30_000)}}`;
    expect(message(withHeader(closed))).toBe(tooDeep(5 + MAX_HEADER_DEPTH - 1));
    expect(peakRss() - before).toBeLessThan(32 * MiB);
  });

  it("5,000 levels of valid JSON inside __metadata__, or in a shape: an error value, not a RangeError", () => {
    const nested = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const inMetadata = `{"__metadata__":{"k":${nested(5000)}}}`;
    expect(() => decodeSafetensors(withHeader(inMetadata))).not.toThrow();
    expect(message(withHeader(inMetadata))).toBe(tooDeep(21 + MAX_HEADER_DEPTH - 2));
    const inShape = `{"w":{"dtype":"F32","shape":${nested(5000)},"data_offsets":[0,0]}}`;
    expect(message(withHeader(inShape))).toBe(tooDeep(`{"w":{"dtype":"F32","shape":`.length + MAX_HEADER_DEPTH - 2));
  });

  it("exactly MAX_HEADER_DEPTH levels pass the depth check and get the codec's own error; brackets in strings do not count", () => {
    const deepest = `{"__metadata__":{"k":${"[".repeat(MAX_HEADER_DEPTH - 2)}${"]".repeat(MAX_HEADER_DEPTH - 2)}}}`;
    expect(message(withHeader(deepest))).toMatch(/^decodeSafetensors: __metadata__ "k" must be /);
    const file = encodeSafetensors({ x: { dtype: "uint8", shape: [1], data: Uint8Array.from([7]) } }, { note: "[".repeat(100_000) + "{".repeat(100_000) });
    const decoded = decodeSafetensors(file);
    expect(E.isRight(decoded) && decoded.right.metadata.note?.length).toBe(200_000);
  });
});

describe("findDuplicateKey is linear in the text however deep it nests", () => {
  it("200,000 levels of objects (key paths 200,000 long): the repeat found at the bottom, peak memory under 96 MiB more", () => {
    // Copying the key path at every level would store 2·10^10 path entries here.
    const depth = 200_000;
    const json = `${'{"k":'.repeat(depth)}{"a":1,"a":2}${"}".repeat(depth)}`;
    const before = peakRss();
    const found = findDuplicateKey(json);
    expect(found?.key).toBe("a");
    expect(found?.path.length).toBe(depth);
    expect(found?.path.every((k) => k === "k")).toBe(true);
    expect(peakRss() - before).toBeLessThan(96 * MiB);
  });
});
