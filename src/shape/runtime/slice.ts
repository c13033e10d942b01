// Slicing one axis to start..end (half-open, like x[start:end]) at runtime. Negative bounds
// count from the end of the axis; unlike Python, bounds outside the axis are an error.
import { TensorShapeError } from "./error.js";
import { checkShape } from "./basics.js";
import { axisOf } from "./axis.js";
import { shapeToString } from "./show.js";

/** s with axis `axis` cut to end − start (after negative bounds count from the end); throws
 *  unless 0 ≤ start ≤ end ≤ size with integer bounds. */
export function sliceShape(s: readonly number[], axis: number, start: number, end: number): readonly number[] {
  checkShape("slice", s);
  const i = axisOf("slice", axis, s);
  const size = s[i] ?? 0;
  const from = start < 0 ? start + size : start;
  const to = end < 0 ? end + size : end;
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= from && from <= to && to <= size)) {
    throw new TensorShapeError("slice", [s], `0 <= start <= end <= ${size}, negative bounds counting from the end`,
      `invalid bounds ${start}..${end} for axis ${axis} of ${shapeToString(s)}`);
  }
  return s.map((d, k) => (k === i ? to - from : d));
}
