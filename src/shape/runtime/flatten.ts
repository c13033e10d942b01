// Flatten at runtime: collapse axes start..end (inclusive) into one axis of their product.
import { TensorShapeError } from "./error.js";
import { checkShape } from "./basics.js";
import { axisOf } from "./axis.js";
import { shapeToString } from "./show.js";

/** s with axes start..end collapsed; a rank-0 shape flattens to [1] (axes 0 and -1 allowed, as
 *  if it were [1]). Throws on an axis out of range or start after end. */
export function flattenShape(s: readonly number[], start = 0, end = -1): readonly number[] {
  checkShape("flatten", s);
  const dims = s.length === 0 ? [1] : s;
  const i = axisOf("flatten", start, dims);
  const j = axisOf("flatten", end, dims);
  if (i > j) {
    throw new TensorShapeError("flatten", [s], `start <= end once negative axes count from the end (${i} > ${j})`,
      `start axis ${start} is after end axis ${end} in ${shapeToString(s)}`);
  }
  const collapsed = dims.slice(i, j + 1).reduce((n, d) => n * d, 1);
  return [...dims.slice(0, i), collapsed, ...dims.slice(j + 1)];
}
