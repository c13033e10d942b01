// layerNorm (Ba, Kiros & Hinton, 2016): normalizes each example over its last axis (its own
// features), then rescales with learned γ and β. Unlike batchNorm it does not look at the rest
// of the batch, so training and evaluation compute the same thing and there is no state.
//
//   LN: y = γ (x − μ) / √(σ² + ε) + β,    μ, σ² the mean and variance of x over the last axis
import * as lax from "../../core/lax.js";
import { full } from "../../tensor/create.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../../tensor/tensor.js";
import { LayerConfigError } from "../errors.js";
import { defaultFloat } from "../float.js";
import { checkDType, makeLayer, type Layer } from "../layer.js";
import { checkCount, checkFeaturesLast, type FeaturesShape } from "./features.js";

export interface LayerNormParams<F extends number, D extends FloatDType = "float32"> {
  /** γ: scale per feature (initially 1). */
  readonly gamma: Tensor<[F], D>;
  /** β: offset per feature (initially 0). */
  readonly beta: Tensor<[F], D>;
}

export interface LayerNormOptions<D extends FloatDType> {
  /** ε added to the variance (default 1e-5), > 0. */
  readonly epsilon?: number;
  readonly dtype?: D;
}

export type LayerNormLayer<F extends number, D extends FloatDType> = Layer<FeaturesShape<`layerNorm(${F})`, F>, LayerNormParams<F, D>, null, D>;

/** Layer normalization over `features` trailing features. */
export function layerNorm<const F extends number, D extends FloatDType = "float32">(features: F, options: LayerNormOptions<D> = {}): LayerNormLayer<F, D> {
  const name = `layerNorm(${features})`;
  checkCount("layerNorm", "features", features);
  const epsilon = options.epsilon ?? 1e-5;
  if (!(epsilon > 0)) throw new LayerConfigError(name, `epsilon ${epsilon}`, "a positive epsilon");
  const dtype = options.dtype ?? defaultFloat<D>();
  return makeLayer<FeaturesShape<`layerNorm(${F})`, F>, LayerNormParams<F, D>, null, D>({
    name,
    stateful: false,
    traits: { trainingDiffers: false },
    init: () => ({ gamma: full([features], 1, dtype), beta: full([features], 0, dtype) }),
    initState: () => null,
    run: (params, state, x) => {
      checkFeaturesLast(name, x.shape, features);
      checkDType(name, x, dtype);
      const last = x.shape.length - 1;
      const alongLast = (v: AnyTensor): AnyTensor => lax.expandReduced(lax.scale(lax.reduceSum(v, [last]), 1 / features), x.shape, [last]);
      const centered = lax.sub(x, alongLast(x));
      const variance = alongLast(lax.mul(centered, centered));
      const normalized = lax.div(centered, lax.sqrt(lax.add(variance, lax.fullLike(variance, epsilon))));
      const y = lax.add(lax.mul(normalized, lax.broadcast(params.gamma, x.shape)), lax.broadcast(params.beta, x.shape));
      return [y, state];
    },
  });
}
