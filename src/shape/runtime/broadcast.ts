// NumPy broadcasting at runtime: align the shapes at their last axis; at each axis the dims
// must be equal or one of them 1 (a missing dim counts as 1); the result takes the other dim.
import { TensorShapeError } from "./error.js";
import { checkShape } from "./basics.js";
import { shapeToString } from "./show.js";

/** The first clash, counted from the end: dims x and y at axis -k (k ≥ 1). */
export interface Clash {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

/** The broadcast of a and b, or the first pair of dims that do not broadcast. */
export function broadcastOrClash(a: readonly number[], b: readonly number[]): readonly number[] | Clash {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let k = 1; k <= rank; k++) {
    const x = a[a.length - k] ?? 1;
    const y = b[b.length - k] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return { x, y, k };
    out[rank - k] = x === 1 ? y : x;
  }
  return out;
}

/** Whether broadcastOrClash found a clash. */
export const isClash = (r: readonly number[] | Clash): r is Clash => !Array.isArray(r);

/** The broadcast shape of a and b; throws naming `op` and both shapes. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): readonly number[] {
  checkShape(op, a);
  checkShape(op, b);
  const r = broadcastOrClash(a, b);
  if (isClash(r)) {
    throw new TensorShapeError(op, [a, b], `dims ${r.x} and ${r.y} at axis ${-r.k} to be equal or 1`,
      `cannot broadcast ${shapeToString(a)} with ${shapeToString(b)}`);
  }
  return r;
}
