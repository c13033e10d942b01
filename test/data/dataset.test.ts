// Datasets: construction and its checks, conversion from RawArrays (pixel scaling, reshaping,
// label dtypes), selecting examples (take, subset, slice), class counts, reshaping, concatenation,
// and that no function touches its inputs.

import { describe, expect, it } from "vitest";
import {
  classCounts,
  concatDatasets,
  datasetFromRaw,
  flattenFeatures,
  makeDataset,
  rename,
  reshapeFeatures,
  size,
  slice,
  subset,
  take,
  type Dataset,
} from "../../src/data/dataset.js";
import type { RawArray } from "../../src/io/raw.js";
import { fromArray } from "../../src/tensor/index.js";

/** A small dataset whose example i has features [10i, 10i + 1, 10i + 2] and label i mod 3. */
const tiny = (n: number): Dataset<[3]> =>
  makeDataset({
    name: "tiny",
    features: fromArray(Array.from({ length: 3 * n }, (_, q) => 10 * Math.floor(q / 3) + (q % 3)), [n, 3]),
    labels: fromArray(Array.from({ length: n }, (_, i) => i % 3), [n], "int32"),
    classes: 3,
  });

const rowsOf = (ds: Dataset<[3]>): number[][] => ds.features.toNested();

describe("makeDataset", () => {
  it("keeps its parts and class count", () => {
    const ds = tiny(4);
    expect(size(ds)).toBe(4);
    expect(ds.classes).toBe(3);
    expect(ds.features.shape).toEqual([4, 3]);
    expect([...ds.labels.toArray()]).toEqual([0, 1, 2, 0]);
  });

  it("refuses mismatched counts, non-float32 features and labels outside [0, classes)", () => {
    const x = fromArray([1, 2, 3, 4], [2, 2]);
    expect(() => makeDataset({ name: "d", features: x, labels: fromArray([0, 1, 1], [3], "int32") })).toThrow(
      /makeDataset: features \[2, 2\] hold 2 examples but labels \[3\] hold 3/,
    );
    expect(() => makeDataset({ name: "d", features: x, labels: fromArray([0, 2], [2], "int32"), classes: 2 })).toThrow(
      /label 2 of example 1 is not a class id; expected an integer in \[0, 1\]/,
    );
    expect(() => makeDataset({ name: "d", features: x, labels: fromArray([0, -1], [2], "int32"), classes: 2 })).toThrow(/label -1/);
    expect(() => makeDataset({ name: "d", features: x, labels: fromArray([0, 1], [2], "float32"), classes: 2 })).toThrow(/must be int32 class ids, got float32/);
    expect(() => makeDataset({ name: "d", features: x, labels: fromArray([0, 1], [2], "int32"), classes: 1.5 })).toThrow(/classes must be an integer ≥ 1, got 1.5/);
    // A JS caller can bypass the types; the dtype is still checked.
    const f64 = fromArray([1, 2], [2, 1], "float64");
    expect(() => makeDataset({ name: "d", features: f64 as never, labels: fromArray([0, 1], [2], "int32") })).toThrow(/features must be float32, got float64/);
  });
});

