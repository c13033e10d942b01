// Datasets: N examples as two tensors whose first axis counts them, features [N, ...F] (float32)
// and labels [N, ...L] (int32 class ids, or float targets). The per-example shapes F and L are
// in the type; N is only known at runtime, so it is `number`. A dataset is a plain readonly
// record: every function here returns a new one and never touches its arguments.

import { assertRawArray, type RawArray } from "../io/raw.js";
import type { Product, Shape } from "../shape/index.js";
import type { Dims } from "../tensor/create.js";
import { allocate, type DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkInteger, showShape } from "./checks.js";
import { exampleShape, gatherRows, rowCount, rowData, rowSize, sliceRows, wrapRows } from "./rows.js";

/**
 * N examples: `features` [N, ...F] float32 and `labels` [N, ...L] of dtype LD. With the defaults
 * (L = [], LD = "int32") labels are one class id per example, each in [0, classes).
 * `Dataset<[784]>` is MNIST-like: features `Tensor<[number, 784]>`, labels `Tensor<[number], "int32">`.
 */
export interface Dataset<F extends Shape = Shape, L extends Shape = [], LD extends DType = "int32"> {
  readonly name: string;
  readonly features: Tensor<[number, ...F]>;
  readonly labels: Tensor<[number, ...L], LD>;
  /** How many classes the labels range over (for class-id labels). */
  readonly classes?: number;
}

/** A dataset of any shapes and label dtype. */
export type AnyDataset = Dataset<Shape, Shape, DType>;

// ---------------------------------------------------------------------------------------------
// construction

/** The largest label plus one: the number of classes the labels imply. */
const impliedClasses = (labels: Int32Array): number => labels.reduce((m, y) => Math.max(m, y + 1), 0);

/** Throws unless every label is a class id in [0, classes). */
const checkClassIds = (op: string, labels: Int32Array, classes: number): void => {
  const bad = labels.findIndex((y) => y < 0 || y >= classes);
  if (bad >= 0) {
    throw new RangeError(`${op}: label ${labels[bad]} of example ${bad} is not a class id; expected an integer in [0, ${classes - 1}] for ${classes} classes`);
  }
};

/**
 * A dataset from its parts, checked: features are a float32 tensor with an example axis, labels
 * have as many examples, and, when `classes` is given, the labels are int32 class ids below it.
 */
export const makeDataset = <F extends Shape, L extends Shape, LD extends DType>(parts: Dataset<F, L, LD>): Dataset<F, L, LD> => {
  const op = "makeDataset";
  const { name, features, labels, classes } = parts;
  if (features.dtype !== "float32") throw new TypeError(`${op}: features must be float32, got ${features.dtype}`);
  if (features.shape.length === 0 || labels.shape.length === 0) {
    throw new RangeError(`${op}: features ${showShape(features.shape)} and labels ${showShape(labels.shape)} both need a leading example axis`);
  }
  if (rowCount(features) !== rowCount(labels)) {
    throw new RangeError(`${op}: features ${showShape(features.shape)} hold ${rowCount(features)} examples but labels ${showShape(labels.shape)} hold ${rowCount(labels)}; expected equal counts`);
  }
  if (classes === undefined) return { name, features, labels };
  checkInteger(op, "classes", classes, 1);
  const ids = rowData(op, labels);
  if (!(ids instanceof Int32Array)) throw new TypeError(`${op}: classes were given, so labels must be int32 class ids, got ${labels.dtype}`);
  checkClassIds(op, ids, classes);
  return { name, features, labels, classes };
};

// ---------------------------------------------------------------------------------------------
// from byte-level arrays (IDX, CSV)

/** The label dtypes a RawArray can become: class ids or real-valued targets. */
export type LabelDType = "int32" | "float32";

export interface FromRawOptions<LD extends LabelDType> {
  /** Default "dataset". */
  readonly name?: string;
  /** "int32" (default): labels are class ids (uint8 or int32 data); "float32": real targets. */
  readonly labelDType?: LD;
  /** For class ids: the number of classes; by default the largest label plus one. */
  readonly classes?: number;
  /** Reshape each example to this shape, e.g. [784] or [28, 28, 1]; its size must not change. */
  readonly shape?: Shape;
  /** Flatten each example to a vector (an alternative to `shape`). */
  readonly flatten?: boolean;
}

