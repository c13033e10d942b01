// Test helpers shared by the core test folders: a tensor's numbers as a plain array,
// element-wise comparison that reports the first differing index (NaN matches NaN, ±Infinity
// match themselves), and catching the error a call throws so its fields can be asserted.
import { expect } from "vitest";
import type { AnyTensor } from "../../src/tensor/tensor.js";

/** The elements in row-major order as plain numbers (bool as 0/1). */
export const values = (t: AnyTensor): number[] => Array.from(t.toArray() as ArrayLike<number>);

/** Equal as numbers, with NaN equal to NaN and -0 equal to 0. */
const same = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** Asserts shape, dtype (when given) and every element within `tol` relative-or-absolute error. */
export function expectTensor(
  t: AnyTensor,
  expected: { readonly shape: readonly number[]; readonly dtype?: string; readonly values: readonly number[] },
  tol = 0,
): void {
  expect(t.shape).toEqual(expected.shape);
  if (expected.dtype !== undefined) expect(t.dtype).toBe(expected.dtype);
  expectClose(values(t), expected.values, tol);
}

/** Asserts |a − e| ≤ tol · max(1, |e|) element-wise (exact when tol is 0). */
export function expectClose(actual: readonly number[], expected: readonly number[], tol = 0): void {
  expect(actual.length, "element count").toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i] ?? Number.NaN;
    const ok = same(a, e) || (Number.isFinite(e) && Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)));
    if (!ok) expect.fail(`element ${i}: got ${a}, expected ${e} (tol ${tol})\n  actual:   [${actual.join(", ")}]\n  expected: [${expected.join(", ")}]`);
  });
}

/** The error `f` throws; fails the test if `f` returns. */
export function catchError(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`threw a non-Error: ${String(e)}`);
  }
  return expect.fail("expected an error, but the call returned");
}