describe("datasetFromRaw", () => {
  const images: RawArray = { dtype: "uint8", shape: [3, 2, 2], data: Uint8Array.from([0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0]) };
  const labels: RawArray = { dtype: "uint8", shape: [3], data: Uint8Array.from([2, 0, 1]) };

  it("scales uint8 pixels by 1/255 into float32 and keeps the image shape", () => {
    const ds = datasetFromRaw(images, labels, { name: "px" });
    expect(ds.name).toBe("px");
    expect(ds.features.dtype).toBe("float32");
    expect(ds.features.shape).toEqual([3, 2, 2]);
    expect([...ds.features.toArray().subarray(0, 4)]).toEqual([0, 1, Math.fround(0.2), Math.fround(0.4)]);
    expect(ds.labels.dtype).toBe("int32");
    expect([...ds.labels.toArray()]).toEqual([2, 0, 1]);
    // The class count is implied by the largest label unless given.
    expect(ds.classes).toBe(3);
    expect(datasetFromRaw(images, labels, { classes: 10 }).classes).toBe(10);
  });

  it("flattens or reshapes each example without changing the data", () => {
    const flat = datasetFromRaw(images, labels, { flatten: true });
    const shaped = datasetFromRaw(images, labels, { shape: [4] });
    const channels = datasetFromRaw(images, labels, { shape: [2, 2, 1] });
    expect(flat.features.shape).toEqual([3, 4]);
    expect(shaped.features.shape).toEqual([3, 4]);
    expect(channels.features.shape).toEqual([3, 2, 2, 1]);
    expect(flat.features.toArray()).toEqual(channels.features.toArray());
    expect(() => datasetFromRaw(images, labels, { shape: [5] })).toThrow(
      /datasetFromRaw: cannot reshape examples of shape \[2, 2\] \(4 elements\) to \[5\]/,
    );
    expect(() => datasetFromRaw(images, labels, { shape: [4], flatten: true })).toThrow(/either shape or flatten/);
  });

  it("keeps other feature dtypes' values and reads real-valued targets as float32", () => {
    const x: RawArray = { dtype: "float64", shape: [2, 1], data: Float64Array.from([0.1, 300]) };
    const y: RawArray = { dtype: "float32", shape: [2], data: Float32Array.from([1.5, -2]) };
    const ds = datasetFromRaw(x, y, { labelDType: "float32" });
    expect([...ds.features.toArray()]).toEqual([Math.fround(0.1), 300]);
    expect(ds.labels.dtype).toBe("float32");
    expect([...ds.labels.toArray()]).toEqual([1.5, -2]);
    expect(ds.classes).toBeUndefined();
    expect(() => datasetFromRaw(x, y)).toThrow(/labelDType "int32" needs uint8 or int32 class ids, got float32 labels/);
  });

  it("refuses inconsistent arrays with the operation's name", () => {
    const short: RawArray = { dtype: "uint8", shape: [2], data: Uint8Array.from([0, 1]) };
    expect(() => datasetFromRaw(images, short)).toThrow(/datasetFromRaw: 3 feature rows but 2 labels/);
    const lying: RawArray = { dtype: "uint8", shape: [3, 2, 3], data: images.data };
    expect(() => datasetFromRaw(lying, labels)).toThrow(/datasetFromRaw: array "features": shape \[3, 2, 3\] needs 18 elements but data has 12/);
    const matrix: RawArray = { dtype: "uint8", shape: [3, 1], data: labels.data };
    expect(() => datasetFromRaw(images, matrix)).toThrow(/labels must have shape \[N\], got \[3, 1\]/);
    expect(() => datasetFromRaw(images, labels, { classes: 2 })).toThrow(/label 2 of example 0 is not a class id/);
  });

  it("copies: changing the raw arrays afterwards changes nothing", () => {
    const data = Uint8Array.from(images.data);
    const ds = datasetFromRaw({ ...images, data }, labels);
    const before = ds.features.toArray();
    data.fill(7);
    expect(ds.features.toArray()).toEqual(before);
  });
});

