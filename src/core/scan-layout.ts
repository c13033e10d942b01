// How a scan equation lays out its operands and its one output.
//
//   operands:  [consts…, carries…, xs…]    consts are the same at every step; each xs operand has
//                                          the steps on its leading axis ([length, …])
//   body:      [consts…, carries…, x_t…] ↦ [carries…, y_t…]
//   output:    one vector of `dtype` packing, in order, each final carry and each stacked
//              ys = [y_0, …, y_{length-1}] ([length, …]), each flattened row-major
//
// Primitives have one output, so the scan's several results travel packed; `unpackScan` takes
// them apart again (slices and reshapes, which every transformation and the compiler handle).

import type { DType } from "../tensor/dtype.js";
import type { AnyTensor } from "../tensor/tensor.js";
import * as lax from "./lax.js";
import type { ScanParams } from "./primitives.js";
import type { Program } from "./program.js";
import type { Aval } from "./trace.js";

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** One result inside the packed output. */
export interface ScanPiece {
  readonly offset: number;
  readonly size: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** Each final carry, then each stacked ys, with its place in the packed output. */
export function scanPieces(body: Program, carries: number, length: number): ScanPiece[] {
  let offset = 0;
  return body.outputs.map((o, j) => {
    const shape = j < carries ? o.aval.shape : [length, ...o.aval.shape];
    const size = sizeOf(shape);
    const piece = { offset, size, shape, dtype: o.aval.dtype };
    offset += size;
    return piece;
  });
}

export const packedLength = (pieces: readonly ScanPiece[]): number => pieces.reduce((n, p) => n + p.size, 0);

/** A dtype that holds every result exactly: theirs when they share one, else float64 (which holds float32, int32 and bool exactly). */
export function packedDType(dtypes: readonly DType[]): DType {
  const first = dtypes[0];
  return first !== undefined && dtypes.every((d) => d === first) ? first : "float64";
}

/** The operands of a scan equation, by role. */
export function scanOperands<X>(operands: readonly X[], p: Pick<ScanParams, "consts" | "carries">): { consts: X[]; carries: X[]; xs: X[] } {
  return {
    consts: operands.slice(0, p.consts),
    carries: operands.slice(p.consts, p.consts + p.carries),
    xs: operands.slice(p.consts + p.carries),
  };
}

/** The results packed in `packed`, each with its own shape and dtype. */
export function unpackScan(packed: AnyTensor, pieces: readonly ScanPiece[]): AnyTensor[] {
  return pieces.map((p) => {
    const flat = lax.slice(packed, [p.offset], [p.offset + p.size]);
    return lax.convert(lax.reshape(flat, p.shape), p.dtype);
  });
}

/** Results packed into one vector of `dtype` (the inverse of unpackScan). */
export function packScan(parts: readonly AnyTensor[], dtype: DType): AnyTensor {
  if (parts.length === 0) return lax.full([0], 0, dtype);
  const flats = parts.map((t) => lax.reshape(lax.convert(t, dtype), [t.size]));
  return flats.length === 1 && flats[0] !== undefined ? flats[0] : lax.concatenate(flats, 0);
}

/** What the body sees of an xs operand at one step: its aval without the leading axis. */
export const stepAval = (a: Aval): Aval => ({ shape: a.shape.slice(1), dtype: a.dtype });

/**
 * A traced body with the values it captured (parameters it closes over, perhaps values of an
 * enclosing transformation) turned into leading inputs: they become the scan's consts, operands
 * that every transformation sees.
 */
export function hoistConsts(program: Program): { readonly body: Program; readonly captured: readonly AnyTensor[] } {
  return {
    body: { inputs: [...program.consts, ...program.inputs], consts: [], constValues: [], eqns: program.eqns, outputs: program.outputs },
    captured: program.constValues,
  };
}
