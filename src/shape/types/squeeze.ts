// Removing and adding axes of size 1: Squeeze takes one away, ExpandDims puts one in.
import type { Shape } from "../dim.js";
import type { ShapeError } from "../error.js";
import type { IsSame } from "../same.js";
import type { ShowShape } from "../show.js";
import type { NormAxis, NormInsertAxis } from "./axis.js";
import type { InsertAt, RemoveAt } from "./tuple.js";

/** S without axis Axis, which must have size 1 (`number` is accepted and checked at runtime),
 *  or a ShapeError: the axis out of range, or "squeeze: axis 1 is not of size 1: [2, 3]"
 *  (payload the dim found there and S). */
export type Squeeze<S extends Shape, Axis extends number> =
  NormAxis<S, Axis, "squeeze"> extends infer I
    ? I extends number
      ? IsSame<S[I], 1> extends true ? RemoveAt<S, I>
      : number extends S[I] ? RemoveAt<S, I>
      : ShapeError<`squeeze: axis ${Axis} is not of size 1: ${ShowShape<S>}`, S[I], S>
      : I
    : never;

/** S with a new axis of size 1 at position Axis (-rank-1..rank; -1 appends), or a ShapeError
 *  "expandDims: axis 3 is out of range for [2, 3]" (payload the axis and S). */
export type ExpandDims<S extends Shape, Axis extends number> =
  NormInsertAxis<S, Axis, "expandDims"> extends infer I
    ? I extends number ? InsertAt<S, I, 1> : I
    : never;
