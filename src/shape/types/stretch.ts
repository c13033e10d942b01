// Broadcasting decided by matching rather than by comparing dims, for code generic over its
// dims (`<B extends number, T extends number>`). Inside such code the compiler cannot answer
// "is B equal to 16?" or "is B equal to 1?" (the answer depends on B), so a rule that walks two
// shapes comparing their dims is left undecided. What it can check is assignability to a shape
// written in terms of the other operand: `[1, 1, 16]` is assignable to `[B | 1, T | 1, 16 | 1]`
// whatever B and T are. So the one-sided rule is "b is a suffix of a's shape in which any dim may
// be replaced by 1", and the result is a's shape; the two-sided ("outer") cases, where each
// operand stretches the other, are matched as patterns: `[...P, X, 1]` with `[...P, 1, Y]`.
import type { Shape } from "../dim.js";

/** Each dim of S, or a literal 1 in its place. */
export type OrOne<S extends Shape> = { readonly [K in keyof S]: S[K] | 1 };

/** Every suffix of S, S itself and [] included (NumPy aligns shapes at their last axis). */
export type Suffixes<S extends Shape> = S extends readonly [unknown, ...infer R extends Shape] ? S | Suffixes<R> : S;

/** The shapes that broadcast into S without changing it: a suffix of S with any dims set to 1. */
export type StretchesInto<S extends Shape> = Suffixes<OrOne<S>>;

/** The leading parts of S, S itself and [] included. */
export type Prefixes<S extends Shape> = S extends readonly [...infer L extends Shape, unknown] ? S | Prefixes<L> : S;
