// Axis ticks at "nice" values: every step is 1, 2 or 5 times a power of ten, so labels read
// 0, 0.2, 0.4, ... rather than 0, 0.17, 0.34. On a log axis the ticks are 1, 2, 5 × 10^k (or whole
// decades when the range spans many of them).

export interface Ticks {
  /** The interval the axis shows; it contains the data. */
  readonly domain: readonly [number, number];
  /** Tick values inside the domain, increasing. */
  readonly values: readonly number[];
  /** Labels for `values`, formatted consistently for the whole axis. */
  readonly labels: readonly string[];
}

/** Removes binary noise such as 0.30000000000000004 from a value computed as a ratio or product. */
const clean = (x: number): number => {
  const v = Number(x.toPrecision(12));
  return v === 0 ? 0 : v;
};

/**
 * i·step for step = m·10^k, as the double nearest the exact decimal i·m·10^k: i·m is an exact
 * integer, and parsing "i·m e k" rounds once. Computing i·step in floating point instead leaves
 * noise such as 0.30000000000000004.
 */
const timesStep = (i: number, step: number): number => {
  const k = Math.floor(Math.log10(step) + 1e-9);
  const m = Math.round(step / pow10(k));
  const v = Number(`${i * m}e${k}`);
  return v === 0 ? 0 : v;
};

/** A power of ten parsed from text, which is exact where 10 ** k can be off by an ulp. */
const pow10 = (k: number): number => Number(`1e${k}`);

/**
 * A 1-2-5 step, m·10^k with m ∈ {1, 2, 5}, giving about `target` intervals over `span`: the m
 * nearest (on a log scale) to span / (target·10^k), so the interval count lies within a factor
 * of about √2.5 of the target.
 */
export const niceStep = (span: number, target: number): number => {
  if (!(span > 0) || !Number.isFinite(span) || !(target >= 1)) {
    throw new RangeError(
      `niceStep: expected a positive finite span and target ≥ 1, got span=${span}, target=${target}`,
    );
  }
  const raw = span / target;
  const k = Math.floor(Math.log10(raw));
  const base = pow10(k);
  const r = raw / base;
  // Geometric midpoints between 1, 2, 5 and 10 are √2, √10 and √50.
  const m = r >= Math.sqrt(50) ? 10 : r >= Math.sqrt(10) ? 5 : r >= Math.SQRT2 ? 2 : 1;
  return clean(m * base);
};

/** Decimal places that show a multiple of `step` exactly (step = m·10^k). */
function decimalsFor(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/** "1.2500e-7" → "1.25e-7", "3.0e6" → "3e6": exponent form without padding zeros. */
const trimExponential = (text: string): string => {
  const [mantissa = "", exponent = ""] = text.replace("e+", "e").split("e");
  const trimmed = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
  return `${trimmed}e${exponent}`;
};

/**
 * Labels for equally spaced ticks: fixed decimals for everyday magnitudes; beyond them, exponent
 * form with as many significant digits as it takes to tell neighbouring ticks apart (the digits
 * from the largest tick's leading digit down to the step's).
 */
export const linearLabels = (values: readonly number[], step: number): readonly string[] => {
  const largest = Math.max(0, ...values.map(Math.abs));
  if (step >= 1e-4 && largest < 1e6) {
    return values.map((v) => (v === 0 ? "0" : v.toFixed(decimalsFor(step))));
  }
  const digits = Math.floor(Math.log10(largest)) - Math.floor(Math.log10(step) + 1e-9) + 1;
  const fractionDigits = Math.min(100, Math.max(0, digits - 1));
  return values.map((v) => (v === 0 ? "0" : trimExponential(v.toExponential(fractionDigits))));
};

/**
 * Extends a degenerate interval so an axis can still be drawn around a single value. An interval
 * is degenerate when it is empty or too narrow for distinct tick values: narrower than 10⁻¹³ of
 * its magnitude (a few dozen doubles) or than 10⁻²⁹⁰ (near underflow).
 */
const widen = (min: number, max: number): readonly [number, number] => {
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  if (max - min > magnitude * 1e-13 && max - min > 1e-290) return [min, max];
  const centre = (min + max) / 2;
  const half = Math.abs(centre) > 1e-290 ? Math.abs(centre) / 2 : 1;
  return [centre - half, centre + half];
};

const checkInterval = (what: string, min: number, max: number): void => {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new RangeError(`${what}: expected finite min ≤ max, got min=${min}, max=${max}`);
  }
};

/** Multiples of `step` in [lo, hi]. */
const multiples = (lo: number, hi: number, step: number): readonly number[] => {
  let first = Math.ceil(lo / step - 1e-9);
  while (timesStep(first, step) < lo) first++;
  let last = Math.floor(hi / step + 1e-9);
  while (timesStep(last, step) > hi) last--;
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => timesStep(first + i, step));
};

