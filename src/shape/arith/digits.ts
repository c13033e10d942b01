// Number literals as decimal text, the representation the type-level arithmetic works on.
//
// The compiler cannot add two number types, but it can take their text apart with template
// literal types. The algorithms walk the digits from the least significant end, so numbers are
// kept reversed ("784" becomes "487") and the first character is always the next digit to use.
import type { NameOf } from "../dim.js";

/** A decimal digit as a character. */
export type Digit = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9";

/** The text reversed: "784" → "487". */
export type Reverse<S extends string, Acc extends string = ""> =
  S extends `${infer H}${infer T}` ? Reverse<T, `${H}${Acc}`> : Acc;

/** True when N is a literal whose text is digits only. `number`, Named dims, and literals
 *  printed as "1e+21", "0.5" or "-3" are not plain: digit-wise arithmetic on their text would
 *  be wrong (without this guard 1e21 · 1 would come out as 21). */
export type IsPlain<N> =
  number extends N ? false
  : [NameOf<N>] extends [never]
    ? N extends number ? (`${N}` extends `${string}${"e" | "." | "-"}${string}` ? false : true) : false
    : false;

/** Both operands plain. */
export type BothPlain<A, B> = [IsPlain<A>, IsPlain<B>] extends [true, true] ? true : false;

/** Drop the zeros at the end of a reversed number ("0210" → "021"), keeping at least "0". */
type TrimReversed<S extends string> =
  S extends `${infer R}0` ? (R extends "" ? "0" : TrimReversed<R>) : S;

/** A reversed digit string back to a number literal. The text is exact, so the result is
 *  exact whenever the number has a literal type of its own; beyond 2^53 the text may not
 *  survive the round trip through a double, and then the result is `number`. */
export type FromReversed<S extends string> =
  Reverse<TrimReversed<S>> extends `${infer N extends number}` ? N : number;

/** A plain literal as reversed text: 784 → "487". */
export type ToReversed<N extends number> = Reverse<`${N}`>;
