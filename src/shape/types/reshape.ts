// Reshape at the type level: a new shape for the same elements, so the element counts must
// agree. Dims that the two shapes share at the front and at the back (B in [B, 28, 28] →
// [B, 784]) are set aside first, which is what lets symbolic dims through; the rest is compared
// by element count, computed with the digit-wise arithmetic.
import type { Shape, NameOf } from "../dim.js";
import type { ShapeError } from "../error.js";
import type { IsSame } from "../same.js";
import type { ShowShape } from "../show.js";
import type { IsPlain } from "../arith/digits.js";
import type { Product } from "../arith/mul.js";

/** Set aside the dims identical at the front of both shapes: [rest of A, rest of B, set aside]. */
type StripFront<A extends Shape, B extends Shape, Front extends unknown[] = []> =
  A extends readonly [infer a, ...infer AR extends Shape]
    ? B extends readonly [infer b, ...infer BR extends Shape]
      ? IsSame<a, b> extends true ? StripFront<AR, BR, [...Front, a]> : [A, B, Front]
      : [A, B, Front]
    : [A, B, Front];

/** Set aside the dims identical at the back of both shapes: [rest of A, rest of B, set aside]. */
type StripBack<A extends Shape, B extends Shape, Back extends unknown[] = []> =
  A extends readonly [...infer AR extends Shape, infer a]
    ? B extends readonly [...infer BR extends Shape, infer b]
      ? IsSame<a, b> extends true ? StripBack<AR, BR, [a, ...Back]> : [A, B, Back]
      : [A, B, Back]
    : [A, B, Back];

/** What the remaining dims of one side are: plain literals (`lits`), names and type
 *  parameters (`syms`), how many are -1 (`infers`), and flags for `number` ("unknown") and for
 *  anything else, such as -2 or 0.5 ("invalid"). */
type Tally<S extends Shape, Lits extends number[] = [], Syms extends unknown[] = [], Infers extends unknown[] = [], Flags extends string = never> =
  S extends readonly [infer D extends number, ...infer T extends Shape]
    ? IsSame<D, -1> extends true ? Tally<T, Lits, Syms, [...Infers, D], Flags>
    : IsSame<D, number> extends true ? Tally<T, Lits, Syms, Infers, Flags | "unknown">
    : IsPlain<D> extends true ? Tally<T, [...Lits, D], Syms, Infers, Flags>
    : [NameOf<D>] extends [never] ? Tally<T, Lits, Syms, Infers, Flags | "invalid">
    : Tally<T, Lits, [...Syms, D], Infers, Flags>
    : { lits: Lits; syms: Syms; infers: Infers["length"]; flags: Flags };

/** Ys with one dim identical to D taken out, or never when there is none. */
type TakeOut<Ys extends readonly unknown[], D, Seen extends unknown[] = []> =
  Ys extends readonly [infer Y, ...infer YR]
    ? IsSame<Y, D> extends true ? [...Seen, ...YR] : TakeOut<YR, D, [...Seen, Y]>
    : never;

/** Whether the two lists hold the same symbolic dims, in any order. */
type SameSymbols<Xs extends readonly unknown[], Ys extends readonly unknown[]> =
  Xs extends readonly [infer X, ...infer XR]
    ? [TakeOut<Ys, X>] extends [never] ? false : SameSymbols<XR, TakeOut<Ys, X>>
    : Ys extends readonly [] ? true : false;

/** T with its -1 replaced by X. Only the unshared part T is searched: testing a type
 *  parameter B against -1 would leave the whole result undecided. */
type FillInferred<T extends Shape, X> = { -readonly [K in keyof T]: IsSame<T[K], -1> extends true ? X : T[K] };

/** The size a -1 stands for, when the remaining target is just [-1]: the one remaining source
 *  dim, or the product of the remaining source dims. Otherwise it would take a division, and
 *  the size is left to the runtime (`number`). */
type Inferred<F extends Shape, T extends Shape> =
  T extends readonly [unknown] ? (F extends readonly [infer D] ? D : Product<F>) : number;

type Tallied = { lits: number[]; syms: unknown[]; infers: number; flags: string };

/** The rule once the shared dims (Front, Back) are set aside; F and T are what is left of
 *  From and To. */
type ReshapeRest<From extends Shape, To extends Shape, F extends Shape, T extends Shape, Front extends unknown[], Back extends unknown[], TF extends Tallied, TT extends Tallied> =
  "invalid" extends TT["flags"] ? ShapeError<`reshape: invalid target dims: ${ShowShape<From>} -> ${ShowShape<To>}`, From, To>
  : TT["infers"] extends 0
    ? "unknown" extends TF["flags"] | TT["flags"] ? [...To]
    : "invalid" extends TF["flags"] ? [...To]
    : SameSymbols<TF["syms"], TT["syms"]> extends false
      ? ShapeError<`reshape: cannot relate symbolic dims: ${ShowShape<From>} -> ${ShowShape<To>}`, F, T>
    : IsSame<Product<TF["lits"]>, Product<TT["lits"]>> extends true ? [...To]
    : ShapeError<`reshape: element counts differ: ${ShowShape<From>} -> ${ShowShape<To>}`, Product<TF["lits"]>, Product<TT["lits"]>>
  : TT["infers"] extends 1 ? [...Front, ...FillInferred<T, Inferred<F, T>>, ...Back]
  : ShapeError<`reshape: invalid target dims: ${ShowShape<From>} -> ${ShowShape<To>}`, From, To>;

/** The shape From reshaped to To, or a ShapeError:
 *  - "reshape: element counts differ: From -> To" (payload: the element counts of the parts
 *    that differ, after the shared leading and trailing dims are set aside);
 *  - "reshape: cannot relate symbolic dims: From -> To" (payload: those parts), when names or
 *    type parameters do not appear on both sides (their sizes are unknown, so no count can be
 *    compared);
 *  - "reshape: invalid target dims: From -> To" (payload From, To), for a negative target dim
 *    other than a single -1.
 *  One -1 in To stands for "whatever size fits"; `number` dims make the check optimistic (the
 *  runtime checks the counts). */
export type Reshape<From extends Shape, To extends Shape> =
  IsSame<From, To> extends true ? [...To]
  : StripFront<From, To> extends [infer F1 extends Shape, infer T1 extends Shape, infer Front extends unknown[]]
    ? StripBack<F1, T1> extends [infer F extends Shape, infer T extends Shape, infer Back extends unknown[]]
      ? ReshapeRest<From, To, F, T, Front, Back, Tally<F>, Tally<T>>
      : never
    : never;
