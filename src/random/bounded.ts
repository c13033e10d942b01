// Uniform integers in [0, range) from random words, exactly unbiased.
//
// Taking `word mod range` would favour small results whenever range does not divide 2^32: the
// 2^32 mod range smallest results each get one extra word. Rejection removes the excess: words
// at or above the largest multiple of range below 2^32 are thrown away and redrawn. At most
// half of all words are ever rejected, so the expected number of draws is below 2.

import { wordAt } from "./bits.js";
import type { Key } from "./key.js";

const TWO_32 = 0x1_0000_0000;

/**
 * A uniform integer in [0, range), 1 ≤ range ≤ 2^32, for element `index` of a request: the
 * first of `wordAt(key, index, 0)`, `wordAt(key, index, 1)`, … that lies below
 * 2^32 - (2^32 mod range), reduced mod range. Each element redraws from its own counters, so
 * elements stay independent of one another.
 */
export const boundedIndex = (k: Key, index: number, range: number): number => {
  const limit = TWO_32 - (TWO_32 % range);
  // Each attempt fails with probability below 1/2, so 2^32 attempts never all fail in practice.
  for (let attempt = 0; attempt < TWO_32; attempt++) {
    const w = wordAt(k, index, attempt);
    if (w < limit) return w % range;
  }
  throw new Error(`boundedIndex: no word below ${limit} in 2^32 attempts`);
};
