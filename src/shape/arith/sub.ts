// Type-level subtraction of non-negative integer literals, digit by digit with borrowing.
// A negative difference is `number`: dims cannot be negative, and callers use that to compare
// (A ≤ B exactly when Sub<B, A> is a literal).
import type { SubTable } from "./tables.js";
import type { BothPlain, Digit, FromReversed, ToReversed } from "./digits.js";
import type { Rest } from "./add.js";

/** A − B on reversed digit strings; "-" when B is the larger (a borrow is left over). */
type SubReversed<A extends string, B extends string, Borrow extends 0 | 1 = 0, Out extends string = ""> =
  [A, B] extends ["", ""] ? (Borrow extends 1 ? "-" : Out)
  : A extends "" ? "-"
  : [A extends `${infer a extends Digit}${string}` ? a : "0", B extends `${infer b extends Digit}${string}` ? b : "0"] extends
      [infer a extends Digit, infer b extends Digit]
    ? SubTable[`${a}${b}${Borrow}`] extends [infer d extends string, infer c extends 0 | 1]
      ? SubReversed<Rest<A>, Rest<B>, c, `${Out}${d}`>
      : never
    : never;

/** A − B for non-negative integer literals with A ≥ B; `number` when negative or not plain. */
export type Sub<A extends number, B extends number> =
  BothPlain<A, B> extends true
    ? SubReversed<ToReversed<A>, ToReversed<B>> extends infer D extends string
      ? D extends "-" ? number : FromReversed<D>
      : never
    : number;
