// Argument checks shared by the dataset functions, so that every bad call fails the same way:
// naming the operation, what it was given and what it expected.

const show = (x: unknown): string =>
  typeof x === "string" ? JSON.stringify(x) : Array.isArray(x) ? `[${x.map(show).join(", ")}]` : String(x);

/** Checks that `x` is an integer in [lo, hi] (hi may be Infinity). */
export const checkInteger = (op: string, name: string, x: unknown, lo: number, hi: number = Infinity): number => {
  if (typeof x !== "number" || !Number.isInteger(x) || x < lo || x > hi) {
    const range = hi === Infinity ? `≥ ${lo}` : `in [${lo}, ${hi}]`;
    throw new RangeError(`${op}: ${name} must be an integer ${range}, got ${show(x)}`);
  }
  return x;
};

/** Checks that `x` is a finite number ≥ 0. */
export const checkNonNegative = (op: string, name: string, x: unknown): number => {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
    throw new RangeError(`${op}: ${name} must be a finite number ≥ 0, got ${show(x)}`);
  }
  return x;
};

/** Checks that `x` is a finite number > 0. */
export const checkPositive = (op: string, name: string, x: unknown): number => {
  if (typeof x !== "number" || !Number.isFinite(x) || x <= 0) {
    throw new RangeError(`${op}: ${name} must be a finite number > 0, got ${show(x)}`);
  }
  return x;
};

/**
 * The size of the first part when `n` examples are divided at `at`: a fraction strictly between
 * 0 and 1 (rounded to the nearest count), or a count. Both parts must keep at least one example.
 */
export const splitCount = (op: string, n: number, at: unknown): number => {
  const expected = `a fraction in (0, 1) or a count in [1, ${n - 1}]`;
  if (typeof at !== "number" || !Number.isFinite(at) || at <= 0 || (at >= 1 && !Number.isInteger(at))) {
    throw new RangeError(`${op}: expected ${expected} for ${n} examples, got ${show(at)}`);
  }
  const count = at < 1 ? Math.round(at * n) : at;
  if (count < 1 || count > n - 1) {
    const how = at < 1 ? `the fraction ${at} of ${n} examples gives ${count}, which` : `the count ${at}`;
    throw new RangeError(`${op}: ${how} leaves one part empty; expected ${expected}`);
  }
  return count;
};

/** Shapes as text: [28, 28]. */
export const showShape = (shape: readonly number[]): string => `[${shape.join(", ")}]`;