/** Feature values as float32: uint8 pixels scaled by 1/255 into [0, 1], other dtypes as they are. */
const toFloat32 = (raw: RawArray): Float32Array => {
  if (raw.dtype !== "uint8") return Float32Array.from(raw.data);
  const out = new Float32Array(raw.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (raw.data[i] ?? 0) / 255;
  return out;
};

const labelsFromRaw = (op: string, raw: RawArray, dtype: LabelDType): Int32Array | Float32Array => {
  if (dtype === "float32") return Float32Array.from(raw.data);
  if (raw.dtype !== "uint8" && raw.dtype !== "int32") {
    throw new TypeError(`${op}: labelDType "int32" needs uint8 or int32 class ids, got ${raw.dtype} labels; pass labelDType "float32" for real-valued targets`);
  }
  return Int32Array.from(raw.data);
};

/** Each example's dims after the requested reshaping, checked to keep its element count. */
const exampleDims = (op: string, features: RawArray, options: FromRawOptions<LabelDType>): Shape => {
  const own = features.shape.slice(1);
  const width = rowSize(features.shape);
  if (options.shape !== undefined && options.flatten === true) {
    throw new RangeError(`${op}: give either shape or flatten, not both`);
  }
  if (options.flatten === true) return [width];
  if (options.shape === undefined) return own;
  const wanted = options.shape;
  if (!wanted.every((d) => Number.isInteger(d) && d >= 0) || wanted.reduce((a, d) => a * d, 1) !== width) {
    throw new RangeError(`${op}: cannot reshape examples of shape ${showShape(own)} (${width} elements) to ${showShape(wanted)}; expected dims whose product is ${width}`);
  }
  return wanted;
};

/**
 * A dataset from RawArrays such as `loadMnist` or `parseCsv` produce: features [N, ...] (uint8
 * pixels are scaled to [0, 1]; every dtype becomes float32) and labels [N]. Examples can be
 * reshaped (`shape: [784]`, `shape: [28, 28, 1]`) or flattened; `shape` also gives the
 * result its type.
 */
export function datasetFromRaw<const F extends Shape, LD extends LabelDType = "int32">(
  features: RawArray, labels: RawArray, options: FromRawOptions<LD> & { readonly shape: F },
): Dataset<Dims<F>, [], LD>;
export function datasetFromRaw<LD extends LabelDType = "int32">(
  features: RawArray, labels: RawArray, options: FromRawOptions<LD> & { readonly flatten: true },
): Dataset<[number], [], LD>;
export function datasetFromRaw<LD extends LabelDType = "int32">(
  features: RawArray, labels: RawArray, options?: FromRawOptions<LD>,
): Dataset<Shape, [], LD>;
export function datasetFromRaw(features: RawArray, labels: RawArray, options: FromRawOptions<LabelDType> = {}): Dataset<Shape, [], LabelDType> {
  const op = "datasetFromRaw";
  assertRawArray(op, "features", features);
  assertRawArray(op, "labels", labels);
  if (features.shape.length === 0) throw new RangeError(`${op}: features need a leading example axis, got shape []`);
  if (labels.shape.length !== 1) throw new RangeError(`${op}: labels must have shape [N], got ${showShape(labels.shape)}`);
  const n = features.shape[0] ?? 0;
  if (labels.shape[0] !== n) {
    throw new RangeError(`${op}: ${n} feature rows but ${labels.shape[0]} labels; expected equal counts`);
  }
  const dims = exampleDims(op, features, options);
  const labelDType = options.labelDType ?? "int32";
  const name = options.name ?? "dataset";
  const x = wrapRows(n, dims, "float32", toFloat32(features));
  const y = labelsFromRaw(op, labels, labelDType);
  if (y instanceof Float32Array) {
    if (options.classes !== undefined) throw new RangeError(`${op}: classes apply to class ids, but labelDType is "float32"`);
    return makeDataset({ name, features: x, labels: wrapRows(n, [], "float32", y) });
  }
  const classes = options.classes ?? impliedClasses(y);
  return makeDataset({ name, features: x, labels: wrapRows(n, [], "int32", y), classes });
}

// ---------------------------------------------------------------------------------------------
// reading and selecting

/** The number of examples. */
export const size = (ds: AnyDataset): number => rowCount(ds.features);

/** The same dataset with another name. */
export const rename = <F extends Shape, L extends Shape, LD extends DType>(ds: Dataset<F, L, LD>, name: string): Dataset<F, L, LD> => ({ ...ds, name });

/** Rebuilds a dataset around new tensors, keeping its class count. */
const withRows = <F extends Shape, L extends Shape, LD extends DType>(
  ds: Dataset<F, L, LD>,
  name: string,
  features: Tensor<[number, ...F]>,
  labels: Tensor<[number, ...L], LD>,
): Dataset<F, L, LD> => (ds.classes === undefined ? { name, features, labels } : { name, features, labels, classes: ds.classes });

/**
 * The examples at `indices`, in that order; an index may repeat (as in a bootstrap sample).
 * Every index must be an integer in [0, size).
 */
export const take = <F extends Shape, L extends Shape, LD extends DType>(ds: Dataset<F, L, LD>, indices: ArrayLike<number>): Dataset<F, L, LD> =>
  withRows(ds, ds.name, gatherRows("take", ds.features, indices), gatherRows("take", ds.labels, indices));

/** Like `take`, but the indices must be distinct: the result is a true subset of the examples. */
export const subset = <F extends Shape, L extends Shape, LD extends DType>(ds: Dataset<F, L, LD>, indices: ArrayLike<number>): Dataset<F, L, LD> => {
  const seen = new Set<number>();
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r] ?? Number.NaN;
    if (seen.has(i)) throw new RangeError(`subset: index ${i} appears twice (again at position ${r}); expected distinct indices (use take to repeat examples)`);
    seen.add(i);
  }
  return withRows(ds, ds.name, gatherRows("subset", ds.features, indices), gatherRows("subset", ds.labels, indices));
};

