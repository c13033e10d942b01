// Reshape at runtime: the same elements in a new shape, so the element counts must agree. One
// target dim may be -1, meaning "whatever size makes the counts agree".
import { TensorShapeError } from "./error.js";
import { checkShape, sizeOf } from "./basics.js";
import { shapeToString } from "./show.js";

/** The target shape with its -1 (if any) resolved; throws when the target has other negative
 *  or non-integer dims, more than one -1, a -1 that no size fits, or a different count. */
export function reshapeShape(from: readonly number[], to: readonly number[]): readonly number[] {
  checkShape("reshape", from);
  const size = sizeOf(from);
  const both = `${shapeToString(from)} -> ${shapeToString(to)}`;
  const fail = (expected: string, problem: string): never => {
    throw new TensorShapeError("reshape", [from, to], expected, `${problem}: ${both}`);
  };
  const inferred = to.filter((d) => d === -1).length;
  const rest = to.filter((d) => d !== -1);
  if (inferred > 1 || !rest.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    return fail("sizes >= 0 and at most one -1", "invalid target dims");
  }
  const known = rest.reduce((n, d) => n * d, 1);
  if (inferred === 0) {
    return known === size ? [...to] : fail(`${size} elements, got ${known}`, "element counts differ");
  }
  if (known === 0 || size % known !== 0) {
    return fail(`the other target dims (${known} elements) to divide ${size} elements evenly`, "cannot infer -1");
  }
  return to.map((d) => (d === -1 ? size / known : d));
}
