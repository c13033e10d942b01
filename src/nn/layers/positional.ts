// Positional embeddings: attention treats its input as a set, so a transformer is told where
// each token stands by adding a vector that depends on the position t alone, to every example:
//
//   y[..., t, :] = x[..., t, :] + P[t, :]
//
// learnedPositions learns P (a table of maxLength rows, as in BERT and GPT); sinusoidalPositions
// uses the fixed table of Vaswani et al. (2017), in which every pair of features is a rotation
// at its own frequency, so P[t + k] is a linear function of P[t] for every offset k:
//
//   P[t, 2i] = sin(t / 10000^(2i / F)),    P[t, 2i + 1] = cos(t / 10000^(2i / F))
import * as lax from "../../core/lax.js";
import type { Key } from "../../random/key.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import { shapeToString } from "../../shape/runtime/show.js";
import { fromArray } from "../../tensor/create.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../../tensor/tensor.js";
import { defaultFloat } from "../float.js";
import { gaussian, type Initializer } from "../init.js";
import { checkDType, checkFloat, makeLayer, type Layer } from "../layer.js";
import { checkCount } from "./features.js";
import { checkSequence, type SequenceShape } from "./sequence-shape.js";

/** The sinusoidal table P: [length, features] (see the header). */
export function sinusoidalTable<const T extends number, const F extends number, D extends FloatDType = "float32">(
  length: T, features: F, dtype?: D,
): Tensor<[T, F], D> {
  checkCount("sinusoidalTable", "length", length);
  checkCount("sinusoidalTable", "features", features);
  const values = new Float64Array(length * features);
  for (let t = 0; t < length; t++) {
    for (let f = 0; f < features; f++) {
      const pair = f - (f % 2); // 2i
      const angle = t / Math.pow(10000, pair / features);
      values[t * features + f] = f % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return fromArray(values, [length, features], dtype ?? defaultFloat<D>());
}

/** x + P[:T] for x: [..., T, F] and a table P: [L, F] with T ≤ L. */
function addPositions(name: string, x: AnyTensor, table: AnyTensor): AnyTensor {
  const length = x.shape[x.shape.length - 2] ?? 0;
  const rows = table.shape[0] ?? 0;
  if (length > rows) {
    throw new TensorShapeError(name, [x.shape], `a sequence of at most ${rows} positions`, `got ${shapeToString(x.shape)} (${length} positions)`);
  }
  const features = table.shape[1] ?? 0;
  const used = length === rows ? table : lax.slice(table, [0, 0], [length, features]);
  return lax.add(x, lax.broadcast(used, x.shape));
}

export interface LearnedPositionsParams<L extends number, F extends number, D extends FloatDType = "float32"> {
  /** P: one learned row per position. */
  readonly table: Tensor<[L, F], D>;
}

export interface LearnedPositionsOptions<D extends FloatDType> {
  readonly dtype?: D;
  /** How P is drawn (default N(0, 0.02²), as in GPT-2). */
  readonly init?: Initializer;
}

export type LearnedPositionsLayer<L extends number, F extends number, D extends FloatDType> =
  Layer<SequenceShape<`learnedPositions(${L}, ${F})`, F>, LearnedPositionsParams<L, F, D>, null, D>;

/** Adds a learned vector per position to sequences [..., T, features] of up to `maxLength` positions. */
export function learnedPositions<const L extends number, const F extends number, D extends FloatDType = "float32">(
  maxLength: L, features: F, options: LearnedPositionsOptions<D> = {},
): LearnedPositionsLayer<L, F, D> {
  const name = `learnedPositions(${maxLength}, ${features})`;
  checkCount("learnedPositions", "maxLength", maxLength);
  checkCount("learnedPositions", "features", features);
  const dtype = options.dtype ?? defaultFloat<D>();
  return makeLayer<SequenceShape<`learnedPositions(${L}, ${F})`, F>, LearnedPositionsParams<L, F, D>, null, D>({
    name,
    stateful: false,
    traits: { trainingDiffers: false },
    init: (key: Key) => ({ table: (options.init ?? gaussian(0.02))(key, [maxLength, features], dtype) }),
    initState: () => null,
    run: (params, state, x) => {
      checkSequence(name, x.shape, features);
      checkDType(name, x, dtype);
      return [addPositions(name, x, params.table), state];
    },
  });
}

export type SinusoidalPositionsLayer<F extends number> = Layer<SequenceShape<`sinusoidalPositions(${F})`, F>, null>;

/** Adds the fixed sinusoidal table to sequences [..., T, features] (of any length; no parameters). */
export function sinusoidalPositions<const F extends number>(features: F): SinusoidalPositionsLayer<F> {
  const name = `sinusoidalPositions(${features})`;
  checkCount("sinusoidalPositions", "features", features);
  return makeLayer<SequenceShape<`sinusoidalPositions(${F})`, F>, null>({
    name,
    stateful: false,
    traits: { trainingDiffers: false },
    init: () => null,
    initState: () => null,
    run: (_params, state, x) => {
      checkSequence(name, x.shape, features);
      checkFloat(name, x);
      const length = x.shape[x.shape.length - 2] ?? 1;
      return [addPositions(name, x, sinusoidalTable(length, features, x.dtype)), state];
    },
  });
}
