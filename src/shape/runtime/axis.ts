// Axes at runtime: an axis is an integer in -rank..rank-1, and a negative axis counts from the
// end (-1 is the last). The type-level twin is src/shape/types/axis.ts.
import { TensorShapeError } from "./error.js";
import { shapeToString } from "./show.js";

/** The index that `axis` names among `rank` axes, or undefined. */
const indexOf = (axis: number, rank: number): number | undefined =>
  Number.isInteger(axis) && axis >= -rank && axis < rank ? (axis < 0 ? axis + rank : axis) : undefined;

const range = (rank: number): string => (rank === 0 ? "no axis (rank 0 has none)" : `an integer in ${-rank}..${rank - 1}`);

/** What the axes belong to, for messages: the shape when known, else just the rank. */
interface Owner {
  readonly rank: number;
  readonly text: string;
  readonly shapes: readonly (readonly number[])[];
}
const ofRank = (rank: number): Owner => ({ rank, text: `rank ${rank}`, shapes: [] });
const ofShape = (s: readonly number[]): Owner => ({ rank: s.length, text: shapeToString(s), shapes: [s] });

function resolve(op: string, axis: number, owner: Owner): number {
  const i = indexOf(axis, owner.rank);
  if (i === undefined) {
    throw new TensorShapeError(op, owner.shapes, range(owner.rank), `axis ${axis} is out of range for ${owner.text}`);
  }
  return i;
}

function resolveAll(op: string, axes: readonly number[], owner: Owner): readonly number[] {
  const seen = new Map<number, number>();
  for (const axis of axes) {
    const i = resolve(op, axis, owner);
    const earlier = seen.get(i);
    if (earlier !== undefined) {
      throw new TensorShapeError(op, owner.shapes, `each axis at most once (${earlier} and ${axis} both name axis ${i})`,
        `axis ${axis} is repeated in ${shapeToString(axes)} for ${owner.text}`);
    }
    seen.set(i, axis);
  }
  return [...seen.keys()].sort((x, y) => x - y);
}

/** The index 0..rank-1 that `axis` names; throws if it is not an integer in -rank..rank-1. */
export const normalizeAxis = (op: string, axis: number, rank: number): number => resolve(op, axis, ofRank(rank));

/** The indices that `axes` name, sorted ascending; throws on an axis out of range or an axis
 *  named twice (2 and -1 are the same axis of a rank-3 shape). */
export const normalizeAxes = (op: string, axes: readonly number[], rank: number): readonly number[] =>
  resolveAll(op, axes, ofRank(rank));

/** normalizeAxis, with the shape in the message. */
export const axisOf = (op: string, axis: number, s: readonly number[]): number => resolve(op, axis, ofShape(s));

/** normalizeAxes, with the shape in the message. */
export const axesOf = (op: string, axes: readonly number[], s: readonly number[]): readonly number[] =>
  resolveAll(op, axes, ofShape(s));

/** Where a new axis lands when inserted into s at `axis` (-rank-1..rank; -1 appends). */
export function insertionAxisOf(op: string, axis: number, s: readonly number[]): number {
  const i = indexOf(axis, s.length + 1);
  if (i === undefined) {
    throw new TensorShapeError(op, [s], `an integer in ${-s.length - 1}..${s.length}`, `axis ${axis} is out of range for ${shapeToString(s)}`);
  }
  return i;
}
