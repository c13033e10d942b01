// rmsNorm (Zhang & Sennrich, 2019): layerNorm without the centring. Each example is divided by
// the root mean square of its last axis and rescaled by a learned γ; there is no β and no mean
// to subtract, which is cheaper and, in transformers, trains as well.
//
//   RMSNorm: y = γ x / √(mean(x²) + ε),    the mean over the last axis (the features)
import * as lax from "../../core/lax.js";
import { full } from "../../tensor/create.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { LayerConfigError } from "../errors.js";
import { defaultFloat } from "../float.js";
import { checkDType, makeLayer, type Layer } from "../layer.js";
import { checkCount, checkFeaturesLast, type FeaturesShape } from "./features.js";

export interface RmsNormParams<F extends number, D extends FloatDType = "float32"> {
  /** γ: scale per feature (initially 1). */
  readonly gamma: Tensor<[F], D>;
}

export interface RmsNormOptions<D extends FloatDType> {
  /** ε added to the mean square (default 1e-6), > 0. */
  readonly epsilon?: number;
  readonly dtype?: D;
}

export type RmsNormLayer<F extends number, D extends FloatDType> = Layer<FeaturesShape<`rmsNorm(${F})`, F>, RmsNormParams<F, D>, null, D>;

/** Root-mean-square normalization over `features` trailing features. */
export function rmsNorm<const F extends number, D extends FloatDType = "float32">(features: F, options: RmsNormOptions<D> = {}): RmsNormLayer<F, D> {
  const name = `rmsNorm(${features})`;
  checkCount("rmsNorm", "features", features);
  const epsilon = options.epsilon ?? 1e-6;
  if (!(epsilon > 0)) throw new LayerConfigError(name, `epsilon ${epsilon}`, "a positive epsilon");
  const dtype = options.dtype ?? defaultFloat<D>();
  return makeLayer<FeaturesShape<`rmsNorm(${F})`, F>, RmsNormParams<F, D>, null, D>({
    name,
    stateful: false,
    traits: { trainingDiffers: false },
    init: () => ({ gamma: full([features], 1, dtype) }),
    initState: () => null,
    run: (params, state, x) => {
      checkFeaturesLast(name, x.shape, features);
      checkDType(name, x, dtype);
      const last = x.shape.length - 1;
      const meanSquare = lax.expandReduced(lax.scale(lax.reduceSum(lax.mul(x, x), [last]), 1 / features), x.shape, [last]);
      const normalized = lax.div(x, lax.sqrt(lax.add(meanSquare, lax.fullLike(meanSquare, epsilon))));
      return [lax.mul(normalized, lax.broadcast(params.gamma, x.shape)), state];
    },
  });
}
