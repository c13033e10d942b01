// PRNG keys: immutable, splittable, and the only source of randomness in tygrad.
//
// A key is two uint32 words, exactly a JAX `threefry2x32` key. Nothing ever mutates one; to get
// fresh randomness you derive new keys with `split` or `fold`, and every sampler is a pure
// function of (key, arguments). The derivations follow JAX's current default
// (`jax_threefry_partitionable`), so for the same seed the words agree with `jax.random`:
//
//   key(seed)         = [hi, lo]: the seed as a 64-bit two's-complement integer, in two words
//   split(k, n)[i]    = threefry(k, counter [0, i])        for i = 0 … n-1
//   fold(k, d)        = threefry(k, counter [hi(d), lo(d)]) (= split(k, n)[d] for 0 ≤ d < n)
//
// Discipline, as in JAX: a key is used either to sample or to derive children, never both, and
// never twice for different purposes — `fold(k, 1)`, `split(k)[1]` and the bits behind samples
// drawn from `k` are all computed from the same counters.

import * as E from "fp-ts/lib/Either.js";
import type { Eq } from "fp-ts/lib/Eq.js";
import type { Show } from "fp-ts/lib/Show.js";
import { isUint32, threefryBlock, type Words } from "./threefry.js";

declare const keyBrand: unique symbol;

/**
 * A PRNG key: the uint32 words `[hi, lo]` of a Threefry-2x32 key. Branded, so the only keys
 * are those made by `key`, `split`, `fold` and `keyFromData`; frozen, so none can change.
 */
export interface Key {
  readonly _tag: "Key";
  readonly data: Words;
  readonly [keyBrand]: "Key";
}

const TWO_32 = 0x1_0000_0000;

/** The key with the given words; callers guarantee both are uint32. */
const makeKey = (hi: number, lo: number): Key => {
  const value = { _tag: "Key" as const, data: Object.freeze([hi, lo] as const) };
  // The brand exists only in the type system; this is the one place a Key is created.
  return Object.freeze(value) as Key;
};

/**
 * The two words of a safe integer read as 64-bit two's complement: `lo = n mod 2^32`,
 * `hi = floor(n / 2^32) mod 2^32` (both mods taken non-negative). Distinct safe integers give
 * distinct pairs.
 */
const wordsOfInteger = (n: number): Words => {
  const lo = n >>> 0;
  const hi = (((Math.floor(n / TWO_32) % TWO_32) + TWO_32) % TWO_32) >>> 0;
  return [hi, lo];
};

const checkSafeInteger = (op: string, name: string, n: number): void => {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(
      `${op}: ${name} must be a safe integer (|${name}| ≤ 2^53 - 1), got ${String(n)}`,
    );
  }
};

/**
 * The key for an integer seed. The seed is read as a 64-bit two's-complement integer and split
 * into its high and low 32-bit words, as JAX does for a 64-bit seed:
 * `key(42)` is `[0, 42]`, `key(2 ** 32 + 5)` is `[1, 5]`, `key(-1)` is `[2^32 - 1, 2^32 - 1]`.
 * (With 64-bit types disabled JAX treats seeds as 32-bit integers, so there the two agree for
 * seeds in [0, 2^31).) Any safe integer is accepted and different seeds give different keys.
 */
export const key = (seed: number): Key => {
  checkSafeInteger("key", "seed", seed);
  const [hi, lo] = wordsOfInteger(seed);
  return makeKey(hi, lo);
};

/** The child key number `index`: Threefry of the parent at counter [hi(index), lo(index)]. */
const child = (parent: Key, index: number): Key => {
  const [c0, c1] = wordsOfInteger(index);
  const [hi, lo] = threefryBlock(parent.data[0], parent.data[1], c0, c1);
  return makeKey(hi, lo);
};

/** `n` copies of `T` as a readonly tuple, built up in `Acc`. */
type Repeat<T, N extends number, Acc extends readonly T[] = readonly []> = Acc["length"] extends N
  ? Acc
  : Repeat<T, N, readonly [...Acc, T]>;

type Digit = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9";

/**
 * What `split` returns: a tuple of exactly `N` keys when `N` is a literal from 0 to 99 (so
 * `const [a, b] = split(k)` gives two `Key`s, not `Key | undefined`), else `readonly Key[]`.
 */
export type Keys<N extends number> = number extends N
  ? readonly Key[]
  : `${N}` extends Digit | `${Exclude<Digit, "0">}${Digit}`
    ? Repeat<Key, N>
    : readonly Key[];

/**
 * `n` new keys (2 by default), independent of each other and of the parent for all practical
 * purposes: child i is Threefry-2x32 of the parent at counter [0, i]. `n` must be an integer in
 * [0, 2^32). The parent must not be used again once it has been split.
 */
export const split = <const N extends number = 2>(parent: Key, n?: N): Keys<N> => {
  const count = n ?? 2;
  if (!Number.isInteger(count) || count < 0 || count > 0xffffffff) {
    throw new RangeError(`split: n must be an integer in [0, 2^32), got ${String(count)}`);
  }
  const keys = Object.freeze(Array.from({ length: count }, (_, i) => child(parent, i)));
  // A literal n makes Keys<N> a tuple of exactly n keys, which is what was just built.
  return keys as readonly Key[] as Keys<N>;
};

/**
 * A new key that mixes `data` into `parent` (JAX's `fold_in`): Threefry of the parent at the
 * counter formed by `data`'s two words, read like a seed. Useful to derive a key per step or per
 * example index without splitting: `fold(k, step)`. Any safe integer is accepted and distinct
 * values give distinct counters; for 0 ≤ data < 2^32 it agrees with JAX.
 */
export const fold = (parent: Key, data: number): Key => {
  checkSafeInteger("fold", "data", data);
  return child(parent, data);
};

/** The key's two uint32 words `[hi, lo]`, e.g. for a checkpoint (JAX's `key_data`). */
export const keyData = (k: Key): Words => k.data;

const describe = (x: unknown): string => {
  if (Array.isArray(x)) return `[${x.map(describe).join(", ")}]`;
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "object" && x !== null) return "an object";
  return String(x);
};

/** True for an array of exactly two uint32 words. */
const isWordPair = (x: unknown): x is Words =>
  Array.isArray(x) && x.length === 2 && x.every((w: unknown) => typeof w === "number" && isUint32(w));

/**
 * The key with the given words, validated: a key read back from a checkpoint or from JAX's
 * `key_data`. Fails (as a value) unless `pair` is an array of exactly two integers in [0, 2^32).
 */
export const keyFromData = (pair: unknown): E.Either<Error, Key> =>
  isWordPair(pair)
    ? E.right(makeKey(pair[0], pair[1]))
    : E.left(
        new RangeError(
          `keyFromData: expected a pair [hi, lo] of integers in [0, 2^32 - 1], got ${describe(pair)}`,
        ),
      );

/** Keys are equal when their words are. */
export const eqKey: Eq<Key> = {
  equals: (a, b) => a.data[0] === b.data[0] && a.data[1] === b.data[1],
};

const hex8 = (w: number): string => `0x${w.toString(16).padStart(8, "0")}`;

/** Prints a key as `Key(0x00000000, 0x0000002a)`. */
export const showKey: Show<Key> = {
  show: (k) => `Key(${hex8(k.data[0])}, ${hex8(k.data[1])})`,
};
