import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  randomBits,
  randomBits64,
  toOpenUnitFloat64,
  toUnitFloat32,
  toUnitFloat64,
  unitFloats32,
  unitFloats64,
  wordAt,
} from "../../src/random/bits.js";
import { key, keyData, split } from "../../src/random/key.js";
import { threefry2x32 } from "../../src/random/threefry.js";

const M = 0xffffffff;
const word = fc.nat(M);

/** The float32 whose bits are `bits`, read through memory: an independent oracle. */
const float32OfBits = (bits: number): number => {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits);
  return view.getFloat32(0);
};

/** The float64 whose bits are hi·2^32 + lo. */
const float64OfBits = (hi: number, lo: number): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, hi);
  view.setUint32(4, lo);
  return view.getFloat64(0);
};

describe("randomBits", () => {
  it("is the XOR of the block words at counter [0, i]", () => {
    const k = key(2024);
    const bits = randomBits(k, 64);
    bits.forEach((w, i) => {
      const [o0, o1] = threefry2x32(keyData(k), [0, i]);
      expect(w).toBe((o0 ^ o1) >>> 0);
    });
  });

  it("retries draw from counters [attempt, i], attempt 0 being randomBits", () => {
    const k = key(3);
    expect(wordAt(k, 5)).toBe(randomBits(k, 6)[5]);
    const [o0, o1] = threefry2x32(keyData(k), [2, 5]);
    expect(wordAt(k, 5, 2)).toBe((o0 ^ o1) >>> 0);
  });

  it("is the same on every call, and a shorter request is a prefix of a longer one", () => {
    const k = key(1);
    expect(randomBits(k, 100)).toEqual(randomBits(k, 100));
    expect(randomBits(k, 1000).subarray(0, 100)).toEqual(randomBits(k, 100));
  });

  it("differs between keys", () => {
    const [a, b] = split(key(0));
    expect(randomBits(a, 8)).not.toEqual(randomBits(b, 8));
  });

  it("has each bit set about half the time", () => {
    // 32 bit positions × 20000 words; each count is Binomial(20000, 1/2), sd ≈ 71.
    const bits = randomBits(key(77), 20000);
    for (let b = 0; b < 32; b++) {
      let ones = 0;
      for (const w of bits) ones += (w >>> b) & 1;
      expect(Math.abs(ones - 10000)).toBeLessThan(5 * 71);
    }
  });

  it("64-bit values are the two block words side by side", () => {
    const k = key(9);
    const { hi, lo } = randomBits64(k, 16);
    for (let i = 0; i < 16; i++) expect([hi[i], lo[i]]).toEqual(threefry2x32(keyData(k), [0, i]));
  });

  it("rejects bad counts", () => {
    expect(() => randomBits(key(0), -1)).toThrow(/^randomBits: count must be an integer in \[0, 2\^32\), got -1/);
    expect(() => randomBits(key(0), 1.5)).toThrow(/got 1.5/);
    expect(() => randomBits64(key(0), 2 ** 32)).toThrow(/^randomBits64: .*got 4294967296/);
  });
});

describe("unit floats", () => {
  it("float32: equals the exponent-of-one bit trick on the top 23 bits", () => {
    fc.assert(
      fc.property(word, (w) => {
        expect(toUnitFloat32(w)).toBe(float32OfBits(0x3f800000 | (w >>> 9)) - 1);
      }),
    );
  });

  it("float64: equals the exponent-of-one bit trick on the top 52 bits", () => {
    fc.assert(
      fc.property(word, word, (hi, lo) => {
        // 1.0 is 0x3ff00000_00000000; the 52 mantissa bits are hi and the top 20 bits of lo.
        const mantissaHi = hi >>> 12;
        const mantissaLo = (((hi & 0xfff) << 20) | (lo >>> 12)) >>> 0;
        expect(toUnitFloat64(hi, lo)).toBe(float64OfBits(0x3ff00000 | mantissaHi, mantissaLo) - 1);
      }),
    );
  });

  it("cover [0, 1) with steps of one unit in the last mantissa bit", () => {
    expect(toUnitFloat32(0)).toBe(0);
    expect(toUnitFloat32(0x1ff)).toBe(0); // the low 9 bits are not used
    expect(toUnitFloat32(0x200)).toBe(2 ** -23);
    expect(toUnitFloat32(0x80000000)).toBe(0.5);
    expect(toUnitFloat32(M)).toBe(1 - 2 ** -23);
    expect(toUnitFloat64(0, 0)).toBe(0);
    expect(toUnitFloat64(0, 0xfff)).toBe(0);
    expect(toUnitFloat64(0, 0x1000)).toBe(2 ** -52);
    expect(toUnitFloat64(1, 0)).toBe(2 ** -32);
    expect(toUnitFloat64(0x80000000, 0)).toBe(0.5);
    expect(toUnitFloat64(M, M)).toBe(1 - 2 ** -52);
    expect(toOpenUnitFloat64(0, 0)).toBe(2 ** -53);
    expect(toOpenUnitFloat64(M, M)).toBe(1 - 2 ** -53);
  });

  it("matches JAX: uniform(key(0)) and uniform of the second child of key(0)", () => {
    expect(unitFloats32(key(0), 1)[0]).toBeCloseTo(0.947667, 6);
    expect(unitFloats32(split(key(0))[1], 1)[0]).toBeCloseTo(0.00729382, 8);
  });

  it("use every mantissa bit: the lowest one is set about half the time", () => {
    const u32 = unitFloats32(key(4), 4000);
    const u64 = unitFloats64(key(4), 4000);
    const odd32 = u32.filter((u) => (u * 2 ** 23) % 2 === 1).length;
    const odd64 = u64.filter((u) => (u * 2 ** 52) % 2 === 1).length;
    // Binomial(4000, 1/2): sd ≈ 32.
    expect(Math.abs(odd32 - 2000)).toBeLessThan(160);
    expect(Math.abs(odd64 - 2000)).toBeLessThan(160);
  });
});
