import { describe, expect, it } from "vitest";
import { threefry2x32, THREEFRY_ROUNDS } from "../../src/random/threefry.js";

const M = 0xffffffff;
const PI_COUNTER = [0x243f6a88, 0x85a308d3] as const;
const PI_KEY = [0x13198a2e, 0x03707344] as const;

describe("threefry2x32", () => {
  // Random123's published known answers: (rounds, counter, key) → output.
  const kat: ReadonlyArray<readonly [number, readonly [number, number], readonly [number, number], readonly [number, number]]> = [
    [13, [0, 0], [0, 0], [0x9d1c5ec6, 0x8bd50731]],
    [13, [M, M], [M, M], [0xfd36d048, 0x2d17272c]],
    [13, PI_COUNTER, PI_KEY, [0xba3e4725, 0xf27d669e]],
    [20, [0, 0], [0, 0], [0x6b200159, 0x99ba4efe]],
    [20, [M, M], [M, M], [0x1cb996fc, 0xbb002be7]],
    [20, PI_COUNTER, PI_KEY, [0xc4923a9c, 0x483df7a0]],
    [32, [0, 0], [0, 0], [0xcee3d47e, 0xa23dfd5c]],
    [32, [M, M], [M, M], [0x6e2fe0d0, 0xb1b76f82]],
    [32, PI_COUNTER, PI_KEY, [0xe2827716, 0xc3c05cdf]],
  ];
  it.each(kat)("matches the known answer for %i rounds, counter %j, key %j", (rounds, counter, key, want) => {
    expect(threefry2x32(key, counter, rounds)).toEqual(want);
  });

  it("uses 20 rounds by default", () => {
    expect(THREEFRY_ROUNDS).toBe(20);
    expect(threefry2x32(PI_KEY, PI_COUNTER)).toEqual([0xc4923a9c, 0x483df7a0]);
  });

  it("matches a published run of ten consecutive counters [i, 0] under the zero key", () => {
    const words = Array.from({ length: 10 }, (_, i) => threefry2x32([0, 0], [i, 0])).flat();
    expect(words).toEqual([
      0x6b200159, 0x99ba4efe, 0x508efb2c, 0xc0de3f32, 0x64a626ec, 0xfc15e573, 0xb8abc4d1, 0x0537eb86,
      0xac6dc2bb, 0xa7adb3c3, 0x5641e094, 0x0e4ab4fd, 0xa53c1ce9, 0xabcf1dba, 0x2677a25a, 0x76cf5efc,
      0x2d08247f, 0x815480f1, 0x2d1fa53a, 0xdfe8514c,
    ]);
  });

  it("reproduces JAX's original (pre-partitionable) split of key 0", () => {
    // That layout hashed the counters 0 … 2n-1 as the pairs [i, n + i] and then laid the first
    // output words of all pairs before the second ones, cutting the result into keys.
    const layout = (n: number): number[][] => {
      const blocks = Array.from({ length: n }, (_, i) => threefry2x32([0, 0], [i, n + i]));
      const flat = [...blocks.map((b) => b[0]), ...blocks.map((b) => b[1])];
      return Array.from({ length: n }, (_, i) => flat.slice(2 * i, 2 * i + 2));
    };
    expect(layout(2)).toEqual([
      [4146024105, 967050713],
      [2718843009, 1272950319],
    ]);
    expect(layout(3)).toEqual([
      [2467461003, 428148500],
      [3186719485, 3840466878],
      [2562233961, 1946702221],
    ]);
  });

  it("changes every output word when any input bit changes (spot checks)", () => {
    const base = threefry2x32([1, 2], [3, 4]);
    for (const [key, counter] of [
      [[1, 2], [3, 5]],
      [[1, 2], [2 ** 31 + 3, 4]],
      [[1, 3], [3, 4]],
      [[2 ** 31 + 1, 2], [3, 4]],
    ] as const) {
      const other = threefry2x32(key, counter);
      expect(other[0]).not.toBe(base[0]);
      expect(other[1]).not.toBe(base[1]);
    }
  });

  it("rejects words that are not uint32 and bad round counts", () => {
    expect(() => threefry2x32([0, -1], [0, 0])).toThrow(/threefry2x32: key words .*got \[0, -1\]/);
    expect(() => threefry2x32([0, 0], [2 ** 32, 0])).toThrow(/threefry2x32: counter words .*4294967296/);
    expect(() => threefry2x32([0, 0.5], [0, 0])).toThrow(/key words/);
    expect(() => threefry2x32([0, 0], [0, 0], -1)).toThrow(/rounds must be a non-negative integer, got -1/);
    expect(() => threefry2x32([0, 0], [0, 0], 2.5)).toThrow(/got 2.5/);
  });
});
