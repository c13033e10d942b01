// Examples are rows: element i of a dataset is the slice [i, …] of its features and labels. These
// helpers gather rows of concrete tensors into fresh tensors, reading the source without copying
// it and wrapping the result without copying it again (the result is built here and owned by
// nobody else, so no caller can mutate it).

import type { Shape } from "../shape/index.js";
import { allocate, type DataOf, type DType } from "../tensor/dtype.js";
import { concreteData, Tensor } from "../tensor/tensor.js";
import { showShape } from "./checks.js";

/** A tensor whose first axis counts examples. */
export type Rows<F extends Shape, D extends DType> = Tensor<[number, ...F], D>;

/** The dims of one example: the shape without its leading example axis. */
export const exampleShape = <F extends Shape, D extends DType>(t: Rows<F, D>): F => {
  const [, ...rest] = t.shape;
  return rest;
};

/** The number of examples: the length of the leading axis. */
export const rowCount = <F extends Shape, D extends DType>(t: Rows<F, D>): number => t.shape[0];

/** Elements per example: the product of the example dims. */
export const rowSize = (shape: Shape): number => shape.slice(1).reduce((a, d) => a * d, 1);

/** A tensor of `count` rows of `example` dims holding `data` (taken over, not copied). */
export const wrapRows = <F extends Shape, D extends DType>(count: number, example: F, dtype: D, data: DataOf<D>): Rows<F, D> =>
  new Tensor<[number, ...F], D>([count, ...example], dtype, data);

/** The data of a concrete tensor, read in place; it must not be mutated. */
export const rowData = <F extends Shape, D extends DType>(op: string, t: Rows<F, D>): DataOf<D> => concreteData(t, op);

/**
 * Rows `indices[0]`, `indices[1]`, … of `t`, in that order (repeats allowed). Every index must
 * be an integer in [0, rows).
 */
export const gatherRows = <F extends Shape, D extends DType>(op: string, t: Rows<F, D>, indices: ArrayLike<number>): Rows<F, D> => {
  const source = rowData(op, t);
  const n = rowCount(t);
  const width = rowSize(t.shape);
  const out = allocate(t.dtype, indices.length * width);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    if (i === undefined || !Number.isInteger(i) || i < 0 || i >= n) {
      throw new RangeError(`${op}: index ${String(i)} at position ${r} is not a row of ${showShape(t.shape)}; expected an integer in [0, ${n - 1}]`);
    }
    out.set(source.subarray(i * width, (i + 1) * width), r * width);
  }
  return wrapRows(indices.length, exampleShape(t), t.dtype, out);
};

/** Rows start, …, end - 1 of `t` (0 ≤ start ≤ end ≤ rows), copied. */
export const sliceRows = <F extends Shape, D extends DType>(op: string, t: Rows<F, D>, start: number, end: number): Rows<F, D> => {
  const width = rowSize(t.shape);
  const out = allocate(t.dtype, (end - start) * width);
  out.set(rowData(op, t).subarray(start * width, end * width));
  return wrapRows(end - start, exampleShape(t), t.dtype, out);
};