/** Examples start, …, end - 1 (0 ≤ start ≤ end ≤ size; end defaults to size), in order. */
export const slice = <F extends Shape, L extends Shape, LD extends DType>(ds: Dataset<F, L, LD>, start: number, end: number = size(ds)): Dataset<F, L, LD> => {
  const n = size(ds);
  checkInteger("slice", "end", end, 0, n);
  checkInteger("slice", "start", start, 0, end);
  return withRows(ds, `${ds.name}[${start}:${end}]`, sliceRows("slice", ds.features, start, end), sliceRows("slice", ds.labels, start, end));
};

/** How many examples carry each class id 0 … classes-1 (class-id labels only). */
export const classCounts = <F extends Shape>(ds: Dataset<F, [], "int32">): readonly number[] => {
  const ids = rowData("classCounts", ds.labels);
  const classes = ds.classes ?? impliedClasses(ids);
  checkClassIds("classCounts", ids, classes);
  const counts = new Array<number>(classes).fill(0);
  for (const y of ids) counts[y] = (counts[y] ?? 0) + 1;
  return counts;
};

// ---------------------------------------------------------------------------------------------
// reshaping

/** Each example reshaped to `shape` (same element count), e.g. [28, 28] → [28, 28, 1] for a CNN. */
export const reshapeFeatures = <F extends Shape, L extends Shape, LD extends DType, const G extends Shape>(
  ds: Dataset<F, L, LD>,
  shape: G,
): Dataset<Dims<G>, L, LD> => {
  const width = rowSize(ds.features.shape);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0) || shape.reduce((a, d) => a * d, 1) !== width) {
    throw new RangeError(`reshapeFeatures: cannot reshape examples of shape ${showShape(exampleShape(ds.features))} (${width} elements) to ${showShape(shape)}`);
  }
  // Row-major data is unchanged by a reshape, and tensors are immutable, so it is shared.
  const dims: Dims<G> = [...shape];
  const features = wrapRows(size(ds), dims, "float32", rowData("reshapeFeatures", ds.features));
  return ds.classes === undefined ? { name: ds.name, features, labels: ds.labels } : { name: ds.name, features, labels: ds.labels, classes: ds.classes };
};

/** Each example flattened to a vector: [28, 28] → [784] (the length is in the type when F is literal). */
export const flattenFeatures = <F extends Shape, L extends Shape, LD extends DType>(ds: Dataset<F, L, LD>): Dataset<[Product<F>], L, LD> => {
  const width = rowSize(ds.features.shape);
  // Product<F> is the type-level product of F's dims; `width` is that product at runtime.
  const shape: [Product<F>] = [width as Product<F>];
  return reshapeFeatures(ds, shape);
};

// ---------------------------------------------------------------------------------------------
// combining

/**
 * The examples of every dataset, in order. Per-example feature and label shapes and the label
 * dtype must agree; the class count is the largest one given.
 */
export const concatDatasets = <F extends Shape, L extends Shape, LD extends DType>(
  first: Dataset<F, L, LD>,
  ...rest: readonly Dataset<F, L, LD>[]
): Dataset<F, L, LD> => {
  const op = "concatDatasets";
  const all = [first, ...rest];
  const xShape = exampleShape(first.features);
  const yShape = exampleShape(first.labels);
  for (const [k, ds] of all.entries()) {
    const fx = exampleShape(ds.features);
    const fy = exampleShape(ds.labels);
    if (showShape(fx) !== showShape(xShape) || showShape(fy) !== showShape(yShape) || ds.labels.dtype !== first.labels.dtype) {
      throw new RangeError(
        `${op}: dataset ${k} ("${ds.name}") has examples ${showShape(fx)} with ${ds.labels.dtype} labels ${showShape(fy)}; ` +
          `expected ${showShape(xShape)} with ${first.labels.dtype} labels ${showShape(yShape)} like dataset 0 ("${first.name}")`,
      );
    }
  }
  const n = all.reduce((a, ds) => a + size(ds), 0);
  const x = allocate("float32", n * rowSize(first.features.shape));
  const y = allocate(first.labels.dtype, n * rowSize(first.labels.shape));
  let [xAt, yAt] = [0, 0];
  for (const ds of all) {
    const dx = rowData(op, ds.features);
    const dy = rowData(op, ds.labels);
    x.set(dx, xAt);
    y.set(dy, yAt);
    xAt += dx.length;
    yAt += dy.length;
  }
  const name = all.map((ds) => ds.name).join(" + ");
  const features = wrapRows(n, xShape, "float32", x);
  const labels = wrapRows(n, yShape, first.labels.dtype, y);
  const counts = all.flatMap((ds) => (ds.classes === undefined ? [] : [ds.classes]));
  return counts.length === 0 ? { name, features, labels } : { name, features, labels, classes: Math.max(...counts) };
};
