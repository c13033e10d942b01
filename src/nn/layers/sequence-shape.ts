// The shape rules of layers over sequences [..., T, F]: T positions (time, tokens) of F features
// each, after any leading batch axes. Shape-keeping layers (attention, positional embeddings,
// transformer blocks) need the rank to be at least 2 and the last dim to be F; recurrent layers
// map the features F to a hidden size H, keeping every step ([..., T, H]) or only the last
// ([..., H]).
import type { Shape } from "../../shape/dim.js";
import type { ShapeError } from "../../shape/error.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import { shapeToString } from "../../shape/runtime/show.js";
import type { DimCompat } from "../../shape/same.js";
import type { ShowDim } from "../../shape/show.js";
import type { ShowInput } from "../shape/show.js";
import type { InputOf, ShapeFn } from "../layer.js";

/** `Out` when S is a sequence [..., T, F] (Lead and T are passed to Out), else a ShapeError. */
type OnSequence<Label extends string, S extends Shape, F extends number, Out> =
  S extends readonly [...infer _Lead extends Shape, infer _T extends number, infer Last extends number]
    ? DimCompat<Last, F> extends true ? Out : ShapeError<`${Label}: expects a sequence [..., T, ${F}], got ${ShowInput<S>} (last dim ${ShowDim<Last>})`, Last, F>
    : number extends S["length"] ? Out
    : ShapeError<`${Label}: expects a sequence [..., T, ${F}], got ${ShowInput<S>}`, S, F>;

/** S itself when it is a sequence [..., T, F], else a ShapeError naming the dims. */
export type SequenceLast<Label extends string, S extends Shape, F extends number> = OnSequence<Label, S, F, S>;

/** The ShapeFn of a layer that maps sequences [..., T, F] to sequences of the same shape. */
export interface SequenceShape<Label extends string, F extends number> extends ShapeFn {
  readonly label: Label;
  readonly accepts: readonly [...number[], number, F];
  readonly output: SequenceLast<Label, InputOf<this>, F>;
}

/** [..., T, H] for every step of a sequence [..., T, I]. */
export type EveryStep<S extends Shape, H extends number> =
  S extends readonly [...infer Lead extends Shape, infer T extends number, infer _Last extends number] ? [...Lead, T, H] : [...number[], number, H];
/** [..., H] for the last step of a sequence [..., T, I]. */
export type LastStep<S extends Shape, H extends number> =
  S extends readonly [...infer Lead extends Shape, infer _T extends number, infer _Last extends number] ? [...Lead, H] : [...number[], H];

/** The ShapeFn of a recurrent layer from I features to H hidden units, returning every step
 *  (`Every` true) or the last one. */
export interface RecurrentShape<Label extends string, I extends number, H extends number, Every extends boolean> extends ShapeFn {
  readonly label: Label;
  readonly accepts: readonly [...number[], number, I];
  readonly output: OnSequence<Label, InputOf<this>, I, Every extends true ? EveryStep<InputOf<this>, H> : LastStep<InputOf<this>, H>>;
}

/** The runtime form: throws a TensorShapeError unless `shape` is [..., T, features] with T ≥ 1. */
export function checkSequence(layer: string, shape: readonly number[], features: number): void {
  if (shape.length < 2 || shape[shape.length - 1] !== features || (shape[shape.length - 2] ?? 0) < 1) {
    throw new TensorShapeError(layer, [shape], `a sequence [..., T, ${features}] with T >= 1`, `got ${shapeToString(shape)}`);
  }
}