/**
 * Ticks for data in [min, max], with the domain widened outwards to the nearest ticks so the
 * first and last tick frame the data. About `target` intervals.
 */
export const niceLinear = (min: number, max: number, target = 5): Ticks => {
  checkInterval("niceLinear", min, max);
  const [a, b] = widen(min, max);
  const step = niceStep(b - a, target);
  // The tolerance absorbs quotients like 0.3 / 0.1 = 2.9999999999999996; the correction after it
  // makes sure the domain really contains [a, b].
  let iLo = Math.floor(a / step + 1e-9);
  while (timesStep(iLo, step) > a) iLo--;
  let iHi = Math.ceil(b / step - 1e-9);
  while (timesStep(iHi, step) < b) iHi++;
  const lo = timesStep(iLo, step);
  const hi = timesStep(iHi, step);
  const values = multiples(lo, hi, step);
  return { domain: [lo, hi], values, labels: linearLabels(values, step) };
};

/** Ticks inside a fixed domain [min, max] (e.g. a grid's extent), which is not widened. */
export const ticksWithin = (min: number, max: number, target = 5): Ticks => {
  checkInterval("ticksWithin", min, max);
  const [a, b] = widen(min, max);
  const step = niceStep(b - a, target);
  const values = multiples(a, b, step);
  return { domain: [a, b], values, labels: linearLabels(values, step) };
};

// log10 can be off by an ulp next to a power of ten, so its guess is corrected against exact
// powers.

/** The largest k with 10^k ≤ x. */
const decadeBelow = (x: number): number => {
  let k = Math.floor(Math.log10(x));
  while (pow10(k) > x) k--;
  while (pow10(k + 1) <= x) k++;
  return k;
};

/** The smallest k with x ≤ 10^k. */
const decadeAbove = (x: number): number => {
  let k = Math.ceil(Math.log10(x));
  while (pow10(k) < x) k++;
  while (pow10(k - 1) >= x) k--;
  return k;
};

/** m·10^k as a label: plain decimals for 10⁻⁴..10⁵, "5e-7" style outside. */
const logLabel = (m: number, k: number): string =>
  k >= -4 && k <= 5 ? String(clean(m * pow10(k))) : `${m}e${k}`;

/**
 * Ticks for a log axis over positive data in [min, max]. Up to three decades: 1-2-5 ticks with the
 * domain snapped to 1-2-5 values; up to six: every decade; beyond: every n-th decade.
 */
export const niceLog = (min: number, max: number): Ticks => {
  checkInterval("niceLog", min, max);
  if (!(min > 0)) throw new RangeError(`niceLog: a log axis needs positive values, got min=${min}`);
  if (min < 1e-307 || max > 1e308) {
    throw new RangeError(
      `niceLog: values must lie in [1e-307, 1e308] to be framed by decades, got [${min}, ${max}]`,
    );
  }
  const kLo = decadeBelow(min);
  const kHi = Math.max(kLo + 1, decadeAbove(max));
  const decades = kHi - kLo;
  if (decades <= 3) {
    // Candidates m·10^k, increasing; 1·10^kLo ≤ min and 1·10^kHi ≥ max are among them.
    const marks = Array.from({ length: decades + 1 }, (_, i) => kLo + i).flatMap((k) =>
      [1, 2, 5].map((m) => ({ v: Number(`${m}e${k}`), label: logLabel(m, k) })),
    );
    const loIndex = marks.filter((t) => t.v <= min).length - 1;
    const hiIndex = marks.findIndex((t) => t.v >= max);
    // A single value sitting on a mark still needs an interval: extend to the next mark.
    const shown = marks.slice(loIndex, Math.max(hiIndex, loIndex + 1) + 1);
    const first = shown[0];
    const last = shown[shown.length - 1];
    if (first === undefined || last === undefined) throw new Error("niceLog: no ticks (unreachable)");
    return { domain: [first.v, last.v], values: shown.map((t) => t.v), labels: shown.map((t) => t.label) };
  }
  const every = decades <= 6 ? 1 : Math.ceil(decades / 6);
  // Ticks at multiples of `every` read best (1e-8, 1e-6, ...), unless that runs past the largest
  // double; then they are counted down from the data's top decade instead.
  const aligned = Math.ceil(kHi / every) * every <= 308;
  const end = aligned ? Math.ceil(kHi / every) * every : kHi;
  const start = aligned ? Math.floor(kLo / every) * every : end - Math.ceil((end - kLo) / every) * every;
  const ks = Array.from({ length: (end - start) / every + 1 }, (_, i) => start + i * every);
  return {
    domain: [pow10(start), pow10(end)],
    values: ks.map(pow10),
    labels: ks.map((k) => logLabel(1, k)),
  };
};

/** Smallest and largest finite value, or undefined when there is none. */
export const extent = (values: Iterable<number>): readonly [number, number] | undefined => {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
};
