// tygrad/nn: the building blocks of neural networks as pure, shape-typed functions.
//
//   layers        init(key) → params;  apply(params, x, { key, train, state }) → y (, state)
//   activations   relu, leakyRelu, elu, gelu (tanh form, or exact x·Φ(x) with { approximate: "none" }),
//                 sigmoid, tanh, softplus, logSigmoid, softmax, logSoftmax
//   losses        mse, mae, huber, crossEntropy, softmaxCrossEntropy, sparseSoftmaxCrossEntropy,
//                 binaryCrossEntropy, sigmoidBinaryCrossEntropy;  l2Penalty
//   metrics       accuracy, topK
//   initializers  glorot, he, lecun (uniform/normal), orthogonal, gaussian, constant
//
// Images are NHWC ([batch, height, width, channels]) and convolution kernels HWIO
// ([height, width, in channels, out channels]).

export {
  makeLayer, type AnyLayer, type ApplyArgs, type ApplyOptions, type ApplyResult, type GenericOutputShape, type InputOf, type Layer, type LayerCore,
  type LayerSpec, type LayerTraits, type NoParams, type NoState, type OutputShape, type ParamsOf, type SameShape, type ShapeFn, type StateOf,
  type StatefulOptions,
} from "./layer.js";
export { LabelError, LayerConfigError } from "./errors.js";

export { dense, type DenseLayer, type DenseOptions, type DenseParams, type DenseShape } from "./layers/dense.js";
export { conv2d, type Conv2dLayer, type Conv2dOptions, type Conv2dParams, type Conv2dShapeFn } from "./layers/conv2d.js";
export { avgPool2d, maxPool2d, type Pool2dLayer, type Pool2dShapeFn } from "./layers/pool.js";
export { batchNorm, type BatchNormLayer, type BatchNormOptions, type BatchNormParams, type BatchNormState } from "./layers/batch-norm.js";
export { layerNorm, type LayerNormLayer, type LayerNormOptions, type LayerNormParams } from "./layers/layer-norm.js";
export { dropout, type DropoutLayer } from "./layers/dropout.js";
export { embedding, type EmbeddingLayer, type EmbeddingOptions, type EmbeddingParams, type EmbeddingShape } from "./layers/embedding.js";
export { flatten, type FlattenLayer, type FlattenShape } from "./layers/flatten.js";
export { activation, type ActivationLayer, type ShapePreserving } from "./layers/activation.js";
export { residual, type ResidualCheck, type ResidualLayer, type ResidualShape } from "./layers/residual.js";
export { sequential, type SequentialLayer, type SequentialParams, type SequentialShape, type SequentialState } from "./layers/sequential.js";
export type { Chain, ChainCheck } from "./layers/chain.js";
export { rmsNorm, type RmsNormLayer, type RmsNormOptions, type RmsNormParams } from "./layers/rms-norm.js";
export {
  learnedPositions, sinusoidalPositions, sinusoidalTable, type LearnedPositionsLayer, type LearnedPositionsOptions,
  type LearnedPositionsParams, type SinusoidalPositionsLayer,
} from "./layers/positional.js";
export {
  multiHeadAttention, type AttendOptions, type HeadProjection, type MultiHeadAttentionLayer, type MultiHeadAttentionOptions,
  type MultiHeadAttentionParams, type MultiHeadAttentionShape,
} from "./layers/attention.js";
export { transformerBlock, type TransformerBlockLayer, type TransformerBlockOptions, type TransformerBlockParams, type TransformerBlockShape } from "./layers/transformer.js";
export {
  gruCell, lstmCell, type AnyCell, type CellCore, type CellOptions, type GruCell, type GruParams, type LstmCarry, type LstmCell, type LstmParams,
} from "./layers/recurrent-cells.js";
export { gru, lstm, rnn, type RnnLayer, type RnnOptions, type SizedCell } from "./layers/rnn.js";
export type { EveryStep, LastStep, RecurrentShape, SequenceLast, SequenceShape } from "./layers/sequence-shape.js";

export { conv2dForward } from "./functional/conv.js";
export { avgPool, maxPool } from "./functional/pool.js";
export { causalMask, dotProductAttention, type AttentionOptions } from "./functional/attention.js";
export { greedyDecode } from "./functional/decode.js";
export {
  windowGeometry, type Conv2dShape, type Padding, type Pool2dShape, type Size2, type WindowGeometry, type WindowOptions,
} from "./shape/window.js";
export type { CeilDiv, FloorDiv } from "./shape/floor-div.js";

export { elu, gelu, leakyRelu, logSoftmax, relu, sigmoid, softmax, softplus, tanh, type GeluOptions } from "./activations.js";
export { logSigmoid } from "./activations.js";
export {
  binaryCrossEntropy, crossEntropy, huber, mae, mse, sigmoidBinaryCrossEntropy, softmaxCrossEntropy, sparseSoftmaxCrossEntropy,
  type LabelShape, type ProbabilityOptions,
} from "./losses.js";
export { l2Penalty, type L2Options } from "./penalties.js";
export { accuracy, topK } from "./metrics.js";
export {
  constant, fans, gaussian, glorotNormal, glorotUniform, heNormal, heUniform, initializers, lecunNormal, lecunUniform, orthogonal,
  type Initializer,
} from "./init.js";
export { gradientNorm, layerGradientNorms, type LayerGradientNorm } from "./diagnostics.js";
