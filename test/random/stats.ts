// Small statistics helpers for the sampler tests: moments and Pearson's chi-square.

export const mean = (xs: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] ?? 0;
  return s / xs.length;
};

/** The smallest element (without spreading, which overflows the stack on large arrays). */
export const min = (xs: ArrayLike<number>): number => {
  let m = Infinity;
  for (let i = 0; i < xs.length; i++) m = Math.min(m, xs[i] ?? Infinity);
  return m;
};

/** The largest element. */
export const max = (xs: ArrayLike<number>): number => {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, xs[i] ?? -Infinity);
  return m;
};

/** The unbiased sample variance. */
export const variance = (xs: ArrayLike<number>): number => {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += ((xs[i] ?? 0) - m) ** 2;
  return s / (xs.length - 1);
};

/** Pearson's statistic Σ (observed - expected)² / expected. */
export const chiSquare = (observed: readonly number[], expected: readonly number[]): number =>
  observed.reduce((s, o, i) => {
    const e = expected[i] ?? 0;
    return s + (o - e) ** 2 / e;
  }, 0);

/** Counts of `xs` falling in each of `bins` equal-width bins of [lo, hi). */
export const histogram = (xs: ArrayLike<number>, bins: number, lo: number, hi: number): number[] => {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < xs.length; i++) {
    const b = Math.floor((((xs[i] ?? 0) - lo) / (hi - lo)) * bins);
    const at = Math.min(bins - 1, Math.max(0, b));
    counts[at] = (counts[at] ?? 0) + 1;
  }
  return counts;
};

/**
 * Upper 0.1% points of the chi-square distribution by degrees of freedom: a correct sampler
 * exceeds them with probability 1/1000 for a random key, and the tests use fixed keys.
 */
export const CHI2_999: Readonly<Record<number, number>> = {
  2: 13.815510557964274,
  3: 16.26623619623813,
  6: 22.457744484825323,
  9: 27.877164871256568,
  15: 37.69729821835383,
  16: 39.252354790768464,
  19: 43.82019596451753,
  39: 72.0546629519878,
  119: 172.41768160217916,
};
