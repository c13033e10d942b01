// Constants of the vectorised approximations, derived here rather than typed in:
// ln 2 from its series, split for exact range reduction, and Taylor coefficients.

/** Fixed-point bits used to derive ln 2 (far beyond double precision). */
const fractionBits = 160n;

/** ln 2 = Σ_{k≥1} 1 / (k·2^k), as a fixed-point integer with `fractionBits` fraction bits. */
const ln2Fixed = ((): bigint => {
  const one = 1n << fractionBits;
  let sum = 0n;
  for (let k = 1n; k <= fractionBits + 8n; k++) sum += one / (k << k);
  return sum;
})();

const fixedToNumber = (fixed: bigint, bits: bigint): number => Number(fixed) / 2 ** Number(bits);

/**
 * ln 2 = hi + lo, where hi keeps only `hiBits` significant bits so that n·hi is exact for every
 * |n| < 2^(precision − hiBits) (Cody–Waite reduction), and lo is the rest rounded to double.
 */
export const splitLn2 = (hiBits: number): { readonly hi: number; readonly lo: number } => {
  // ln 2 ∈ [1/2, 1): its leading bit has weight 2^-1, so hiBits significant bits end at 2^-hiBits.
  const drop = fractionBits - BigInt(hiBits);
  const hiFixed = (ln2Fixed >> drop) << drop;
  return { hi: fixedToNumber(hiFixed, fractionBits), lo: fixedToNumber(ln2Fixed - hiFixed, fractionBits) };
};

/** ln 2 rounded to double (equals Math.LN2; derived to check the series). */
export const ln2 = fixedToNumber(ln2Fixed, fractionBits);

/** 1/k! for k = 0..n. */
export const inverseFactorials = (n: number): readonly number[] => {
  const out: number[] = [];
  let factorial = 1;
  for (let k = 0; k <= n; k++) {
    if (k > 0) factorial *= k;
    out.push(1 / factorial);
  }
  return out;
};
