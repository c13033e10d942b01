// Axes: normalising an axis number against a shape (negative axes count from the end, -1 is
// the last) and reading the dim at an axis.
import type { Shape } from "../dim.js";
import type { ShapeError } from "../error.js";
import type { ShowShape } from "../show.js";
import type { Sub } from "../arith/sub.js";

/** The index 0..rank-1 that axis Ax names in a tuple of that rank, or never when out of range.
 *  A negative axis -k names index rank − k (valid for 1 ≤ k ≤ rank). */
export type AxisIndex<S extends readonly unknown[], Ax extends number> =
  `${Ax}` extends `-${infer K extends number}`
    ? Sub<S["length"], K> extends infer I extends number ? (number extends I ? never : I) : never
    : `${Ax}` extends keyof S ? Ax : never;

/** The index at which a new axis Ax is inserted into S: -rank-1..rank, where -1 appends.
 *  These are exactly the axes of a shape one longer than S. */
export type InsertIndex<S extends readonly unknown[], Ax extends number> = AxisIndex<[...S, unknown], Ax>;

// The errors are written out in full at each rule rather than through a shared alias: tsc
// prints an alias by its name, which would hide the message.

/** Axis Ax of S as an index 0..rank-1, or a ShapeError naming the axis and the shape. */
export type NormAxis<S extends Shape, Ax extends number, Op extends string = "normAxis"> =
  number extends Ax ? ShapeError<`${Op}: axis must be a number literal, got number`, number, S>
  : [AxisIndex<S, Ax>] extends [never] ? ShapeError<`${Op}: axis ${Ax} is out of range for ${ShowShape<S>}`, Ax, S>
  : AxisIndex<S, Ax>;

/** The insertion index of a new axis Ax into S (see InsertIndex), or a ShapeError. */
export type NormInsertAxis<S extends Shape, Ax extends number, Op extends string> =
  number extends Ax ? ShapeError<`${Op}: axis must be a number literal, got number`, number, S>
  : [InsertIndex<S, Ax>] extends [never] ? ShapeError<`${Op}: axis ${Ax} is out of range for ${ShowShape<S>}`, Ax, S>
  : InsertIndex<S, Ax>;

/** The dim at axis Ax of S, or a ShapeError naming the axis and the shape. */
export type DimAt<S extends Shape, Ax extends number, Op extends string = "dimAt"> =
  NormAxis<S, Ax, Op> extends infer I ? (I extends number ? S[I] : I) : never;

/** The check an axis argument of a shape-preserving op (softmax, logSoftmax, ...) gets: like
 *  NormAxis for a shape of known rank; for a shape of unknown rank any literal axis is accepted
 *  (the runtime checks it against the actual rank). `unknown` when fine, else the ShapeError. */
export type AxisCheck<S extends Shape, Ax extends number, Op extends string> =
  number extends Ax ? ShapeError<`${Op}: axis must be a number literal, got number`, number, S>
  : number extends S["length"] ? unknown
  : NormAxis<S, Ax, Op> extends infer R ? (R extends number ? unknown : R) : never;
