// Keys as data of a compiled program. jit passes every key among its arguments into the program
// as a float64[2] tensor of its words and hands the traced function a staged key over the traced
// words (key-repr.ts), so calls that differ only in their keys run one compiled program; a key
// the function returns comes back out of the program as words and is made a key again.

import { fromArray } from "../tensor/create.js";
import { concreteData, type AnyTensor } from "../tensor/tensor.js";
import { keyOfWords } from "../core/impl/random.js";
import { flatten, substitute, type TreeDef } from "../tree/tree.js";
import { isKey, stagedWords, stageKey, type Key } from "./key-repr.js";

/** A key's words as a float64[2] tensor [hi, lo]: a staged key's own traced words, or a concrete key's. */
export const keyToWords = (k: Key): AnyTensor => stagedWords(k) ?? fromArray(k.data, [2], "float64");

/** The key whose words `words` holds: concrete for concrete words (checked to be uint32), staged for traced ones. */
export const keyFromWords = (words: AnyTensor): Key =>
  words.isConcrete ? keyOfWords("jit", concreteData(words, "jit")) : stageKey(words);

/**
 * A tree's leaves and structure, each key in it taken as a leaf of its words; `keys` flags those
 * leaves. (Used for what jit's and vmap's functions take and return.)
 */
export function flattenWithKeys(tree: unknown): { readonly leaves: AnyTensor[]; readonly keys: boolean[]; readonly def: TreeDef } {
  const words = new Set<AnyTensor>();
  const lowered = substitute(tree, (x) => {
    if (!isKey(x)) return undefined;
    const w = keyToWords(x);
    words.add(w);
    return w;
  });
  const [leaves, def] = flatten(lowered);
  return { leaves, keys: leaves.map((t) => words.has(t)), def };
}
