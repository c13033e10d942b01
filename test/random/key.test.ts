import * as fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { eqKey, fold, key, keyData, keyFromData, showKey, split } from "../../src/random/key.js";
import { threefry2x32 } from "../../src/random/threefry.js";

const M = 0xffffffff;
const words = keyData;

describe("key", () => {
  it("splits the seed, read as 64-bit two's complement, into [hi, lo]", () => {
    expect(words(key(0))).toEqual([0, 0]);
    expect(words(key(42))).toEqual([0, 42]);
    expect(words(key(2 ** 32 - 1))).toEqual([0, M]);
    expect(words(key(2 ** 32 + 5))).toEqual([1, 5]);
    expect(words(key(2 ** 53 - 1))).toEqual([2 ** 21 - 1, M]);
    expect(words(key(-1))).toEqual([M, M]);
    expect(words(key(-(2 ** 32)))).toEqual([M, 0]);
    expect(words(key(-(2 ** 53 - 1)))).toEqual([2 ** 32 - 2 ** 21, 1]);
  });

  it("gives distinct keys for distinct seeds, recovering the seed from the words", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (seed) => {
        const [hi, lo] = words(key(seed));
        // Undo the two's complement: hi is the signed high word.
        const signedHi = hi >= 2 ** 31 ? hi - 2 ** 32 : hi;
        expect(signedHi * 2 ** 32 + lo).toBe(seed);
      }),
    );
  });

  it("rejects seeds that are not safe integers, naming the value", () => {
    for (const bad of [1.5, Number.NaN, Infinity, 2 ** 53, -(2 ** 53)]) {
      expect(() => key(bad)).toThrow(new RegExp(`^key: seed must be a safe integer.*got ${String(bad)}`));
    }
  });
});

describe("split", () => {
  it("matches JAX: key(0) splits into these two keys", () => {
    expect(split(key(0)).map(words)).toEqual([
      [1797259609, 2579123966],
      [928981903, 3453687069],
    ]);
  });

  it("matches JAX: the first eight children of key(0)", () => {
    expect(split(key(0), 8).map(words)).toEqual([
      [1797259609, 2579123966],
      [928981903, 3453687069],
      [4146024105, 2718843009],
      [2467461003, 3840466878],
      [2285895361, 433833334],
      [1524306142, 1887795613],
      [3792494674, 2909014575],
      [2716826189, 292468403],
    ]);
  });

  it("child i is Threefry of the parent at counter [0, i]", () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(M), fc.nat(M)), fc.integer({ min: 1, max: 20 }), ([hi, lo], n) => {
        const parent = E.getOrElseW(() => key(0))(keyFromData([hi, lo]));
        split(parent, n).forEach((child, i) => {
          expect(words(child)).toEqual(threefry2x32([hi, lo], [0, i]));
        });
      }),
    );
  });

  it("is deterministic and independent of how many children are asked for or in what order", () => {
    const k = key(7);
    const three = split(k, 3);
    const five = split(k, 5);
    expect(five.slice(0, 3).map(words)).toEqual(three.map(words));
    // Keys carry no hidden state: deriving from one sibling first changes nothing for the other.
    const [a, b] = split(k);
    const aFirst = [split(a, 4).map(words), split(b, 4).map(words)];
    const bFirst = [split(b, 4).map(words), split(a, 4).map(words)].reverse();
    expect(aFirst).toEqual(bFirst);
    expect(split(k).map(words)).toEqual([words(a), words(b)]);
  });

  it("gives children that differ from each other and from the parent", () => {
    const k = key(123);
    const children = split(k, 1000).map((c) => words(c).join(","));
    expect(new Set(children).size).toBe(1000);
    expect(children).not.toContain(words(k).join(","));
  });

  it("returns n = 0 keys for 0 and rejects bad counts", () => {
    expect(split(key(1), 0)).toEqual([]);
    expect(() => split(key(1), -1)).toThrow(/^split: n must be an integer in \[0, 2\^32\), got -1/);
    expect(() => split(key(1), 2.5)).toThrow(/got 2.5/);
  });
});

describe("fold", () => {
  it("matches JAX: fold_in(key(0), 3)", () => {
    expect(words(fold(key(0), 3))).toEqual([2467461003, 3840466878]);
  });

  it("agrees with the child of the same index (JAX's partitionable derivation)", () => {
    const k = key(99);
    split(k, 6).forEach((child, i) => expect(eqKey.equals(fold(k, i), child)).toBe(true));
  });

  it("uses the two words of large and negative data as the counter", () => {
    const k = key(5);
    expect(words(fold(k, 2 ** 32 + 7))).toEqual(threefry2x32(words(k), [1, 7]));
    expect(words(fold(k, -1))).toEqual(threefry2x32(words(k), [M, M]));
  });

  it("gives distinct keys for distinct data", () => {
    const k = key(11);
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.maxSafeInteger(), (a, b) => {
        fc.pre(a !== b);
        expect(eqKey.equals(fold(k, a), fold(k, b))).toBe(false);
      }),
    );
  });

  it("rejects data that are not safe integers", () => {
    expect(() => fold(key(0), 0.5)).toThrow(/^fold: data must be a safe integer.*got 0.5/);
  });
});

describe("key data", () => {
  it("round-trips through [hi, lo]", () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(M), fc.nat(M)), (pair) => {
        const k = keyFromData(pair);
        expect(E.isRight(k)).toBe(true);
        if (E.isRight(k)) expect(keyData(k.right)).toEqual(pair);
      }),
    );
    const k = fold(key(3), 17);
    expect(E.map(words)(keyFromData(JSON.parse(JSON.stringify(keyData(k)))))).toEqual(E.right(words(k)));
  });

  it("rejects anything but two uint32 words, saying what it got", () => {
    const bad: ReadonlyArray<readonly [unknown, string]> = [
      [[1.5, 2], "[1.5, 2]"],
      [[-1, 0], "[-1, 0]"],
      [[2 ** 32, 0], "[4294967296, 0]"],
      [[1], "[1]"],
      [[1, 2, 3], "[1, 2, 3]"],
      [["1", 2], '["1", 2]'],
      [null, "null"],
      [{ hi: 0, lo: 0 }, "an object"],
    ];
    for (const [input, shown] of bad) {
      const r = keyFromData(input);
      expect(E.isLeft(r)).toBe(true);
      if (E.isLeft(r)) {
        expect(r.left.message).toContain("keyFromData: expected a pair [hi, lo] of integers in [0, 2^32 - 1]");
        expect(r.left.message).toContain(`got ${shown}`);
      }
    }
  });
});

describe("Key values", () => {
  it("are frozen", () => {
    const k = key(1);
    expect(Object.isFrozen(k)).toBe(true);
    expect(Object.isFrozen(k.data)).toBe(true);
    expect(Reflect.set(k.data, 0, 5)).toBe(false);
    expect(Reflect.set(k, "data", [5, 5])).toBe(false);
    expect(keyData(k)).toEqual([0, 1]);
    expect(Object.isFrozen(split(k))).toBe(true);
  });

  it("print as hex words", () => {
    expect(showKey.show(key(42))).toBe("Key(0x00000000, 0x0000002a)");
    expect(showKey.show(key(-1))).toBe("Key(0xffffffff, 0xffffffff)");
  });

  it("compare by their words", () => {
    expect(eqKey.equals(key(3), key(3))).toBe(true);
    expect(eqKey.equals(key(3), key(4))).toBe(false);
    expect(eqKey.equals(key(2 ** 32), key(1))).toBe(false);
  });
});
