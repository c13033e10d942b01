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
//
// Inside jit, a key the jitted function was passed is staged (key-repr.ts): its words are data
// of the compiled program, so a new key per call needs no recompilation. `split`, `fold` and
// every sampler work on it and give the numbers they give on the concrete key; only reading its
// words (`keyData`, `eqKey`) is impossible until the program runs.

import * as E from "fp-ts/lib/Either.js";
import type { Eq } from "fp-ts/lib/Eq.js";
import type { Show } from "fp-ts/lib/Show.js";
import * as lax from "../core/lax.js";
import { childWords, concreteWords, isWordPair, makeKey, stagedWords, stageKey, wordsOfInteger, type Key } from "./key-repr.js";
import type { Words } from "./threefry.js";

export { StagedKeyError, type Key } from "./key-repr.js";

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

/**
 * The child key number `index`: Threefry of the parent at counter [hi(index), lo(index)]. A
 * staged parent (inside jit) gets a staged child, computed by the program when it runs.
 */
const child = (parent: Key, index: number): Key => {
  const words = stagedWords(parent);
  if (words !== undefined) return stageKey(lax.keyChild(words, index));
  const [hi, lo] = childWords(parent.data, index);
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

/**
 * The key's two uint32 words `[hi, lo]`, e.g. for a checkpoint (JAX's `key_data`). A key passed
 * to a jitted function has no words while the function is traced: a StagedKeyError.
 */
export const keyData = (k: Key): Words => concreteWords("keyData", k);

const describe = (x: unknown): string => {
  if (Array.isArray(x)) return `[${x.map(describe).join(", ")}]`;
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "object" && x !== null) return "an object";
  return String(x);
};

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

/** Keys are equal when their words are (a StagedKeyError for a key inside jit, whose words are unknown). */
export const eqKey: Eq<Key> = {
  equals: (a, b) => {
    const [x, y] = [concreteWords("eqKey", a), concreteWords("eqKey", b)];
    return x[0] === y[0] && x[1] === y[1];
  },
};

const hex8 = (w: number): string => `0x${w.toString(16).padStart(8, "0")}`;

/**
 * Prints a key as `Key(0x00000000, 0x0000002a)`; a key inside jit, whose words are not known
 * yet, as `Key(staged)` (as a traced tensor prints its kind rather than numbers).
 */
export const showKey: Show<Key> = {
  show: (k) => (stagedWords(k) === undefined ? `Key(${hex8(k.data[0])}, ${hex8(k.data[1])})` : "Key(staged)"),
};
