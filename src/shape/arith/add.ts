// Type-level addition of non-negative integer literals, digit by digit (schoolbook addition).
import type { AddTable } from "./tables.js";
import type { BothPlain, Digit, FromReversed, ToReversed } from "./digits.js";

/** Add two reversed digit strings with an incoming carry; the result is reversed too.
 *  A missing digit of the shorter operand counts as "0". */
type AddReversed<A extends string, B extends string, Carry extends 0 | 1 = 0, Out extends string = ""> =
  [A, B] extends ["", ""] ? (Carry extends 1 ? `${Out}1` : Out)
  : [A extends `${infer a extends Digit}${string}` ? a : "0", B extends `${infer b extends Digit}${string}` ? b : "0"] extends
      [infer a extends Digit, infer b extends Digit]
    ? AddTable[`${a}${b}${Carry}`] extends [infer d extends string, infer c extends 0 | 1]
      ? AddReversed<Rest<A>, Rest<B>, c, `${Out}${d}`>
      : never
    : never;

/** The text after the first digit ("" stays ""). */
export type Rest<S extends string> = S extends `${string}${infer T}` ? T : "";

// The intermediate text is bound with `infer S extends string` before it is parsed back: passed
// directly, the compiler tries to expand the generic declaration into every possible digit
// string and gives up (TS2590, "union type that is too complex"). Mul and Sub do the same.

/** A + B, exact for non-negative integer literals; `number` when either is not plain. */
export type Add<A extends number, B extends number> =
  BothPlain<A, B> extends true
    ? AddReversed<ToReversed<A>, ToReversed<B>> extends infer S extends string ? FromReversed<S> : never
    : number;

export type { AddReversed };