describe("selecting examples", () => {
  const ds = tiny(6);

  it("take gathers rows in the order given, repeats allowed, labels travelling with features", () => {
    const t = take(ds, [4, 0, 4]);
    expect(rowsOf(t)).toEqual([[40, 41, 42], [0, 1, 2], [40, 41, 42]]);
    expect([...t.labels.toArray()]).toEqual([1, 0, 1]);
    expect(t.classes).toBe(3);
    expect(size(take(ds, []))).toBe(0);
  });

  it("subset requires distinct indices", () => {
    expect(rowsOf(subset(ds, [5, 1]))).toEqual([[50, 51, 52], [10, 11, 12]]);
    expect(() => subset(ds, [1, 2, 1])).toThrow(/subset: index 1 appears twice \(again at position 2\)/);
  });

  it("refuses indices that are not rows", () => {
    expect(() => take(ds, [0, 6])).toThrow(/take: index 6 at position 1 is not a row of \[6, 3\]; expected an integer in \[0, 5\]/);
    expect(() => take(ds, [-1])).toThrow(/index -1/);
    expect(() => take(ds, [0.5])).toThrow(/index 0.5/);
  });

  it("slice takes a contiguous range", () => {
    const s = slice(ds, 2, 4);
    expect(rowsOf(s)).toEqual([[20, 21, 22], [30, 31, 32]]);
    expect([...s.labels.toArray()]).toEqual([2, 0]);
    expect(size(slice(ds, 5))).toBe(1);
    expect(() => slice(ds, 4, 2)).toThrow(/slice: start must be an integer in \[0, 2\], got 4/);
    expect(() => slice(ds, 0, 7)).toThrow(/slice: end must be an integer in \[0, 6\], got 7/);
  });

  it("classCounts counts each class id", () => {
    expect(classCounts(ds)).toEqual([2, 2, 2]);
    expect(classCounts(take(ds, [0, 3, 1]))).toEqual([2, 1, 0]);
  });

  it("never mutates its input", () => {
    const x = ds.features.toArray();
    const y = ds.labels.toArray();
    take(ds, [1, 2]);
    subset(ds, [3]);
    slice(ds, 1, 3);
    rename(ds, "other");
    expect(ds.features.toArray()).toEqual(x);
    expect(ds.labels.toArray()).toEqual(y);
    expect(ds.name).toBe("tiny");
  });
});

describe("reshaping", () => {
  it("reshapeFeatures keeps the row-major data and flattenFeatures makes vectors", () => {
    const images = makeDataset({
      name: "img",
      features: fromArray(Array.from({ length: 2 * 2 * 3 }, (_, i) => i), [2, 2, 3]),
      labels: fromArray([1, 0], [2], "int32"),
      classes: 2,
    });
    const flat = flattenFeatures(images);
    expect(flat.features.shape).toEqual([2, 6]);
    expect(flat.features.toNested()[1]).toEqual([6, 7, 8, 9, 10, 11]);
    expect(flat.classes).toBe(2);
    const cnn = reshapeFeatures(images, [1, 2, 3]);
    expect(cnn.features.shape).toEqual([2, 1, 2, 3]);
    expect(() => reshapeFeatures(images, [7])).toThrow(/reshapeFeatures: cannot reshape examples of shape \[2, 3\] \(6 elements\) to \[7\]/);
  });
});

describe("concatDatasets", () => {
  it("appends examples in order and keeps the largest class count", () => {
    const a = tiny(2);
    const b = makeDataset({ name: "b", features: fromArray([7, 8, 9], [1, 3]), labels: fromArray([4], [1], "int32"), classes: 5 });
    const c = concatDatasets(a, b, a);
    expect(rowsOf(c)).toEqual([[0, 1, 2], [10, 11, 12], [7, 8, 9], [0, 1, 2], [10, 11, 12]]);
    expect([...c.labels.toArray()]).toEqual([0, 1, 4, 0, 1]);
    expect(c.classes).toBe(5);
    expect(c.name).toBe("tiny + b + tiny");
    expect(concatDatasets(a)).toEqual(a);
  });

  it("refuses datasets whose examples differ in shape", () => {
    const a = tiny(2);
    const wide = makeDataset({ name: "wide", features: fromArray([1, 2, 3, 4], [1, 4]), labels: fromArray([0], [1], "int32") });
    // The types already forbid this mix; a JS caller can still attempt it.
    expect(() => concatDatasets(a, wide as never)).toThrow(
      /concatDatasets: dataset 1 \("wide"\) has examples \[4\] with int32 labels \[\]; expected \[3\] with int32 labels \[\] like dataset 0 \("tiny"\)/,
    );
  });
});
