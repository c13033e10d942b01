// Concatenation (sizes along one axis add up; all other dims must agree) and stacking (equal
// shapes side by side along a new axis) at runtime.
import { TensorShapeError } from "./error.js";
import { checkShape } from "./basics.js";
import { axisOf, insertionAxisOf } from "./axis.js";
import { shapeToString } from "./show.js";

function nonEmpty(op: string, shapes: readonly (readonly number[])[]): readonly number[] {
  const first = shapes[0];
  if (first === undefined) throw new TensorShapeError(op, [], "one or more shapes", "needs at least one shape");
  shapes.forEach((s) => checkShape(op, s));
  return first;
}

/** The first axis other than `skip` on which a and b (same rank) differ, or -1. */
const firstDifference = (a: readonly number[], b: readonly number[], skip: number): number =>
  a.findIndex((d, i) => i !== skip && d !== b[i]);

/** The shapes concatenated along `axis` (normalised against the first shape). */
export function concatShape(shapes: readonly (readonly number[])[], axis: number): readonly number[] {
  const first = nonEmpty("concat", shapes);
  const i = axisOf("concat", axis, first);
  let total = 0;
  for (const s of shapes) {
    const both = `${shapeToString(first)} and ${shapeToString(s)}`;
    if (s.length !== first.length) {
      throw new TensorShapeError("concat", [first, s], `rank ${first.length}, got ${s.length}`, `ranks differ: ${both}`);
    }
    const k = firstDifference(first, s, i);
    if (k >= 0) {
      throw new TensorShapeError("concat", [first, s], `dim ${k} to be ${String(first[k])}, got ${String(s[k])}`,
        `shapes differ outside axis ${axis}: ${both}`);
    }
    total += s[i] ?? 0;
  }
  return first.map((d, k) => (k === i ? total : d));
}

/** Equal shapes stacked along a new axis (-rank-1..rank) of size shapes.length. */
export function stackShape(shapes: readonly (readonly number[])[], axis: number): readonly number[] {
  const first = nonEmpty("stack", shapes);
  const i = insertionAxisOf("stack", axis, first);
  for (const s of shapes) {
    const both = `${shapeToString(first)} and ${shapeToString(s)}`;
    if (s.length !== first.length) {
      throw new TensorShapeError("stack", [first, s], `equal shapes, got ranks ${first.length} and ${s.length}`, `shapes differ: ${both}`);
    }
    const k = firstDifference(first, s, -1);
    if (k >= 0) {
      throw new TensorShapeError("stack", [first, s], `equal shapes, got ${String(first[k])} and ${String(s[k])} at dim ${k}`,
        `shapes differ: ${both}`);
    }
  }
  return [...first.slice(0, i), shapes.length, ...first.slice(i)];
}
