// NumPy broadcasting at the type level. Shapes are aligned at their last axis; at each axis
// the two dims must be equal, or one of them must be 1 (it is stretched to the other); a
// shorter shape is padded with 1s in front. `number` dims are optimistic (checked at runtime).
//
// This rule compares dims, which the compiler can do for literals, names and `number`, and for
// a type parameter only against itself. Code generic over its dims is served first by the
// matching rules of stretch.ts (the typed ops try those too); this rule gives exact results for
// known dims and the errors, which name the op, both shapes and the axis.
import type { Shape } from "../dim.js";
import type { ShapeError } from "../error.js";
import type { IsSame } from "../same.js";
import type { ShowDim, ShowShape } from "../show.js";
import type { Sub } from "../arith/sub.js";

/** Two dims that do not broadcast, found while walking, and how many axes from the end they
 *  are (0 for the last). Not a tuple, so a successful result (always a tuple) is never mistaken
 *  for it. */
export interface Clash<A, B, FromEnd extends number = number> {
  readonly clash: readonly [A, B, FromEnd];
}

/** The broadcast of two dims, wrapped in a one-element tuple, or a Clash. Identity and "is it
 *  the literal 1" are tested with IsSame, which the compiler decides for B against B. */
type JoinDims<A, B, FromEnd extends number> =
  IsSame<A, B> extends true ? [A]
  : IsSame<B, 1> extends true ? [A]
  : IsSame<A, 1> extends true ? [B]
  : number extends A ? [B]
  : number extends B ? [A]
  : Clash<A, B, FromEnd>;

/** Walk both shapes from the end, collecting the broadcast dims in front of Out. */
export type BroadcastDims<A extends Shape, B extends Shape, Out extends unknown[] = []> =
  A extends readonly [...infer AI extends Shape, infer a]
    ? B extends readonly [...infer BI extends Shape, infer b]
      ? JoinDims<a, b, Out["length"]> extends [infer d] ? BroadcastDims<AI, BI, [d, ...Out]> : JoinDims<a, b, Out["length"]>
      : [...A, ...Out]
    : [...B, ...Out];

/** The longer of two ranks (Sub is `number` when the difference would be negative). */
type LongerRank<A extends Shape, B extends Shape> = number extends Sub<A["length"], B["length"]> ? B["length"] : A["length"];

/** The axis, counted in the longer shape, that is `FromEnd` axes before the last one. */
type AxisFromEnd<A extends Shape, B extends Shape, FromEnd extends number> = Sub<Sub<LongerRank<A, B>, FromEnd>, 1>;

/** The broadcast shape of A and B, or a ShapeError naming the op, both shapes and the first
 *  clashing axis from the end, with the two clashing dims as payload:
 *  ShapeError<"add: cannot broadcast [${B}, ${T}, 16] with [${B}, ${T}, 8] (axis 2: 16 vs 8)", 16, 8>.
 *  Shapes of unknown rank (`number[]`) are an error: how they align is unknown. */
export type Broadcast<A extends Shape, B extends Shape, Op extends string = "broadcast"> =
  number extends A["length"] | B["length"]
    ? IsSame<A, B> extends true ? [...A]
    : ShapeError<`${Op}: cannot broadcast shapes of unknown rank: ${ShowShape<A>} with ${ShowShape<B>}`, A, B>
  : BroadcastUndecided<Op, A, B>;

/** The walk of Broadcast, as its own alias for the one case where it stays unevaluated: a type
 *  parameter against a different dim (T against 8 may be equal, or 1), which the compiler cannot
 *  decide. The error then reads `... Guard<BroadcastUndecided<"where", [T, T], [B, 4, T, 8]>>`. */
type BroadcastUndecided<Op extends string, A extends Shape, B extends Shape> =
  BroadcastDims<A, B> extends infer R
    ? R extends Clash<infer a extends number, infer b extends number, infer k extends number>
      ? ShapeError<`${Op}: cannot broadcast ${ShowShape<A>} with ${ShowShape<B>} (axis ${AxisFromEnd<A, B, k>}: ${ShowDim<a>} vs ${ShowDim<b>})`, a, b>
      : R
    : never;
