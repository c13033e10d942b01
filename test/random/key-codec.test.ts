import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { describe, expect, it } from "vitest";
import { KeyCodec } from "../../src/random/key-codec.js";
import { eqKey, fold, key, keyData } from "../../src/random/key.js";

describe("KeyCodec", () => {
  it("round-trips a key through its JSON words", () => {
    const k = fold(key(8), 1);
    const stored = JSON.parse(JSON.stringify(KeyCodec.encode(k)));
    expect(stored).toEqual(keyData(k));
    const back = KeyCodec.decode(stored);
    expect(E.isRight(back) && eqKey.equals(back.right, k)).toBe(true);
  });

  it("reports the path and the reason for a bad key inside a larger value", () => {
    const Checkpoint = t.type({ step: t.number, rng: KeyCodec });
    const r = Checkpoint.decode({ step: 3, rng: [1, -2] });
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) {
      const [error] = r.left;
      expect(error?.context.map((c) => c.key)).toEqual(["", "rng"]);
      expect(error?.message).toMatch(/^keyFromData: expected a pair \[hi, lo\] .*got \[1, -2\]/);
    }
  });

  it("recognises keys, and not look-alikes", () => {
    expect(KeyCodec.is(key(1))).toBe(true);
    expect(KeyCodec.is({ _tag: "Key", data: [0, 1] })).toBe(false);
    expect(KeyCodec.is([0, 1])).toBe(false);
  });
});
