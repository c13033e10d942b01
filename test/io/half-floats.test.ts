// float16 and bfloat16 conversions: hand-computed bit patterns at the edges (ties, subnormals,
// overflow, ±0, ±∞, NaN), every pattern's round trip, and "nearest, ties to even" checked on
// random values against the neighbouring patterns.

import { describe, expect, it } from "vitest";
import { fromBfloat16Bits, fromFloat16Bits, toBfloat16Bits, toFloat16Bits } from "../../src/io/half-floats.js";

const hex = (b: number): string => `0x${b.toString(16).padStart(4, "0")}`;

describe("float16", () => {
  it.each([
    [1, 0x3c00], [-2, 0xc000], [0.5, 0x3800], [65504, 0x7bff], [0, 0x0000], [-0, 0x8000],
    [Infinity, 0x7c00], [-Infinity, 0xfc00], [NaN, 0x7e00],
    [0.1, 0x2e66], [Math.fround(0.1), 0x2e66], [1 / 3, 0x3555],
    // ties: 1 + 2^-11 is halfway between 0x3c00 and 0x3c01 (even: down), 1 + 3·2^-11 between 0x3c01 and 0x3c02 (even: up)
    [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02], [1 + 2 ** -11 + 2 ** -30, 0x3c01],
    // overflow: 65520 is halfway between 65504 and 2^16, and rounds (to even) to ∞
    [65519.99, 0x7bff], [65520, 0x7c00], [-65520, 0xfc00], [1e9, 0x7c00],
    // subnormals are multiples of 2^-24
    [2 ** -24, 0x0001], [2 ** -25, 0x0000], [3 * 2 ** -26, 0x0001], [-(2 ** -24), 0x8001], [1023 * 2 ** -24, 0x03ff],
    [1023.5 * 2 ** -24, 0x0400], [2 ** -14, 0x0400], [1e-10, 0x0000], [-1e-10, 0x8000],
  ])("%d → float16 bits", (x, bits) => {
    expect(hex(toFloat16Bits(x))).toBe(hex(bits));
  });

  it.each([
    [0x3c01, 1 + 2 ** -10], [0x0001, 2 ** -24], [0x03ff, 1023 * 2 ** -24], [0x0400, 2 ** -14], [0x7bff, 65504],
    [0xfc00, -Infinity], [0x8000, -0], [0xc000, -2], [0x3555, 0.333251953125],
  ])("float16 bits %s → %d", (bits, x) => {
    expect(Object.is(fromFloat16Bits(bits), x)).toBe(true);
  });

  it("every NaN pattern reads as NaN; every other pattern survives the round trip", () => {
    for (let b = 0; b < 0x10000; b++) {
      const x = fromFloat16Bits(b);
      const isNaNPattern = (b & 0x7c00) === 0x7c00 && (b & 0x03ff) !== 0;
      if (isNaNPattern) expect(Number.isNaN(x)).toBe(true);
      else if (toFloat16Bits(x) !== b) expect.fail(`${hex(b)} → ${x} → ${hex(toFloat16Bits(x))}`);
    }
  });
});

describe("bfloat16", () => {
  it.each([
    [1, 0x3f80], [-2, 0xc000], [Math.PI, 0x4049], [0, 0x0000], [-0, 0x8000], [Infinity, 0x7f80], [-Infinity, 0xff80], [NaN, 0x7fc0],
    [1 + 2 ** -8, 0x3f80], [1 + 3 * 2 ** -8, 0x3f82],
    [(2 - 2 ** -7) * 2 ** 127, 0x7f7f], [3.4028234663852886e38, 0x7f80], // float32's largest value rounds up to ∞
    [2 ** -133, 0x0001], [2 ** -126, 0x0080], [2 ** -134, 0x0000],
  ])("%d → bfloat16 bits", (x, bits) => {
    expect(hex(toBfloat16Bits(x))).toBe(hex(bits));
  });

  it("is float32 rounded to its top 16 bits: the integer rounding of the float32 pattern agrees", () => {
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    let seed = 12345;
    for (let i = 0; i < 20_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      u32[0] = seed ^ (i << 13);
      const x = f32[0] ?? 0;
      if (Number.isNaN(x)) continue;
      const bits = u32[0] ?? 0;
      // Round to nearest, ties to even, on the integer: add 0x7fff plus the lowest kept bit.
      const expected = (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16;
      if (toBfloat16Bits(x) !== (expected & 0xffff)) expect.fail(`${x}: ${hex(toBfloat16Bits(x))} vs ${hex(expected)}`);
    }
  });

  it("every non-NaN pattern survives the round trip", () => {
    for (let b = 0; b < 0x10000; b++) {
      const x = fromBfloat16Bits(b);
      if (!Number.isNaN(x) && toBfloat16Bits(x) !== b) expect.fail(`${hex(b)} → ${x} → ${hex(toBfloat16Bits(x))}`);
    }
  });
});

describe("narrowing picks the nearest pattern, ties to the even one", () => {
  it.each([["float16", toFloat16Bits, fromFloat16Bits, 1e-9, 7e4], ["bfloat16", toBfloat16Bits, fromBfloat16Bits, 1e-42, 3e38]] as const)(
    "%s on random values of every magnitude",
    (_, to, from, lo, hi) => {
      let seed = 7;
      const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      for (let i = 0; i < 5000; i++) {
        const x = (random() < 0.5 ? -1 : 1) * Math.exp(Math.log(lo) + random() * (Math.log(hi) - Math.log(lo)));
        const b = to(x);
        const y = from(b);
        if (!Number.isFinite(y)) continue; // overflow, checked with the bit patterns above
        for (const neighbour of [b - 1, b + 1]) {
          const z = from(neighbour & 0xffff);
          if (!Number.isFinite(z) || Math.sign(z) !== Math.sign(y) && z !== 0) continue;
          const [d, dn] = [Math.abs(x - y), Math.abs(x - z)];
          if (d > dn || (d === dn && (b & 1) === 1)) expect.fail(`${x} → ${y} (${b}), but ${z} (${neighbour}) is nearer or even`);
        }
      }
    },
  );
});
