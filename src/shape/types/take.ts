// take / gather along one axis: the axis is replaced by the shape of the indices,
//   Take<[2, 3, 4], [5], 1> = [2, 5, 4],   Take<[V, F], [B, T], 0> = [B, T, F]  (an embedding lookup).
import type { Shape } from "../dim.js";
import type { NormAxis } from "./axis.js";

/** S split before index I: [dims before, dims from I on]. Walks positions only. */
type SplitAt<S extends Shape, I extends number, Front extends unknown[] = []> =
  Front["length"] extends I ? [Front, S]
  : S extends readonly [infer H, ...infer R extends Shape] ? SplitAt<R, I, [...Front, H]> : [Front, []];

/** The dims of S with axis I replaced by the index shape Idx. */
type Replaced<S extends Shape, Idx extends Shape, I extends number> =
  SplitAt<S, I> extends [infer F extends unknown[], readonly [unknown, ...infer B extends unknown[]]] ? [...F, ...Idx, ...B] : never;

/** The shape of take(x, indices, axis): S[:axis] ++ Idx ++ S[axis+1:], or the axis's ShapeError
 *  ("take: axis 2 is out of range for [2, 3]", payload the axis and S). Of unknown rank:
 *  `Shape`. */
export type Take<S extends Shape, Idx extends Shape, Axis extends number = 0> =
  number extends S["length"] | Idx["length"] ? Shape
  : NormAxis<S, Axis, "take"> extends infer I ? (I extends number ? Replaced<S, Idx, I> : I) : never;
