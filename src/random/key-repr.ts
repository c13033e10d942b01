// What a key is made of. A key is either concrete — its two uint32 words `[hi, lo]` — or staged:
// inside a jitted function, a key the function was passed stands for words that exist only when
// the compiled program runs, so it holds them as a traced float64[2] tensor (both words are
// integers below 2^32, exact in float64). `split`, `fold` and the samplers accept both kinds; a
// staged key derives its children and draws its samples as equations of the program (the
// `keyChild` and `sample` primitives), which compute exactly what the host code computes on the
// concrete words.
//
// This module holds only the representation, so that the reference kernels of those primitives
// (src/core/impl/random.ts) can build keys without importing the rest of the random module.

import type { AnyTensor } from "../tensor/tensor.js";
import { KEEP } from "../tree/tree.js";
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
  /** Trees keep a key whole (src/tree/tree.ts). */
  readonly [KEEP]: true;
}

/** Where a staged key keeps the tensor of its words; not exported from the package. */
const WORDS: unique symbol = Symbol("tygrad.keyWords");

interface StagedKey extends Key {
  readonly [WORDS]: AnyTensor;
}

/**
 * Reading the words of a staged key: they do not exist while the jitted function is traced.
 * Names the operation and what to do instead.
 */
export class StagedKeyError extends Error {
  readonly _tag = "StagedKeyError";
  constructor(readonly op: string) {
    super(`${op}: this key was passed to a jitted function, where it stands for words that exist only when the ` +
      `compiled program runs, so they cannot be read while it is traced; derive keys with split/fold and draw ` +
      `with the samplers (both work on it), or read the words outside the jitted function`);
  }
}

// Both kinds carry tree.KEEP: a tree holding a key keeps it whole (the same key comes back out of
// unflatten and tree.map), and never reads a staged key's words.

/** The concrete key with the given words; callers guarantee both are uint32. */
export const makeKey = (hi: number, lo: number): Key => {
  const value = { _tag: "Key" as const, data: Object.freeze([hi, lo] as const), [KEEP]: true as const };
  // The brand exists only in the type system; this and stageKey are the only places a Key is created.
  return Object.freeze(value) as Key;
};

/** The staged key whose words are the float64[2] tensor `words` (a traced value). */
export const stageKey = (words: AnyTensor): Key => {
  const value = {
    _tag: "Key" as const,
    get data(): Words {
      throw new StagedKeyError("key.data");
    },
    [WORDS]: words,
    [KEEP]: true as const,
  };
  return Object.freeze(value) as StagedKey;
};

const isStaged = (k: Key): k is StagedKey => WORDS in k;

/** The tensor of a staged key's words, or undefined for a concrete key. */
export const stagedWords = (k: Key): AnyTensor | undefined => (isStaged(k) ? k[WORDS] : undefined);

/** The words of a concrete key; for a staged key, a StagedKeyError naming `op`. */
export const concreteWords = (op: string, k: Key): Words => {
  if (isStaged(k)) throw new StagedKeyError(op);
  return k.data;
};

/** True for an array of exactly two uint32 words. */
export const isWordPair = (x: unknown): x is Words =>
  Array.isArray(x) && x.length === 2 && x.every((w: unknown) => typeof w === "number" && isUint32(w));

/** True for a key, concrete or staged (a record tagged "Key" with words or a words tensor). */
export const isKey = (x: unknown): x is Key => {
  if (typeof x !== "object" || x === null || !("_tag" in x) || x._tag !== "Key") return false;
  return WORDS in x || ("data" in x && isWordPair(x.data));
};

const TWO_32 = 0x1_0000_0000;

/**
 * The two words of a safe integer read as 64-bit two's complement: `lo = n mod 2^32`,
 * `hi = floor(n / 2^32) mod 2^32` (both mods taken non-negative). Distinct safe integers give
 * distinct pairs.
 */
export const wordsOfInteger = (n: number): Words => {
  const lo = n >>> 0;
  const hi = (((Math.floor(n / TWO_32) % TWO_32) + TWO_32) % TWO_32) >>> 0;
  return [hi, lo];
};

/** The words of child number `index` (a safe integer) of a key: Threefry of the parent at counter [hi(index), lo(index)]. */
export const childWords = (parent: Words, index: number): Words => {
  const [c0, c1] = wordsOfInteger(index);
  return threefryBlock(parent[0], parent[1], c0, c1);
};
