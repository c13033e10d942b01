// Zero padding: axis i of S grows by widths[i] = [before, after],
//   Pad<[2, 3], [[1, 0], [0, 2]]> = [3, 5].
// A dim padded by [0, 0] keeps its type (a type parameter B stays B); other sums are computed
// with the digit-wise arithmetic (`number` where a dim or a width is not a literal).
import type { Shape } from "../dim.js";
import type { ShapeError } from "../error.js";
import type { IsSame } from "../same.js";
import type { ShowShape } from "../show.js";
import type { Add } from "../arith/add.js";

/** The widths of a pad call: one [before, after] pair per axis. */
export type PadWidths = readonly (readonly [number, number])[];

/** One padded dim. */
type PaddedDim<D, W> =
  W extends readonly [infer A extends number, infer B extends number]
    ? IsSame<A, 0> extends true ? (IsSame<B, 0> extends true ? D : D extends number ? Add<D, B> : never)
    : D extends number ? Add<Add<D, A>, B> : never
    : never;

/** S padded by W, or a ShapeError when W does not have one pair per axis
 *  ("pad: 1 [before, after] pairs for [2, 3], expected 2", payload W and S). */
export type Pad<S extends Shape, W extends PadWidths> =
  number extends S["length"] | W["length"] ? { -readonly [K in keyof S]: number }
  : IsSame<S["length"], W["length"]> extends true ? { -readonly [K in keyof S]: PaddedDim<S[K], K extends keyof W ? W[K] : never> }
  : ShapeError<`pad: ${W["length"]} [before, after] pairs for ${ShowShape<S>}, expected ${S["length"]}`, W, S>;
