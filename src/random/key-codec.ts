// An io-ts codec for keys, for checkpoints and configs: a key is stored as its two uint32
// words `[hi, lo]` (JAX's `key_data`) and decoding validates them.

import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { keyData, keyFromData, type Key } from "./key.js";
import { isKey as isAnyKey, stagedWords } from "./key-repr.js";
import type { Words } from "./threefry.js";

/** A concrete key (a staged key, inside jit, has no words to encode yet). */
const isKey = (u: unknown): u is Key =>
  isAnyKey(u) && stagedWords(u) === undefined && Object.isFrozen(u) && E.isRight(keyFromData(u.data));

/** Decodes `[hi, lo]` (two integers in [0, 2^32)) to a Key and encodes a Key to its words. */
export const KeyCodec: t.Type<Key, Words, unknown> = new t.Type<Key, Words, unknown>(
  "Key",
  isKey,
  (input, context) => {
    const decoded = keyFromData(input);
    return E.isRight(decoded) ? t.success(decoded.right) : t.failure(input, context, decoded.left.message);
  },
  keyData,
);
