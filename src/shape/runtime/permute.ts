// Reordering axes at runtime: permute (any order), transpose (all reversed, NumPy `.T`) and
// swapLast (the last two swapped).
import { TensorShapeError } from "./error.js";
import { checkShape } from "./basics.js";
import { shapeToString } from "./show.js";

/** Axis k of the result is axis perm[k] of s; perm must hold each of 0..rank-1 once. */
export function permuteShape(s: readonly number[], perm: readonly number[]): readonly number[] {
  checkShape("permute", s);
  const once = new Set(perm);
  const valid = perm.length === s.length && once.size === s.length && perm.every((p) => Number.isInteger(p) && p >= 0 && p < s.length);
  if (!valid) {
    throw new TensorShapeError("permute", [s], s.length === 0 ? "an empty permutation" : `each of 0..${s.length - 1} exactly once`,
      `${shapeToString(perm)} is not a permutation of the axes of ${shapeToString(s)}`);
  }
  return perm.map((p) => s[p] ?? 0);
}

/** s with all axes reversed: [2, 3, 4] → [4, 3, 2]. */
export function transposeShape(s: readonly number[]): readonly number[] {
  checkShape("transpose", s);
  return [...s].reverse();
}

/** s with its last two axes swapped: [5, 2, 3] → [5, 3, 2]; needs rank ≥ 2. */
export function swapLastShape(s: readonly number[]): readonly number[] {
  checkShape("swapLast", s);
  const [a, b] = s.slice(-2);
  if (s.length < 2 || a === undefined || b === undefined) {
    throw new TensorShapeError("swapLast", [s], `rank >= 2, got ${s.length}`, `needs rank >= 2: ${shapeToString(s)}`);
  }
  return [...s.slice(0, -2), b, a];
}
