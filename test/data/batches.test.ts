// Mini-batches: one epoch covers every example exactly once (or all but the remainder with
// dropLast), in dataset order without a key and in a reproducible random order with one; the
// rows of each batch are the examples its indices name; bad batch sizes are refused up front.

import { describe, expect, it } from "vitest";
import { batchCount, batches, type Batch } from "../../src/data/batches.js";
import { makeDataset, type Dataset } from "../../src/data/dataset.js";
import { key } from "../../src/random/key.js";
import { fromArray } from "../../src/tensor/index.js";

/** Example i has features [i, −i] and label i mod 3. */
const numbered = (n: number): Dataset<[2]> =>
  makeDataset({
    name: "numbered",
    features: fromArray(Array.from({ length: 2 * n }, (_, q) => (q % 2 === 0 ? q / 2 : -(q - 1) / 2)), [n, 2]),
    labels: fromArray(Array.from({ length: n }, (_, i) => i % 3), [n], "int32"),
    classes: 3,
  });

/** Checks that a batch's rows are the examples its indices name; returns the indices. */
const checked = (b: Batch<[2]>): readonly number[] => {
  const x = b.features.toNested();
  const y = [...b.labels.toArray()];
  expect(b.features.shape).toEqual([b.indices.length, 2]);
  b.indices.forEach((i, r) => {
    expect(x[r]).toEqual([i, -i]);
    expect(y[r]).toBe(i % 3);
  });
  return b.indices;
};

const epoch = (ds: Dataset<[2]>, batchSize: number, options = {}): (readonly number[])[] => [...batches(ds, batchSize, options)].map(checked);

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe("batches", () => {
  const ds = numbered(10);

  it("in dataset order without a key, the last batch holding the remainder", () => {
    expect(epoch(ds, 4)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(epoch(ds, 4, { dropLast: true })).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
  });

  it("batch size N gives the whole dataset once; 1 gives one example at a time", () => {
    expect(epoch(ds, 10)).toEqual([range(10)]);
    expect(epoch(ds, 1)).toEqual(range(10).map((i) => [i]));
    expect(epoch(ds, 25)).toEqual([range(10)]);
  });

  it("with a key, covers every example exactly once per epoch, for many batch sizes", () => {
    const big = numbered(23);
    for (const batchSize of [1, 2, 5, 7, 22, 23]) {
      const got = epoch(big, batchSize, { key: key(batchSize) });
      const flat = got.flat();
      expect(flat.slice().sort((a, b) => a - b)).toEqual(range(23));
      expect(got.length).toBe(batchCount(23, batchSize));
      expect(got.slice(0, -1).every((b) => b.length === batchSize)).toBe(true);
    }
  });

  it("with dropLast, gives only full batches of distinct examples, leaving out n mod batchSize", () => {
    const big = numbered(23);
    for (const batchSize of [2, 5, 7, 23]) {
      const got = epoch(big, batchSize, { key: key(1), dropLast: true });
      const flat = got.flat();
      expect(got.every((b) => b.length === batchSize)).toBe(true);
      expect(new Set(flat).size).toBe(flat.length);
      expect(flat.length).toBe(23 - (23 % batchSize));
      expect(got.length).toBe(batchCount(23, batchSize, true));
    }
  });

  it("same key → same order; another key → another; iterating again repeats the epoch", () => {
    const once = batches(ds, 3, { key: key(9) });
    const first = [...once].map(checked);
    expect([...once].map(checked)).toEqual(first);
    expect(epoch(ds, 3, { key: key(9) })).toEqual(first);
    expect(epoch(ds, 3, { key: key(10) })).not.toEqual(first);
    expect(first.flat()).not.toEqual(range(10));
  });

  it("is an iterable that may be abandoned after its first batch", () => {
    const iterator = batches(numbered(1000), 10)[Symbol.iterator]();
    const first = iterator.next();
    expect(first.done).toBe(false);
    if (first.done !== true) expect(first.value.indices).toEqual(range(10));
  });

  it("refuses batch sizes that are not positive integers, before iterating", () => {
    expect(() => batches(ds, 0)).toThrow(/batches: batchSize must be an integer ≥ 1, got 0/);
    expect(() => batches(ds, 2.5)).toThrow(/batches: batchSize must be an integer ≥ 1, got 2.5/);
    expect(() => batches(ds, -3)).toThrow(/got -3/);
    expect(() => batches(ds, 11, { dropLast: true })).toThrow(/batches: batchSize 11 exceeds the 10 examples of "numbered", so dropLast would leave no batch/);
  });
});

describe("batchCount", () => {
  it("is ⌈n / b⌉, or ⌊n / b⌋ when dropping the last", () => {
    expect(batchCount(10, 4)).toBe(3);
    expect(batchCount(10, 4, true)).toBe(2);
    expect(batchCount(12, 4)).toBe(3);
    expect(batchCount(12, 4, true)).toBe(3);
    expect(batchCount(0, 4)).toBe(0);
    expect(() => batchCount(10, 0)).toThrow(/batchCount: batchSize must be an integer ≥ 1, got 0/);
  });
});
