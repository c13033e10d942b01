// An io-ts codec for keys, for checkpoints and configs: a key is stored as its two uint32
// words `[hi, lo]` (JAX's `key_data`) and decoding validates them.

import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { keyData, keyFromData, type Key } from "./key.js";
import type { Words } from "./threefry.js";

const isKey = (u: unknown): u is Key =>
  typeof u === "object" &&
  u !== null &&
  Object.isFrozen(u) &&
  "_tag" in u &&
  u._tag === "Key" &&
  "data" in u &&
  E.isRight(keyFromData(u.data));

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
