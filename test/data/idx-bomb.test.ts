// Gzip bombs given to parseIdx in memory: small inputs that inflate to far more than any sane
// limit. parseIdx inflates the header first (a bounded prefix of the stream), then at most the
// size the header calls for, so the process's peak memory stays near that size instead of
// growing with what the input would expand to, even under the default 1 GiB maxBytes. (Kept in
// its own file, so its own worker process measures its own peak.)

import { gzipSync } from "node:zlib";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parseIdx } from "../../src/data/idx.js";

const MiB = 2 ** 20;
const peak = (): number => process.resourceUsage().maxRSS * 1024; // maxRSS is in kilobytes

/** `first` gzipped, then 32 members of 32 MiB of zeros: 1 GiB from about 1 MiB. */
const bomb = (first: Buffer): Buffer => {
  const member = gzipSync(Buffer.alloc(32 * MiB));
  return Buffer.concat([gzipSync(first), ...Array.from({ length: 32 }, () => member)]);
};

describe("parseIdx against a gzip bomb", () => {
  it("a bad header (zeros: type code 0x00): refused after the first bytes; peak grows by less than 64 MiB", () => {
    const input = bomb(Buffer.alloc(0));
    expect(input.length).toBeLessThan(2 * MiB);
    const before = peak();
    const result = parseIdx(input);
    expect(E.isLeft(result) && result.left.message).toBe("parseIdx: unknown type code 0x00 in magic number 0x00000000; expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E");
    expect(peak() - before).toBeLessThan(64 * MiB);
  });

  it("a good header for 100 images, then 1 GiB: a size error at 78,400 bytes; peak grows by less than 64 MiB", () => {
    const header = Buffer.alloc(16);
    [0x00000803, 100, 28, 28].forEach((v, i) => header.writeUInt32BE(v, 4 * i));
    const input = bomb(header);
    const before = peak();
    const result = parseIdx(input);
    expect(E.isLeft(result) && [result.left.reason, result.left.message]).toEqual(["size", "parseIdx: dims [100, 28, 28] of unsigned byte need 78400 bytes of data, but more than 78400 follow the header"]);
    expect(peak() - before).toBeLessThan(64 * MiB);
  });
});
