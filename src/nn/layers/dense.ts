// dense (fully connected, "linear"): y = x·W + b over the last axis, W: [n_in, n_out], b: [n_out].
// Any leading axes are batch axes: [..., n_in] → [..., n_out].
import * as lax from "../../core/lax.js";
import { split, type Key } from "../../random/key.js";
import type { Shape } from "../../shape/dim.js";
import type { ShapeError } from "../../shape/error.js";
import type { DimCompat } from "../../shape/same.js";
import type { ShowDim } from "../../shape/show.js";
import type { ShowInput } from "../shape/show.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { glorotUniform, initializers, type Initializer } from "../init.js";
import { checkDType, makeLayer, type InputOf, type Layer, type ShapeFn } from "../layer.js";
import { checkCount, checkFeaturesLast } from "./features.js";
import { defaultFloat } from "../float.js";

/** [..., O] for an input [..., I], else a ShapeError naming the dims. */
export type DenseOutput<S extends Shape, I extends number, O extends number> =
  S extends readonly [...infer Lead extends Shape, infer Last extends number]
    ? DimCompat<Last, I> extends true ? [...Lead, O] : ShapeError<`dense(${I} → ${O}): expects an input [..., ${I}], got ${ShowInput<S>} (last dim ${ShowDim<Last>})`, Last, I>
    : number extends S["length"] ? [...number[], O]
    : ShapeError<`dense(${I} → ${O}): expects an input [..., ${I}], got a scalar`, S, I>;

export interface DenseShape<I extends number, O extends number> extends ShapeFn {
  readonly label: `dense(${I} → ${O})`;
  readonly accepts: readonly [...number[], I];
  readonly output: DenseOutput<InputOf<this>, I, O>;
}

export interface DenseParams<I extends number, O extends number, D extends FloatDType = "float32"> {
  readonly w: Tensor<[I, O], D>;
  readonly b: Tensor<[O], D>;
}

export interface DenseOptions<D extends FloatDType> {
  /** Parameter dtype (default float32); inputs must have it too. */
  readonly dtype?: D;
  /** How W is drawn (default glorotUniform). */
  readonly init?: Initializer;
  /** How b is drawn (default zeros). */
  readonly biasInit?: Initializer;
}

export type DenseLayer<I extends number, O extends number, D extends FloatDType> = Layer<DenseShape<I, O>, DenseParams<I, O, D>, null, D>;

/** A dense layer from n_in = `inFeatures` to n_out = `outFeatures`: y = x·W + b. */
export function dense<const I extends number, const O extends number, D extends FloatDType = "float32">(
  inFeatures: I, outFeatures: O, options: DenseOptions<D> = {},
): DenseLayer<I, O, D> {
  const name = `dense(${inFeatures} → ${outFeatures})`;
  checkCount("dense", "inFeatures", inFeatures);
  checkCount("dense", "outFeatures", outFeatures);
  const dtype = options.dtype ?? defaultFloat<D>();
  return makeLayer<DenseShape<I, O>, DenseParams<I, O, D>, null, D>({
    name,
    stateful: false,
    traits: { trainingDiffers: false },
    init: (key: Key) => {
      const [kw, kb] = split(key);
      return {
        w: (options.init ?? glorotUniform)(kw, [inFeatures, outFeatures], dtype),
        b: (options.biasInit ?? initializers.zeros)(kb, [outFeatures], dtype),
      };
    },
    initState: () => null,
    run: (params, state, x) => {
      checkFeaturesLast(name, x.shape, inFeatures);
      checkDType(name, x, dtype);
      // Every leading axis is a batch axis: one matrix product over the rows [-1, n_in].
      const lead = x.shape.slice(0, -1);
      const rows = lax.reshape(x, [lead.reduce((a, b) => a * b, 1), inFeatures]);
      const y = lax.dot(rows, params.w);
      const withBias = lax.add(y, lax.broadcast(params.b, y.shape));
      return [lax.reshape(withBias, [...lead, outFeatures]), state];
    },
  });
}

