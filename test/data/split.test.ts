// Dividing datasets: `split` at a fraction or count, `shuffle`, and `trainTestSplit` — sizes,
// order, disjointness, every example kept exactly once with its own label, determinism per key,
// and clear errors for fractions outside (0, 1) and counts that leave a part empty.

import { describe, expect, it } from "vitest";
import { makeDataset, size, type Dataset } from "../../src/data/dataset.js";
import { shuffle, split, trainTestSplit } from "../../src/data/split.js";
import { key } from "../../src/random/key.js";
import { fromArray } from "../../src/tensor/index.js";

/** Example i has the single feature i and the label i mod 4, so every row names itself. */
const numbered = (n: number): Dataset<[1]> =>
  makeDataset({
    name: "numbered",
    features: fromArray(Array.from({ length: n }, (_, i) => i), [n, 1]),
    labels: fromArray(Array.from({ length: n }, (_, i) => i % 4), [n], "int32"),
    classes: 4,
  });

/** The example ids of a numbered dataset, checking that each label still belongs to its row. */
const ids = (ds: Dataset<[1]>): number[] => {
  const x = [...ds.features.toArray()];
  const y = [...ds.labels.toArray()];
  x.forEach((id, r) => expect(y[r]).toBe(id % 4));
  return x;
};

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

describe("split", () => {
  const ds = numbered(10);

  it("divides in order at a fraction (rounded) or a count", () => {
    const [a, b] = split(ds, 0.8);
    expect(ids(a)).toEqual(range(0, 8));
    expect(ids(b)).toEqual(range(8, 10));
    expect(ids(split(ds, 0.25)[0])).toEqual(range(0, 3)); // 2.5 rounds to 3
    const [c, d] = split(ds, 3);
    expect(ids(c)).toEqual([0, 1, 2]);
    expect(ids(d)).toEqual(range(3, 10));
    expect(c.classes).toBe(4);
  });

  it("refuses fractions outside (0, 1), non-integer counts and empty parts", () => {
    for (const bad of [0, -0.5, 1.5, Number.NaN, Infinity]) {
      expect(() => split(ds, bad)).toThrow(/split: expected a fraction in \(0, 1\) or a count in \[1, 9\] for 10 examples/);
    }
    expect(() => split(ds, 10)).toThrow(/split: the count 10 leaves one part empty/);
    expect(() => split(ds, 0.01)).toThrow(/split: the fraction 0.01 of 10 examples gives 0, which leaves one part empty/);
    expect(() => split(ds, 0.99)).toThrow(/gives 10, which leaves one part empty/);
  });
});

describe("shuffle", () => {
  const ds = numbered(50);

  it("is a permutation that keeps each label with its features", () => {
    const order = ids(shuffle(key(1), ds));
    expect([...order].sort((a, b) => a - b)).toEqual(range(0, 50));
    expect(order).not.toEqual(range(0, 50));
  });

  it("is the same for the same key and differs for another", () => {
    expect(ids(shuffle(key(1), ds))).toEqual(ids(shuffle(key(1), ds)));
    expect(ids(shuffle(key(2), ds))).not.toEqual(ids(shuffle(key(1), ds)));
  });

  it("leaves its input as it was", () => {
    shuffle(key(3), ds);
    expect(ids(ds)).toEqual(range(0, 50));
  });
});

describe("trainTestSplit", () => {
  const ds = numbered(100);

  it("gives disjoint parts of the requested sizes that together hold every example once", () => {
    const { train, test } = trainTestSplit(key(5), ds, 0.2);
    expect(size(train)).toBe(80);
    expect(size(test)).toBe(20);
    const all = [...ids(train), ...ids(test)];
    expect(new Set(ids(train)).size + new Set(ids(test)).size).toBe(100);
    expect(all.sort((a, b) => a - b)).toEqual(range(0, 100));
    expect(train.name).toBe("numbered/train");
    expect(test.name).toBe("numbered/test");
    expect(size(trainTestSplit(key(5), ds, 30).test)).toBe(30);
  });

  it("draws the test set at random, reproducibly", () => {
    const a = trainTestSplit(key(5), ds, 0.2);
    const b = trainTestSplit(key(5), ds, 0.2);
    expect(ids(a.test)).toEqual(ids(b.test));
    expect(ids(a.train)).toEqual(ids(b.train));
    expect(ids(trainTestSplit(key(6), ds, 0.2).test)).not.toEqual(ids(a.test));
    // Not simply the last fifth.
    expect(ids(a.test)).not.toEqual(range(80, 100));
  });

  it("refuses a fraction outside (0, 1)", () => {
    expect(() => trainTestSplit(key(0), ds, 1.5)).toThrow(/trainTestSplit: expected a fraction in \(0, 1\) or a count in \[1, 99\] for 100 examples, got 1.5/);
    expect(() => trainTestSplit(key(0), ds, 0)).toThrow(/trainTestSplit: expected a fraction in \(0, 1\)/);
    expect(() => trainTestSplit(key(0), numbered(1), 0.5)).toThrow(/leaves one part empty/);
  });
});
