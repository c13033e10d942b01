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

/** A folder of MNIST IDX files: the train split when present, else the first 8,000 / last 2,000 test images. */
export async function mnistFolder(dir: string): Promise<Source> {
  const loaded = await loadMnist(dir);
  if (E.isLeft(loaded)) throw new DataSourceError(`--data ${dir}: ${loaded.left.message}`);
  const { train, test } = loaded.right;
  const toDataset = (split: { readonly images: Parameters<typeof datasetFromRaw>[0]; readonly labels: Parameters<typeof datasetFromRaw>[1] }, name: string): Dataset<Shape> =>
    datasetFromRaw(split.images, split.labels, { name });
  if (train !== undefined && test !== undefined) {
    return { name: `MNIST (${dir})`, train: toDataset(train, "mnist-train"), test: toDataset(test, "mnist-test"), featureShape: [28, 28], classes: 10 };
  }
  const only = train ?? test;
  if (only === undefined) throw new DataSourceError(`--data ${dir}: no MNIST image/label pair found (expected *-images-idx3-ubyte[.gz] with *-labels-idx1-ubyte[.gz])`);
  const all = toDataset(only, "mnist");
  const n = all.features.shape[0];
  const held = Math.min(2000, Math.floor(n / 5));
  return { name: `MNIST-${Math.round(n / 1000)}k (${dir}): first ${n - held} train / last ${held} held out`, train: slice(all, 0, n - held), test: slice(all, n - held), featureShape: [28, 28], classes: 10 };
}

/** The fewest rows a CSV file may have. */
export const MIN_CSV_EXAMPLES = 10;

/** A CSV file whose last column is an integer class label; 20% is held out. */
export async function csvFile(path: string, key: Key): Promise<Source> {
  const table = await loadCsvFile(path, { header: "auto", labelColumn: -1 });
  if (E.isLeft(table)) throw new DataSourceError(`--data ${path}: ${table.left.message}`);
  const { features, labels } = table.right;
  if (labels === undefined || labels.dtype !== "int32") throw new DataSourceError(`--data ${path}: the last column must hold integer class labels`);
  const all = datasetFromRaw(features, labels, { name: path });
  // 20% is held out for testing and the loop holds out 10% of the rest for validation: each needs examples.
  const n = all.features.shape[0];
  if (n < MIN_CSV_EXAMPLES) {
    throw new DataSourceError(`--data ${path}: ${n} examples are too few; expected at least ${MIN_CSV_EXAMPLES} (20% are held out for testing, then 10% of the rest for validation)`);
  }
  const { train, test } = trainTestSplit(fold(key, 3), all, 0.2);
  const classes = all.classes ?? 2;
  return { name: `${path} (${train.features.shape[0]} train / ${test.features.shape[0]} test)`, train, test, featureShape: features.shape.slice(1), classes };
}

export { makeDataset };
