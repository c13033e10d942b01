// The shape rule of layers that act on a trailing feature axis and keep the shape
// (batchNorm, layerNorm): the last dim must be the layer's feature count.
import type { Shape } from "../../shape/dim.js";
import type { ShapeError } from "../../shape/error.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import { shapeToString } from "../../shape/runtime/show.js";
import type { DimCompat } from "../../shape/same.js";
import type { ShowDim } from "../../shape/show.js";
import type { ShowInput } from "../shape/show.js";
import type { InputOf, ShapeFn } from "../layer.js";

/** S itself when its last dim is F, else a ShapeError naming both. */
export type FeaturesLast<Label extends string, S extends Shape, F extends number> =
  S extends readonly [...infer _Lead extends Shape, infer Last extends number]
    ? DimCompat<Last, F> extends true ? S : ShapeError<`${Label}: expects an input [..., ${F}], got ${ShowInput<S>} (last dim ${ShowDim<Last>})`, Last, F>
    : number extends S["length"] ? S
    : ShapeError<`${Label}: expects an input [..., ${F}], got a scalar`, S, F>;

/** The ShapeFn of a shape-preserving layer over F trailing features. */
export interface FeaturesShape<Label extends string, F extends number> extends ShapeFn {
  readonly label: Label;
  readonly accepts: readonly [...number[], F];
  readonly output: FeaturesLast<Label, InputOf<this>, F>;
}

/** The runtime form: throws a TensorShapeError unless the last dim of `shape` is `features`. */
export function checkFeaturesLast(layer: string, shape: readonly number[], features: number): void {
  if (shape.length === 0 || shape[shape.length - 1] !== features) {
    throw new TensorShapeError(layer, [shape], `an input [..., ${features}]`, `got ${shapeToString(shape)}`);
  }
}

/** Throws unless `n` is a positive integer: a feature or unit count. */
export function checkCount(layer: string, name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${layer}: ${name} must be a positive integer, got ${String(n)}`);
}
