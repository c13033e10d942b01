// A gzip bomb: a small file that inflates to far more than any sane limit. parseIdx must stop
// inflating at options.maxBytes, so the process's peak memory stays near that limit instead of
// growing with what the file would expand to. (Kept in its own file, so its own worker process
// measures its own peak.)

import { gzipSync } from "node:zlib";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parseIdx } from "../../src/data/idx.js";

const MiB = 2 ** 20;

describe("parseIdx against a gzip bomb", () => {
  it("stops at maxBytes; peak memory grows by far less than the bomb's 1 GiB", () => {
    // A gzip file may hold several members back to back; each member here inflates 32 MiB of
    // zeros from about 32 KiB, and 32 of them make 1 GiB from about 1 MiB.
    const member = gzipSync(Buffer.alloc(32 * MiB));
    const bomb = Buffer.concat(Array.from({ length: 32 }, () => member));
    expect(bomb.length).toBeLessThan(2 * MiB);

    const peakBefore = process.resourceUsage().maxRSS * 1024; // maxRSS is in kilobytes
    const result = parseIdx(bomb, { maxBytes: 16 * MiB });
    const peakAfter = process.resourceUsage().maxRSS * 1024;

    expect(E.isLeft(result) && result.left.reason).toBe("too-large");
    expect(peakAfter - peakBefore).toBeLessThan(256 * MiB);
  });
});
