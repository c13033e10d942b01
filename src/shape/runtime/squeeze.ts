// Removing an axis of size 1 (squeeze) and inserting one (expandDims) at runtime.
import { TensorShapeError } from "./error.js";
import { checkShape } from "./basics.js";
import { axisOf, insertionAxisOf } from "./axis.js";
import { shapeToString } from "./show.js";

/** s without `axis`, which must have size 1. */
export function squeezeShape(s: readonly number[], axis: number): readonly number[] {
  checkShape("squeeze", s);
  const i = axisOf("squeeze", axis, s);
  if (s[i] !== 1) {
    throw new TensorShapeError("squeeze", [s], `size 1, got ${String(s[i])}`, `axis ${axis} is not of size 1: ${shapeToString(s)}`);
  }
  return s.filter((_, k) => k !== i);
}

/** s with a new axis of size 1 at `axis` (-rank-1..rank; -1 appends). */
export function expandDimsShape(s: readonly number[], axis: number): readonly number[] {
  checkShape("expandDims", s);
  const i = insertionAxisOf("expandDims", axis, s);
  return [...s.slice(0, i), 1, ...s.slice(i)];
}
