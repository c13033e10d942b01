// Where the CLI's examples come from: the built-in procedural digits, a folder of MNIST IDX
// files, or a CSV file. Every source yields a training set and a held-out test set.

import * as E from "fp-ts/lib/Either.js";
import {
  datasetFromRaw, glyphDigits, loadCsvFile, loadMnist, makeDataset, slice, trainTestSplit, type Dataset,
} from "../data/index.js";
import { fold, type Key } from "../random/index.js";
import type { Shape } from "../shape/index.js";

export interface Source {
  readonly name: string;
  readonly train: Dataset<Shape>;
  readonly test: Dataset<Shape>;
  /** Per-example feature shape, e.g. [28, 28] or [4]. */
  readonly featureShape: readonly number[];
  readonly classes: number;
}

export class DataSourceError extends Error {
  readonly _tag = "DataSourceError";
}

/** The built-in dataset: `examples` procedural digit images for training, 2,000 fresh ones held out. */
export function builtIn(key: Key, examples: number): Source {
  const train = glyphDigits(fold(key, 1), { n: examples });
  const test = glyphDigits(fold(key, 2), { n: 2000 });
  return { name: `built-in glyph digits (${examples} train / 2000 test)`, train, test, featureShape: [28, 28], classes: 10 };
}

/** The fewest examples a data file may have (20% are held out for testing, then 10% of the rest for validation). */
export const MIN_EXAMPLES = 10;

/**
 * The most classes a data file may name (its largest label plus one). The model's last layer and
 * its optimizer state grow with the class count, so one stray label such as 5000000 would
 * otherwise ask for gigabytes before training starts.
 */
export const MAX_CLASSES = 1000;

/** Library errors about the data (a bad label, a shape that does not fit), as data errors naming the file. */
const asDataError = <A>(what: string, build: () => A): A => {
  try {
    return build();
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) throw new DataSourceError(`--data ${what}: ${e.message}`);
    throw e;
  }
};

/** The class count the labels imply, checked: every label in [0, MAX_CLASSES). */
const checkedClasses = (what: string, labels: ArrayLike<number>): number => {
  let classes = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] ?? 0;
    if (y < 0) throw new DataSourceError(`--data ${what}: the label ${y} of example ${i} is not a class id; expected an integer in [0, ${MAX_CLASSES - 1}]`);
    if (y >= MAX_CLASSES) throw new DataSourceError(`--data ${what}: the label ${y} of example ${i} would make ${y + 1} classes; at most ${MAX_CLASSES} are accepted`);
    classes = Math.max(classes, y + 1);
  }
  return classes;
};

const checkCount = (what: string, n: number): void => {
  if (n < MIN_EXAMPLES) {
    throw new DataSourceError(`--data ${what}: ${n} examples are too few; expected at least ${MIN_EXAMPLES} (20% are held out for testing, then 10% of the rest for validation)`);
  }
};

/** A folder of MNIST IDX files: the train split when present, else the first 8,000 / last 2,000 test images. */
export async function mnistFolder(dir: string): Promise<Source> {
  const loaded = await loadMnist(dir);
  if (E.isLeft(loaded)) throw new DataSourceError(`--data ${dir}: ${loaded.left.message}`);
  const { train, test } = loaded.right;
  const toDataset = (split: { readonly images: Parameters<typeof datasetFromRaw>[0]; readonly labels: Parameters<typeof datasetFromRaw>[1] }, name: string): Dataset<Shape> => {
    checkCount(dir, split.images.shape[0] ?? 0);
    return asDataError(dir, () => datasetFromRaw(split.images, split.labels, { name, classes: checkedClasses(dir, split.labels.data) }));
  };
  const featureShape = (train ?? test)?.images.shape.slice(1) ?? [];
  const classes = Math.max(...[train, test].map((s) => (s === undefined ? 0 : checkedClasses(dir, s.labels.data))));
  if (train !== undefined && test !== undefined) {
    const withClasses = (ds: Dataset<Shape>) => ({ ...ds, classes });
    return { name: `MNIST (${dir})`, train: withClasses(toDataset(train, "mnist-train")), test: withClasses(toDataset(test, "mnist-test")), featureShape, classes };
  }
  const only = train ?? test;
  if (only === undefined) throw new DataSourceError(`--data ${dir}: no MNIST image/label pair found (expected *-images-idx3-ubyte[.gz] with *-labels-idx1-ubyte[.gz])`);
  const all = toDataset(only, "mnist");
  const n = all.features.shape[0];
  const held = Math.min(2000, Math.floor(n / 5));
  return { name: `MNIST-${Math.round(n / 1000)}k (${dir}): first ${n - held} train / last ${held} held out`, train: slice(all, 0, n - held), test: slice(all, n - held), featureShape, classes };
}

/** A CSV file whose last column is an integer class label; 20% is held out. */
export async function csvFile(path: string, key: Key): Promise<Source> {
  const table = await loadCsvFile(path, { header: "auto", labelColumn: -1 });
  if (E.isLeft(table)) throw new DataSourceError(`--data ${path}: ${table.left.message}`);
  const { features, labels } = table.right;
  if (labels === undefined || labels.dtype !== "int32") throw new DataSourceError(`--data ${path}: the last column must hold integer class labels`);
  const n = features.shape[0] ?? 0;
  checkCount(path, n);
  if (features.shape[1] === 0) throw new DataSourceError(`--data ${path}: there are no feature columns besides the label; expected at least one`);
  const classes = Math.max(2, checkedClasses(path, labels.data));
  const all = asDataError(path, () => datasetFromRaw(features, labels, { name: path, classes }));
  const { train, test } = trainTestSplit(fold(key, 3), all, 0.2);
  return { name: `${path} (${train.features.shape[0]} train / ${test.features.shape[0]} test)`, train, test, featureShape: features.shape.slice(1), classes };
}

export { makeDataset };
