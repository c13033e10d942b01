// Type-level multiplication of non-negative integer literals (schoolbook long multiplication),
// and the element count of a shape. Exact up to 2^53 (e.g. 4294967296 · 2097152); beyond,
// whenever the exact product has no literal type of its own, the result is `number`.
import type { MulTable } from "./tables.js";
import type { Digit, FromReversed, IsPlain, ToReversed, BothPlain } from "./digits.js";
import type { AddReversed } from "./add.js";

type Carry = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** Reversed A times one digit d, with an incoming carry. */
type MulDigit<A extends string, d extends Digit, C extends Carry = 0, Out extends string = ""> =
  A extends `${infer a extends Digit}${infer AR}`
    ? MulTable[`${a}${d}${C}`] extends [infer r extends string, infer c extends Carry]
      ? MulDigit<AR, d, c, `${Out}${r}`>
      : never
    : C extends 0 ? Out : `${Out}${C}`;

/** Reversed A times reversed B: A · (digit of B) shifted by that digit's place, summed.
 *  Prepending "0" to a reversed number multiplies it by ten. */
type MulReversed<A extends string, B extends string, Shift extends string = "", Sum extends string = "0"> =
  B extends `${infer d extends Digit}${infer BR}`
    ? MulDigit<A, d> extends infer P extends string
      ? AddReversed<Sum, `${Shift}${P}`> extends infer S extends string ? MulReversed<A, BR, `${Shift}0`, S> : never
      : never
    : Sum;

/** A · B, exact for non-negative integer literals; `number` when either is not plain. */
export type Mul<A extends number, B extends number> =
  BothPlain<A, B> extends true
    ? MulReversed<ToReversed<A>, ToReversed<B>> extends infer S extends string ? FromReversed<S> : never
    : number;

/** The number of elements of a shape: the product of its dims (1 for `[]`). `number` when a
 *  dim is `number` or Named, since the count is then known only at runtime. */
export type Product<S extends readonly number[], Acc extends number = 1> =
  S extends readonly [infer H extends number, ...infer T extends readonly number[]]
    ? IsPlain<H> extends true ? Product<T, Mul<Acc, H>> : number
    : number extends S["length"] ? number : Acc;
