// The type-level composition of layers, for sequential: each layer's shape rule applied to the
// previous layer's output, dtypes carried along, and the first failure reported as a ShapeError
// that names both layers and the dims:
//
//   sequential: layer 3 (after layer 2 relu): dense(100 → 10): expects an input [..., 100],
//   got [..., 128] (last dim 128)
import type { Add } from "../../shape/arith/add.js";
import type { Shape } from "../../shape/dim.js";
import type { AnyShapeError, ShapeError } from "../../shape/error.js";
import type { DType, FloatDType } from "../../tensor/dtype.js";
import type { DTypeInOf, DTypeOutOf, GenericOutputShape, OutDType, OutputShape, ShapeFn, ShapeFnOf } from "../layer.js";

/** A dtype (or a set of them) as text. */
type ShowDType<D extends DType> =
  [DType] extends [D] ? "any dtype"
  : [FloatDType] extends [D] ? ([D] extends [FloatDType] ? "float32 or float64" : `${D}`)
  : `${D}`;

/** The label of a layer's shape rule. */
export type LabelOf<L> = ShapeFnOf<L> extends infer F extends ShapeFn ? F["label"] : "layer";

/** One layer applied to an input of shape S and dtype(s) D: [output shape, output dtype(s)] or
 *  a ShapeError. The input dtypes are narrowed to those the layer accepts; none is an error. */
export type Step<L, S extends Shape, D extends DType, Generic extends boolean = false> =
  ShapeFnOf<L> extends infer F extends ShapeFn
    ? [Extract<D, DTypeInOf<L>>] extends [never]
      ? ShapeError<`${F["label"]}: expects ${ShowDType<DTypeInOf<L>>} input, got ${ShowDType<D>}`, D, DTypeInOf<L>>
      : (Generic extends true ? GenericOutputShape<F, S> : OutputShape<F, S>) extends infer R
        ? R extends AnyShapeError ? R
        : R extends readonly (infer _ extends number)[] ? [R, OutDType<DTypeOutOf<L>, Extract<D, DTypeInOf<L>>>]
        : never
        : never
    : never;

/** The layers Ls applied in order to S and D: [output shape, dtype(s)], or the first ShapeError
 *  with the layer's position and the layer before it. With Generic, each layer's generic rule
 *  (see ShapeFn.generic) is applied instead of its exact one. */
export type Chain<Ls extends readonly unknown[], S extends Shape, D extends DType, Prev extends string = "the input", I extends number = 1, Generic extends boolean = false> =
  Ls extends readonly [infer L, ...infer Rest]
    ? Step<L, S, D, Generic> extends infer R
      ? R extends ShapeError<infer M extends string, infer A, infer B>
        ? ShapeError<`sequential: layer ${I} (after ${Prev}): ${M}`, A, B>
        : R extends [infer S2 extends readonly (infer _ extends number)[], infer D2 extends DType]
          ? Chain<Rest, S2, D2, `layer ${I} ${LabelOf<L>}`, Add<I, 1>, Generic>
          : never
      : never
    : [S, D];

/** The most general input of the first layer. */
export type AcceptsOf<Ls extends readonly unknown[]> =
  Ls extends readonly [infer L, ...unknown[]] ? (ShapeFnOf<L> extends infer F extends ShapeFn ? F["accepts"] : Shape) : Shape;

/** The input dtypes the whole chain accepts: narrowed by every layer up to the first one that
 *  fixes its output dtype (after it, the input dtype no longer matters). */
export type ChainDTypeIn<Ls extends readonly unknown[], D extends DType = DType> =
  Ls extends readonly [infer L, ...infer Rest]
    ? DTypeOutOf<L> extends "same" ? ChainDTypeIn<Rest, Extract<D, DTypeInOf<L>>> : Extract<D, DTypeInOf<L>>
    : D;

/** The output dtype of the chain: that of the last layer that fixes one, else the input's. */
export type ChainDTypeOut<Ls extends readonly unknown[], Acc extends DType | "same" = "same"> =
  Ls extends readonly [infer L, ...infer Rest]
    ? ChainDTypeOut<Rest, DTypeOutOf<L> extends "same" ? Acc : DTypeOutOf<L>>
    : Acc;

/** `unknown` when the layers compose on the first layer's most general input, else the
 *  ShapeError; only mismatches that every input would hit are reported here (dims the first
 *  layer leaves open are `number`, which every rule accepts), the rest at `apply`. */
export type ChainCheck<Ls extends readonly unknown[]> =
  Ls extends readonly [infer First, ...unknown[]]
    ? Chain<Ls, AcceptsOf<Ls>, DTypeInOf<First>> extends infer R ? (R extends AnyShapeError ? R : unknown) : never
    : unknown;
