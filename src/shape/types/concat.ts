// Concatenation and stacking. Concatenating along an axis adds the sizes on that axis (with
// the digit-wise Add); every other dim must agree. Stacking puts equal shapes side by side
// along a new axis whose size is the number of shapes.
import type { Shape } from "../dim.js";
import type { ShapeError } from "../error.js";
import type { DimCompat, IsSame, MergeDim } from "../same.js";
import type { ShowShape } from "../show.js";
import type { Add } from "../arith/add.js";
import type { Clash } from "./broadcast.js";
import type { NormAxis, NormInsertAxis } from "./axis.js";
import type { InsertAt, ReplaceAt } from "./tuple.js";

// Results that may hold type parameters are matched against `readonly (infer _ extends number)[]`
// rather than tested with `extends Shape`, which the compiler leaves undecided for [B, 10]
// (see Ok in ../error.ts).

/** A and B (same rank) merged dim by dim, except at index Skip where A's dim is kept; the
 *  first pair of dims that cannot stand on the same axis gives a Clash. */
type MergeExcept<A extends Shape, B extends Shape, Skip extends number, C extends unknown[] = [], Out extends unknown[] = []> =
  A extends readonly [infer a, ...infer AR extends Shape]
    ? B extends readonly [infer b, ...infer BR extends Shape]
      ? C["length"] extends Skip ? MergeExcept<AR, BR, Skip, [...C, a], [...Out, a]>
      : DimCompat<a, b> extends true ? MergeExcept<AR, BR, Skip, [...C, a], [...Out, MergeDim<a, b>]>
      : Clash<a, b>
      : Out
    : Out;

/** The sum of two sizes on the concat axis; `number` when either is not a plain literal. */
type AddDims<A, B> = A extends number ? (B extends number ? Add<A, B> : number) : number;

/** Check each remaining shape against First and add up the sizes on axis I. */
type ConcatRest<First extends Shape, Rest extends readonly Shape[], I extends number, Axis extends number, Acc extends Shape, Sum> =
  Rest extends readonly [infer Next extends Shape, ...infer More extends readonly Shape[]]
    ? IsSame<First["length"], Next["length"]> extends true
      ? MergeExcept<Acc, Next, I> extends infer M
        ? M extends Clash<infer a, infer b>
          ? ShapeError<`concat: shapes differ outside axis ${Axis}: ${ShowShape<First>} and ${ShowShape<Next>}`, a, b>
          : M extends readonly (infer _ extends number)[] ? ConcatRest<First, More, I, Axis, M, AddDims<Sum, Next[I]>> : never
        : never
      : ShapeError<`concat: ranks differ: ${ShowShape<First>} and ${ShowShape<Next>}`, First, Next>
    : ReplaceAt<Acc, I, Sum>;

/** The shapes concatenated along Axis, or a ShapeError: no shapes ("concat: needs at least one
 *  shape"), an axis out of range for the first shape, different ranks ("concat: ranks differ:
 *  A and B", payload A, B), or a dim off the axis that differs from the first shape's
 *  ("concat: shapes differ outside axis 1: A and B", payload the two dims). */
export type ConcatAll<Shapes extends readonly Shape[], Axis extends number> =
  Shapes extends readonly [infer First extends Shape, ...infer Rest extends readonly Shape[]]
    ? NormAxis<First, Axis, "concat"> extends infer I
      ? I extends number ? ConcatRest<First, Rest, I, Axis, First, First[I]> : I
      : never
    : ShapeError<"concat: needs at least one shape", Shapes, Axis>;

/** A and B concatenated along Axis (see ConcatAll). */
export type Concat<A extends Shape, B extends Shape, Axis extends number> = ConcatAll<[A, B], Axis>;

/** Check that each remaining shape equals First (merging `number` dims). */
type StackRest<First extends Shape, Rest extends readonly Shape[], Acc extends Shape> =
  Rest extends readonly [infer Next extends Shape, ...infer More extends readonly Shape[]]
    ? IsSame<First["length"], Next["length"]> extends true
      ? MergeExcept<Acc, Next, never> extends infer M
        ? M extends Clash<infer a, infer b>
          ? ShapeError<`stack: shapes differ: ${ShowShape<First>} and ${ShowShape<Next>}`, a, b>
          : M extends readonly (infer _ extends number)[] ? StackRest<First, More, M> : never
        : never
      : ShapeError<`stack: shapes differ: ${ShowShape<First>} and ${ShowShape<Next>}`, First, Next>
    : Acc;

/** Equal shapes stacked along a new axis Axis (-rank-1..rank) of size Shapes["length"], or a
 *  ShapeError: no shapes, the axis out of range, or shapes that differ ("stack: shapes differ:
 *  A and B", payload the two dims, or the two shapes when their ranks differ). */
export type Stack<Shapes extends readonly Shape[], Axis extends number> =
  Shapes extends readonly [infer First extends Shape, ...infer Rest extends readonly Shape[]]
    ? NormInsertAxis<First, Axis, "stack"> extends infer I
      ? I extends number
        ? StackRest<First, Rest, First> extends infer R
          ? R extends readonly (infer _ extends number)[] ? InsertAt<R, I, Shapes["length"]> : R
          : never
        : I
      : never
    : ShapeError<"stack: needs at least one shape", Shapes, Axis>;
