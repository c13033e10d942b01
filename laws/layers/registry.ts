// The layer registry: for every export of tygrad/nn that makes a layer, the layers (float64
// configurations) and inputs that checkLayer runs on it. Its type has one key per such export,
// found from the module's own types (`LayerFactoryName`), so a new layer that is not registered
// here is a compile error in this file, and the enumeration test (test/laws/layers.test.ts)
// runs checkLayer on every entry.
//
// Registering a layer: add `myLayer: () => [{ layer: nn.myLayer(…, f64), options: { inputShape } }]`
// (options as for checkLayer: `input` for inputs that need a shape of their own, as the
// normalizations and pools do below). Entries are functions so that importing tygrad/laws
// builds no layer.

import fc from "fast-check";
import * as nn from "../../src/nn/index.js";
import type { AnyLayer } from "../../src/nn/layer.js";
import { fromArray } from "../../src/tensor/create.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import * as lax from "../../src/core/lax.js";
import { awayFromKinks, distinctTensor, int32Tensor, interval, tensorOf } from "../arbitraries.js";
import type { CheckLayerOptions } from "./check-layer.js";

type NN = typeof nn;

/** The exports of tygrad/nn that return a layer: each must have a registry entry. */
export type LayerFactoryName = { readonly [K in keyof NN]: NN[K] extends (...args: never[]) => AnyLayer ? K : never }[keyof NN];

/** One configuration of a layer and the inputs to check it on. */
export interface LayerExample {
  readonly layer: AnyLayer;
  readonly options: CheckLayerOptions;
}

export type LayerRegistry = { readonly [K in LayerFactoryName]: () => readonly LayerExample[] };

const f64 = { dtype: "float64" } as const;

/**
 * [N, F] inputs whose normalized groups are well spread: x + 3i along the batch (axis 0, for
 * batchNorm) or x + 3f along the features (axis 1, layerNorm). Near zero variance the ε in
 * √(σ² + ε) makes the function curve on a scale of √ε ≈ 0.003, too sharp for finite differences.
 */
const spread = (dims: readonly [number, number], axis: 0 | 1): fc.Arbitrary<AnyTensor> =>
  tensorOf(dims).map((t) => {
    const [, f] = dims;
    return fromArray(Array.from(t.toArray(), (v, i) => v + 3 * (axis === 0 ? Math.floor(i / f) : i % f)), dims, "float64");
  });

/** A layer written with makeLayer, as a user writes one: y = a·tanh(x) + c, per feature. */
function scaledTanh(features: number): AnyLayer {
  return nn.makeLayer({
    name: `scaledTanh(${features})`,
    stateful: false,
    traits: { trainingDiffers: false },
    init: () => ({ a: lax.full([features], 1, "float64"), c: lax.full([features], 0, "float64") }),
    initState: () => null,
    run: (params, state, x) => {
      const y = lax.add(lax.mul(lax.broadcast(params.a, x.shape), lax.tanh(x)), lax.broadcast(params.c, x.shape));
      return [y, state];
    },
  });
}

export const LAYER_REGISTRY: LayerRegistry = {
  makeLayer: () => [{ layer: scaledTanh(4), options: { inputShape: [3, 4] } }],
  dense: () => [{ layer: nn.dense(4, 3, f64), options: { inputShape: [3, 4] } }],
  conv2d: () => [
    { layer: nn.conv2d(2, 3, 3, { padding: "same", ...f64 }), options: { inputShape: [2, 5, 4, 2] } },
    { layer: nn.conv2d(2, 2, [3, 2], { stride: [2, 1], padding: 1, dilation: [1, 2], ...f64 }), options: { inputShape: [1, 5, 5, 2] } },
  ],
  // Max pooling has a kink where two elements of a window tie.
  maxPool2d: () => [{ layer: nn.maxPool2d(2), options: { inputShape: [2, 4, 4, 2], input: distinctTensor([2, 4, 4, 2], -4, 4, 0.01) } }],
  avgPool2d: () => [{ layer: nn.avgPool2d([2, 1]), options: { inputShape: [2, 5, 4, 2] } }],
  batchNorm: () => [{ layer: nn.batchNorm(4, f64), options: { inputShape: [3, 4], input: spread([3, 4], 0) } }],
  layerNorm: () => [{ layer: nn.layerNorm(4, f64), options: { inputShape: [3, 4], input: spread([3, 4], 1) } }],
  dropout: () => [{ layer: nn.dropout(0.3), options: { inputShape: [3, 4] } }],
  embedding: () => [{ layer: nn.embedding(5, 3, f64), options: { inputShape: [2, 3], input: int32Tensor([2, 3], 0, 4) } }],
  flatten: () => [{ layer: nn.flatten(), options: { inputShape: [2, 3, 2] } }],
  activation: () => [
    { layer: nn.activation(nn.gelu, "gelu"), options: { inputShape: [3, 4] } },
    { layer: nn.activation(nn.relu, "relu"), options: { inputShape: [3, 4], input: awayFromKinks("relu", [3, 4]) } },
  ],
  residual: () => [{ layer: nn.residual(nn.dense(4, 4, f64)), options: { inputShape: [3, 4] } }],
  rmsNorm: () => [{ layer: nn.rmsNorm(4, f64), options: { inputShape: [3, 4], input: spread([3, 4], 1) } }],
  learnedPositions: () => [{ layer: nn.learnedPositions(4, 3, f64), options: { inputShape: [2, 3, 3] } }],
  sinusoidalPositions: () => [{ layer: nn.sinusoidalPositions(3), options: { inputShape: [2, 4, 3] } }],
  multiHeadAttention: () => [
    { layer: nn.multiHeadAttention(4, { heads: 2, keySize: 3, ...f64 }), options: { inputShape: [2, 3, 4] } },
    // Causal, with dropout on the attention weights while training (the mask from the fixed key).
    { layer: nn.multiHeadAttention(4, { heads: 2, keySize: 2, valueSize: 3, causal: true, dropout: 0.3, ...f64 }), options: { inputShape: [2, 3, 4] } },
  ],
  // Layer norms inside: every position's features well spread, as for layerNorm.
  transformerBlock: () => [{
    layer: nn.transformerBlock(4, { heads: 2, mlpRatio: 2, causal: true, dropout: 0.2, ...f64 }),
    options: { inputShape: [1, 3, 4], input: spread([3, 4], 1).map((t) => fromArray(t.toArray(), [1, 3, 4], "float64")) },
  }],
  rnn: () => [{ layer: nn.rnn(nn.gruCell(3, 2, f64), { reverse: true }), options: { inputShape: [2, 3, 3] } }],
  gru: () => [{ layer: nn.gru(3, 2, { returnSequences: false, ...f64 }), options: { inputShape: [2, 3, 3] } }],
  lstm: () => [{ layer: nn.lstm(3, 2, f64), options: { inputShape: [2, 3, 3] } }],
  sequential: () => [{
    layer: nn.sequential(nn.dense(4, 5, f64), nn.activation(nn.tanh, "tanh"), nn.dropout(0.2), nn.dense(5, 2, f64)),
    options: { inputShape: [3, 4], values: interval(-2, 2) },
  }],
};
