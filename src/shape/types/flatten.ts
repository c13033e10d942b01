// Flatten: collapse the axes Start..End (inclusive, negative axes count from the end) into one
// axis whose size is their product. Flatten<[64, 3, 32, 32], 1> = [64, 3072].
import type { Shape } from "../dim.js";
import type { ShapeError } from "../error.js";
import type { ShowShape } from "../show.js";
import type { Product } from "../arith/mul.js";
import type { Sub } from "../arith/sub.js";
import type { NormAxis } from "./axis.js";

/** The size of the collapsed axes: a single axis keeps its dim (even a name); several give
 *  their product, which is `number` when a dim is `number` or a name. */
type Collapsed<Mid extends Shape> = Mid extends readonly [infer D] ? D : Product<Mid>;

/** Walk S, keeping dims before index I, gathering I..J, and keeping the rest. */
type Collapse<S extends Shape, I extends number, J extends number, C extends unknown[] = [], Head extends unknown[] = [], Mid extends number[] = []> =
  S extends readonly [infer D extends number, ...infer T extends Shape]
    ? C["length"] extends J ? [...Head, Collapsed<[...Mid, D]>, ...T]
    : C["length"] extends I ? Collapse<T, I, J, [...C, D], Head, [D]>
    : Mid["length"] extends 0 ? Collapse<T, I, J, [...C, D], [...Head, D], Mid>
    : Collapse<T, I, J, [...C, D], Head, [...Mid, D]>
    : never;

/** The dims that axes I..J of S collapse (walking positions only, so decided in generic code). */
type MidDims<S extends Shape, I extends number, J extends number, C extends unknown[] = [], Mid extends number[] = []> =
  S extends readonly [infer D extends number, ...infer T extends Shape]
    ? C["length"] extends J ? [...Mid, D]
    : C["length"] extends I ? MidDims<T, I, J, [...C, D], [D]>
    : Mid["length"] extends 0 ? MidDims<T, I, J, [...C, D], Mid>
    : MidDims<T, I, J, [...C, D], [...Mid, D]>
    : Mid;

/** `unknown` for a size that is a literal or `number`. Both tests have P on the right, so for a
 *  product the compiler cannot compute (a generic dim in it) both are left undecided, and no
 *  value is assignable to the undecided `never` branch. (A product is never -1.) */
type KnownSize<P> = number extends P ? unknown : -1 extends P ? never : unknown;

/** `unknown` when the collapsed size is known: one dim, or a product of literals (or an
 *  error, reported by Flatten itself). Inside code generic over a collapsed dim the product
 *  cannot be computed and this is left undecided, so an op can tell that case apart and give
 *  `number` for the size instead (see ops/structure.ts). */
export type FlattenDecided<S extends Shape, Start extends number = 0, End extends number = -1> =
  S extends readonly [] ? unknown
  : NormAxis<S, Start, "flatten"> extends infer I extends number
    ? NormAxis<S, End, "flatten"> extends infer J extends number
      ? MidDims<S, I, J> extends infer M extends readonly number[]
        ? M extends readonly [unknown] ? unknown : KnownSize<Product<M>>
        : unknown
      : unknown
    : unknown;

/** The indices of Start and End resolved, or the first ShapeError. */
type FlattenAxes<S extends Shape, Shown extends Shape, Start extends number, End extends number> =
  NormAxis<S, Start, "flatten"> extends infer I
    ? I extends number
      ? NormAxis<S, End, "flatten"> extends infer J
        ? J extends number
          ? number extends Sub<J, I>
            ? ShapeError<`flatten: start axis ${Start} is after end axis ${End} in ${ShowShape<Shown>}`, Start, End>
            : Collapse<S, I, J>
          : J
        : never
      : I
    : never;

/** S with axes Start..End collapsed into one, or a ShapeError: an axis out of range
 *  ("flatten: axis 3 is out of range for [2, 3]", payload axis and shape), or Start after End
 *  ("flatten: start axis 2 is after end axis 1 in [2, 3, 4]", payload Start, End).
 *  A rank-0 shape flattens to [1], with 0 and -1 as its axes (as if it were [1]). */
export type Flatten<S extends Shape, Start extends number = 0, End extends number = -1> =
  S extends readonly [] ? FlattenAxes<[1], S, Start, End> : FlattenAxes<S, S, Start, End>;
