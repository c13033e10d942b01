// Type-level floor division ⌊A / B⌋ of non-negative integer literals, by schoolbook long
// division over the decimal digits of A. Convolution and pooling need it for strides:
// out = ⌊(H + 2P − D·(K − 1) − 1) / S⌋ + 1.
import type { Add } from "../../shape/arith/add.js";
import type { BothPlain, Digit } from "../../shape/arith/digits.js";
import type { Mul } from "../../shape/arith/mul.js";
import type { Sub } from "../../shape/arith/sub.js";

type Candidates = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];

/** The largest digit q with B·q ≤ Cur, and the remainder Cur − B·q. Sub gives `number` for a
 *  negative difference, which is how "too large" is recognised. q = 0 always fits. */
type QuotientDigit<Cur extends number, B extends number, Qs extends number[] = Candidates> =
  Qs extends [infer q extends number, ...infer Rest extends number[]]
    ? Sub<Cur, Mul<B, q>> extends infer R extends number
      ? number extends R ? QuotientDigit<Cur, B, Rest> : [q, R]
      : never
    : never;

/** Long division: bring down one digit of A at a time (most significant first). */
type LongDivide<A extends string, B extends number, Rem extends number = 0, Q extends string = ""> =
  A extends `${infer d extends Digit}${infer Rest}`
    ? d extends `${infer n extends number}`
      ? QuotientDigit<Add<Mul<Rem, 10>, n>, B> extends [infer q extends number, infer R extends number]
        ? LongDivide<Rest, B, R, `${Q}${q}`>
        : never
      : never
    : Q;

/** Drops leading zeros, keeping at least one digit: "014" → "14", "000" → "0". */
type TrimLeading<S extends string> = S extends `0${infer R extends `${Digit}${string}`}` ? TrimLeading<R> : S;

/** ⌊A / B⌋, exact for non-negative integer literals with B > 0; `number` otherwise. */
export type FloorDiv<A extends number, B extends number> =
  BothPlain<A, B> extends true
    ? B extends 0 ? number
    : B extends 1 ? A
    : TrimLeading<LongDivide<`${A}`, B>> extends `${infer N extends number}` ? N : number
    : number;

/** ⌈A / B⌉ = ⌊(A + B − 1) / B⌋. */
export type CeilDiv<A extends number, B extends number> = B extends 0 ? number : FloorDiv<Add<A, Sub<B, 1>>, B>;
