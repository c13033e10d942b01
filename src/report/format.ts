// Number formatting shared by the text reporters: losses with a fixed number of significant
// digits, accuracies as percentages, durations in the largest unit that keeps them short, and
// rates with an SI suffix. Every function is total on finite input and says what it got otherwise.

/** How a value that is not a finite number is printed: NaN and the two infinities stay visible. */
const nonFinite = (x: number): string => (Number.isNaN(x) ? "NaN" : x > 0 ? "Inf" : "-Inf");

/**
 * `x` with `digits` significant digits. Fixed notation between 0.001 and 10⁴ (where it is short),
 * exponential outside, so a loss of 0.6931 prints as "0.6931" and 3.2e-7 as "3.200e-7".
 */
export const formatSignificant = (x: number, digits = 4): string => {
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new RangeError(`formatSignificant: digits must be an integer in 1..21, got ${digits}`);
  }
  if (!Number.isFinite(x)) return nonFinite(x);
  if (x === 0) return (0).toPrecision(digits);
  const a = Math.abs(x);
  // toPrecision itself switches to exponent form once the rounded value reaches 10^digits.
  const text = a >= 1e-3 && a < 1e4 ? x.toPrecision(digits) : x.toExponential(digits - 1);
  return text.replace("e+", "e");
};

/** A fraction in [0, 1] as a percentage with one decimal: 0.9342 → "93.4%". */
export const formatPercent = (fraction: number): string =>
  Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}%` : nonFinite(fraction);

/**
 * A duration given in seconds: "45ms" below a second, "1.23s" below a minute, "2m05s" below an
 * hour, "1h02m" above. Rounding happens before the unit is chosen, so 0.9996 s is "1.00s", not
 * "1000ms".
 */
export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(
      `formatDuration: expected a finite, non-negative number of seconds, got ${seconds}`,
    );
  }
  const ms = Math.round(seconds * 1000);
  if (ms < 1000) return `${ms}ms`;
  const centis = Math.round(seconds * 100);
  if (centis < 6000) return `${(centis / 100).toFixed(2)}s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)}m${pad2(whole % 60)}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h${pad2(minutes % 60)}m`;
};

const pad2 = (n: number): string => String(n).padStart(2, "0");

const siSuffixes: readonly (readonly [number, string])[] = [
  [1e9, "G"],
  [1e6, "M"],
  [1e3, "k"],
];

/** A non-negative rate with three significant digits and an SI suffix: 1234.5 → "1.23k". */
export const formatRate = (perSecond: number): string => {
  if (!Number.isFinite(perSecond) || perSecond < 0) {
    throw new RangeError(`formatRate: expected a finite, non-negative rate, got ${perSecond}`);
  }
  if (Number(perSecond.toPrecision(3)) >= 1e12) return perSecond.toExponential(2).replace("e+", "e");
  for (const [scale, suffix] of siSuffixes) {
    // Compare after rounding so 999.6 becomes "1.00k" rather than "1.00e3".
    if (Number(perSecond.toPrecision(3)) >= scale) {
      return `${(perSecond / scale).toPrecision(3)}${suffix}`;
    }
  }
  return perSecond >= 1 || perSecond === 0 ? perSecond.toPrecision(3) : perSecond.toFixed(3);
};
