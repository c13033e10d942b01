// Validating a shape and the facts every kernel needs from one: its element count, its
// row-major strides, and equality.
import { TensorShapeError } from "./error.js";
import { shapeToString } from "./show.js";

/** Throw unless every dim is a non-negative safe integer; the error names the first bad dim
 *  by its index. (-0 counts as 0.) */
export function checkShape(op: string, s: readonly number[]): void {
  if (!Array.isArray(s)) {
    throw new TensorShapeError(op, [], "an array of dims", `not a shape: ${String(s)}`);
  }
  s.forEach((d, i) => {
    if (!(Number.isSafeInteger(d) && d >= 0)) {
      throw new TensorShapeError(op, [s], `a non-negative safe integer, got ${String(d)}`, `invalid dim ${i}: ${shapeToString(s)}`);
    }
  });
}

/** The number of elements: the product of the dims (1 for a scalar, 0 if any dim is 0).
 *  A count beyond 2^53 − 1 could not be indexed exactly, so it is an error. */
export function sizeOf(s: readonly number[]): number {
  checkShape("sizeOf", s);
  const size = s.reduce((n, d) => n * d, 1);
  if (!Number.isSafeInteger(size)) {
    throw new TensorShapeError("sizeOf", [s], "at most 2^53 - 1 elements", `too many elements: ${shapeToString(s)}`);
  }
  return size;
}

/** Row-major (C order) strides, in elements: stepping along axis i moves strides[i] elements,
 *  the product of the dims after i. [2, 3, 4] → [12, 4, 1]. */
export function stridesOf(s: readonly number[]): readonly number[] {
  sizeOf(s);
  const strides = new Array<number>(s.length);
  let step = 1;
  for (let i = s.length - 1; i >= 0; i--) {
    strides[i] = step;
    step *= s[i] ?? 1;
  }
  return strides;
}

/** Same rank and same dims. */
export const shapesEqual = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);
