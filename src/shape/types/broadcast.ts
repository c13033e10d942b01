// NumPy broadcasting at the type level. Shapes are aligned at their last axis; at each axis
// the two dims must be equal, or one of them must be 1 (it is stretched to the other); a
// shorter shape is padded with 1s in front. `number` dims are optimistic (checked at runtime).
import type { Shape } from "../dim.js";
import type { ShapeError } from "../error.js";
import type { IsSame } from "../same.js";
import type { ShowShape } from "../show.js";

/** Two dims that do not broadcast, found while walking. Not a tuple, so a successful result
 *  (always a tuple) is never mistaken for it. */
export interface Clash<A, B> {
  readonly clash: readonly [A, B];
}

/** The broadcast of two dims, wrapped in a one-element tuple, or a Clash. Every test is one
 *  the compiler can decide when a dim is a type parameter B: identity (B with B) and "is it
 *  the literal 1" both use IsSame; only B against a different dim is left undecided. */
type JoinDims<A, B> =
  IsSame<A, B> extends true ? [A]
  : IsSame<B, 1> extends true ? [A]
  : IsSame<A, 1> extends true ? [B]
  : number extends A ? [B]
  : number extends B ? [A]
  : Clash<A, B>;

/** Walk both shapes from the end, collecting the broadcast dims in front of Out. */
export type BroadcastDims<A extends Shape, B extends Shape, Out extends unknown[] = []> =
  A extends readonly [...infer AI extends Shape, infer a]
    ? B extends readonly [...infer BI extends Shape, infer b]
      ? JoinDims<a, b> extends [infer d] ? BroadcastDims<AI, BI, [d, ...Out]> : JoinDims<a, b>
      : [...A, ...Out]
    : [...B, ...Out];

/** The broadcast shape of A and B, or ShapeError<"<op>: cannot broadcast A with B", a, b>
 *  where a and b are the first clashing dims from the end. Identical shapes are accepted
 *  first, so `x + x` resolves inside generic bodies. Shapes of unknown rank (`number[]`) are
 *  an error: how they align is unknown. */
export type Broadcast<A extends Shape, B extends Shape, Op extends string = "broadcast"> =
  IsSame<A, B> extends true ? [...A]
  : number extends A["length"] | B["length"]
    ? ShapeError<`${Op}: cannot broadcast shapes of unknown rank: ${ShowShape<A>} with ${ShowShape<B>}`, A, B>
  : BroadcastDims<A, B> extends infer R
    ? R extends Clash<infer a, infer b> ? ShapeError<`${Op}: cannot broadcast ${ShowShape<A>} with ${ShowShape<B>}`, a, b> : R
    : never;
