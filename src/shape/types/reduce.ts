// Reductions (sum, mean, max, ...) over some axes: the reduced axes disappear, or with Keep
// they stay as axes of size 1 (so the result still broadcasts against the input).
import type { Shape } from "../dim.js";
import type { AnyShapeError, ShapeError } from "../error.js";
import type { ShowShape } from "../show.js";
import type { AxisIndex } from "./axis.js";
import type { RemoveAll, ReplaceAt } from "./tuple.js";

/** The axes normalised to indices (a tuple), or a ShapeError for the first axis that is not a
 *  literal, is out of range, or repeats an earlier one (-1 and rank-1 are the same axis). */
type AxisIndices<S extends Shape, Axes extends readonly number[], Op extends string, All extends readonly number[] = Axes, Out extends number[] = []> =
  number extends Axes["length"] ? ShapeError<`${Op}: axes must be a tuple of number literals, got number[]`, Axes, S>
  : Axes extends readonly [infer Ax extends number, ...infer Rest extends readonly number[]]
    ? number extends Ax ? ShapeError<`${Op}: axis must be a number literal, got number`, number, S>
    : [AxisIndex<S, Ax>] extends [never] ? ShapeError<`${Op}: axis ${Ax} is out of range for ${ShowShape<S>}`, Ax, S>
    : AxisIndex<S, Ax> extends Out[number]
      ? ShapeError<`${Op}: axis ${Ax} is repeated in ${ShowShape<All>} for ${ShowShape<S>}`, Ax, S>
    : AxisIndices<S, Rest, Op, All, [...Out, AxisIndex<S, Ax>]>
    : Out;

/** S reduced over Axes (one axis or a tuple of axes, negative ones counting from the end), or
 *  a ShapeError naming the operation, the axis and the shape:
 *  "sum: axis 3 is out of range for [64, 28, 28]" (payload the axis and S),
 *  "sum: axis -1 is repeated in [2, -1] for [2, 3, 4]" (payload the axis and S).
 *  Op names the operation in messages. An empty tuple of axes reduces nothing. */
export type Reduce<S extends Shape, Axes extends number | readonly number[], Keep extends boolean = false, Op extends string = "reduce"> =
  AxisIndices<S, Axes extends number ? [Axes] : Axes, Op> extends infer I
    ? I extends AnyShapeError ? I
    : I extends readonly number[] ? (Keep extends true ? ReplaceAt<S, I[number], 1> : RemoveAll<S, I[number]>)
    : never
    : never;

/** S reduced over every axis: [] , or with Keep a 1 for every axis. */
export type ReduceAll<S extends Shape, Keep extends boolean = false> =
  Keep extends true ? { -readonly [K in keyof S]: 1 } : [];
