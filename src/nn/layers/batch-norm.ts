// batchNorm (Ioffe & Szegedy, 2015): normalizes each feature (the last axis; channels for NHWC)
// over the batch, then rescales it with learned γ and β:
//
//   BN: y = γ (x − μ_B) / √(σ²_B + ε) + β
//
// Training uses the batch's own statistics μ_B, σ²_B (mean and biased variance over every axis
// but the last) and returns updated running statistics as the new state:
//
//   μ ← m·μ + (1 − m)·μ_B        σ² ← m·σ² + (1 − m)·σ²_B        (momentum m, default 0.9)
//
// Evaluation uses the running statistics instead, so one example's output does not depend on
// the rest of its batch. Gradients flow through μ_B and σ²_B (that is what keeps activations
// well scaled layer after layer); the running statistics are state, not parameters, and carry
// no gradient.
import * as lax from "../../core/lax.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import { shapeToString } from "../../shape/runtime/show.js";
import { full } from "../../tensor/create.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../../tensor/tensor.js";
import { LayerConfigError } from "../errors.js";
import { defaultFloat } from "../float.js";
import { checkDType, makeLayer, type Layer } from "../layer.js";
import { checkCount, checkFeaturesLast, type FeaturesShape } from "./features.js";

export interface BatchNormParams<F extends number, D extends FloatDType = "float32"> {
  /** γ: scale per feature (initially 1). */
  readonly gamma: Tensor<[F], D>;
  /** β: offset per feature (initially 0). */
  readonly beta: Tensor<[F], D>;
}

export interface BatchNormState<F extends number, D extends FloatDType = "float32"> {
  /** Running mean per feature (initially 0). */
  readonly mean: Tensor<[F], D>;
  /** Running variance per feature (initially 1). */
  readonly variance: Tensor<[F], D>;
}

export interface BatchNormOptions<D extends FloatDType> {
  /** m in μ ← m·μ + (1 − m)·μ_B (default 0.9), in [0, 1]. */
  readonly momentum?: number;
  /** ε added to the variance (default 1e-5), > 0. */
  readonly epsilon?: number;
  readonly dtype?: D;
}

export type BatchNormLayer<F extends number, D extends FloatDType> =
  Layer<FeaturesShape<`batchNorm(${F})`, F>, BatchNormParams<F, D>, BatchNormState<F, D>, D>;

type T = AnyTensor;

/** (x − μ) / √(σ² + ε) · γ + β, with μ, σ², γ, β of shape [F] broadcast over x. */
function normalize(x: T, mean: T, variance: T, gamma: T, beta: T, epsilon: number): T {
  const b = (v: T): T => lax.broadcast(v, x.shape);
  const invStd = lax.div(lax.onesLike(variance), lax.sqrt(lax.add(variance, lax.fullLike(variance, epsilon))));
  return lax.add(lax.mul(lax.mul(lax.sub(x, b(mean)), b(invStd)), b(gamma)), b(beta));
}

/** Batch normalization over `features` trailing features. */
export function batchNorm<const F extends number, D extends FloatDType = "float32">(features: F, options: BatchNormOptions<D> = {}): BatchNormLayer<F, D> {
  const name = `batchNorm(${features})`;
  checkCount("batchNorm", "features", features);
  const momentum = options.momentum ?? 0.9;
  const epsilon = options.epsilon ?? 1e-5;
  if (!(momentum >= 0 && momentum <= 1)) throw new LayerConfigError(name, `momentum ${momentum}`, "a momentum in [0, 1]");
  if (!(epsilon > 0)) throw new LayerConfigError(name, `epsilon ${epsilon}`, "a positive epsilon");
  const dtype = options.dtype ?? defaultFloat<D>();
  return makeLayer<FeaturesShape<`batchNorm(${F})`, F>, BatchNormParams<F, D>, BatchNormState<F, D>, D>({
    name,
    stateful: true,
    traits: { trainingDiffers: true },
    init: () => ({ gamma: full([features], 1, dtype), beta: full([features], 0, dtype) }),
    initState: () => ({ mean: full([features], 0, dtype), variance: full([features], 1, dtype) }),
    run: (params, state, x, { train = false }) => {
      checkFeaturesLast(name, x.shape, features);
      checkDType(name, x, dtype);
      if (!train) return [normalize(x, state.mean, state.variance, params.gamma, params.beta, epsilon), state];
      // Batch statistics over every axis but the last.
      const axes = x.shape.slice(0, -1).map((_, i) => i);
      const n = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      if (n < 2) {
        throw new TensorShapeError(name, [x.shape], "at least 2 values per feature in a training batch (to estimate a variance)",
          `got ${n} value${n === 1 ? "" : "s"} per feature: ${shapeToString(x.shape)}`);
      }
      const mean = lax.scale(lax.reduceSum(x, axes), 1 / n);
      const centered = lax.sub(x, lax.broadcast(mean, x.shape));
      const variance = lax.scale(lax.reduceSum(lax.mul(centered, centered), axes), 1 / n);
      const y = normalize(x, mean, variance, params.gamma, params.beta, epsilon);
      const blend = (running: T, batch: T): T => lax.add(lax.scale(running, momentum), lax.scale(lax.stopGradient(batch), 1 - momentum));
      const next = { mean: blend(state.mean, mean), variance: blend(state.variance, variance) };
      // The blend of two [F] tensors of dtype D is again a [F] tensor of dtype D.
      return [y, next as BatchNormState<F, D>];
    },
  });
}
