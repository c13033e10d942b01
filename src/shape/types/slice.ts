// Slicing one axis to the half-open range Start..End (Python's x[start:end] on that axis).
// Negative bounds count from the end of the axis (End = -1 drops the last element). Unlike
// Python, bounds outside the axis are an error rather than being clipped.
import type { Shape } from "../dim.js";
import type { ShapeError } from "../error.js";
import type { ShowShape } from "../show.js";
import type { IsPlain } from "../arith/digits.js";
import type { Sub } from "../arith/sub.js";
import type { NormAxis } from "./axis.js";
import type { ReplaceAt } from "./tuple.js";

/** A bound as an offset into an axis of size D: a negative bound -k is D − k. `number` when
 *  that falls below 0 (or D is not a literal). */
type Offset<D extends number, X extends number> =
  `${X}` extends `-${infer K extends number}` ? Sub<D, K> : X;

/** The length of the slice when the bounds fit the axis (0 ≤ start ≤ end ≤ D), else never. */
type SliceLength<D extends number, Start extends number, End extends number> =
  Offset<D, Start> extends infer S extends number
    ? Offset<D, End> extends infer E extends number
      ? number extends S | E ? never
      : number extends Sub<D, E> ? never
      : number extends Sub<E, S> ? never
      : Sub<E, S>
      : never
    : never;

/** The new size of an axis of size D. With literal D the bounds are checked (never: invalid);
 *  with a runtime-sized D, non-negative bounds still give a literal length (the runtime checks
 *  them against D), and negative ones give `number`. Non-literal bounds give `number`. */
type SlicedDim<D, Start extends number, End extends number> =
  number extends Start | End ? number
  : IsPlain<D> extends true ? (D extends number ? SliceLength<D, Start, End> : never)
  : `${Start}${End}` extends `${string}-${string}` ? number
  : number extends Sub<End, Start> ? never
  : Sub<End, Start>;

/** S with axis Axis sliced to Start..End, or a ShapeError: the axis out of range, or
 *  "slice: invalid bounds 2..7 for axis 1 of [4, 5]" (payload [Start, End] and S). */
export type Slice<S extends Shape, Axis extends number, Start extends number, End extends number> =
  NormAxis<S, Axis, "slice"> extends infer I
    ? I extends number
      ? [SlicedDim<S[I], Start, End>] extends [never]
        ? ShapeError<`slice: invalid bounds ${Start}..${End} for axis ${Axis} of ${ShowShape<S>}`, [Start, End], S>
        : ReplaceAt<S, I, SlicedDim<S[I], Start, End>>
      : I
    : never;
