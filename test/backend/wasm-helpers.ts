// Shared test utilities: seeded data, plain-loop reference kernels and comparisons.

/** mulberry32: a tiny seeded generator of floats in [0, 1). */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** `length` values uniform in [-1, 1) from `seed`. */
export const randomValues = (length: number, seed: number): number[] => {
  const next = mulberry32(seed);
  return Array.from({ length }, () => next() * 2 - 1);
};

/** Reference C = op(A)·op(B) in double precision, by the definition. */
export const referenceMatmul = (
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
): { readonly value: Float64Array; readonly magnitude: Float64Array } => {
  const value = new Float64Array(m * n);
  // Σ|a||b| bounds the rounding error of any summation order.
  const magnitude = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const x = a[transA ? p * m + i : i * k + p] ?? NaN;
        const y = b[transB ? j * k + p : p * n + j] ?? NaN;
        sum += x * y;
        abs += Math.abs(x * y);
      }
      value[i * n + j] = sum;
      magnitude[i * n + j] = abs;
    }
  }
  return { value, magnitude };
};

/** Both NaN, or equal (−0 and +0 count as equal). */
export const sameNumber = (x: number, y: number): boolean => (Number.isNaN(x) && Number.isNaN(y)) || x === y;

/** Index of the first element where the arrays differ per `sameNumber`, or −1. */
export const firstDifference = (got: ArrayLike<number>, want: ArrayLike<number>): number => {
  if (got.length !== want.length) return Math.min(got.length, want.length);
  for (let i = 0; i < got.length; i++) if (!sameNumber(got[i] ?? NaN, want[i] ?? NaN)) return i;
  return -1;
};

export const unitRoundoff = { float32: 2 ** -24, float64: 2 ** -53 } as const;
