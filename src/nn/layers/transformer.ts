// A transformer block in the pre-norm arrangement (GPT-2, and Xiong et al., 2020): each
// sub-layer sees a normalized copy of its input and adds its result back, so the residual path
// from input to output is the identity and deep stacks train without warm-up tricks:
//
//   h = x + drop(MHA(LN₁(x)))
//   y = h + drop(W₂ act(LN₂(h) W₁ + b₁) + b₂),    W₁: [F, r·F], W₂: [r·F, F] (r the MLP ratio)
//
// Sequences [..., T, F] map to sequences of the same shape, so blocks stack with `sequential`.
import type { Key } from "../../random/key.js";
import { fold } from "../../random/key.js";
import type { Shape } from "../../shape/dim.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../../tensor/tensor.js";
import * as lax from "../../core/lax.js";
import { typed } from "../../ops/typed.js";
import { gelu } from "../activations.js";
import { LayerConfigError } from "../errors.js";
import { checkFloat, makeLayer, type ApplyOptions, type Layer } from "../layer.js";
import { dense, type DenseParams } from "./dense.js";
import { dropout } from "./dropout.js";
import { checkCount } from "./features.js";
import { layerNorm, type LayerNormParams } from "./layer-norm.js";
import { multiHeadAttention, type AttendOptions, type MultiHeadAttentionParams } from "./attention.js";
import { checkSequence, type SequenceShape } from "./sequence-shape.js";

export interface TransformerBlockParams<F extends number, H extends number, D extends FloatDType = "float32"> {
  readonly norm1: LayerNormParams<F, D>;
  readonly attention: MultiHeadAttentionParams<F, H, number, number, D>;
  readonly norm2: LayerNormParams<F, D>;
  readonly up: DenseParams<F, number, D>;
  readonly down: DenseParams<number, F, D>;
}

export interface TransformerBlockOptions<H extends number, D extends FloatDType> {
  readonly heads: H;
  /** d_k of each head (default F / heads, which must then divide evenly). */
  readonly keySize?: number;
  /** The MLP's hidden width as a multiple of F (default 4). */
  readonly mlpRatio?: number;
  /** Causal self-attention, for decoders (default false). */
  readonly causal?: boolean;
  /** Dropout rate on each sub-layer's output before it is added back (default 0). */
  readonly dropout?: number;
  /** Dropout rate on the attention weights (default 0). */
  readonly attentionDropout?: number;
  /** The MLP's nonlinearity (default gelu). */
  readonly activation?: (x: Tensor<Shape, FloatDType>) => AnyTensor;
  readonly dtype?: D;
}

export type TransformerBlockShape<F extends number> = SequenceShape<`transformerBlock(${F})`, F>;

export interface TransformerBlockLayer<F extends number, H extends number, D extends FloatDType>
  extends Layer<TransformerBlockShape<F>, TransformerBlockParams<F, H, D>, null, D> {
  /** The block with a padding mask over the positions (see multiHeadAttention's attend). */
  attend<S extends Shape, T extends number>(
    params: TransformerBlockParams<F, H, D>, x: Tensor<[...S, T, F], D>, options?: Omit<AttendOptions<S, T, F, D>, "context">,
  ): Tensor<[...S, T, F], D>;
}

/** A pre-norm transformer block over `features` F (see the header). */
export function transformerBlock<const F extends number, const H extends number, D extends FloatDType = "float32">(
  features: F, options: TransformerBlockOptions<H, D>,
): TransformerBlockLayer<F, H, D> {
  const name = `transformerBlock(${features})`;
  checkCount("transformerBlock", "features", features);
  checkCount("transformerBlock", "heads", options.heads);
  const keySize = options.keySize ?? features / options.heads;
  if (!Number.isInteger(keySize)) throw new LayerConfigError(name, `${options.heads} heads`, `a head count that divides ${features}, or an explicit keySize`);
  const hidden = Math.round((options.mlpRatio ?? 4) * features);
  checkCount("transformerBlock", "the MLP width (mlpRatio · features)", hidden);
  const dtype = options.dtype;
  const common = dtype === undefined ? {} : { dtype };
  const attention = multiHeadAttention<F, H, number, number, D>(features, {
    heads: options.heads, keySize, valueSize: keySize, causal: options.causal === true, dropout: options.attentionDropout ?? 0, ...common,
  });
  const norm1 = layerNorm<F, D>(features, common);
  const norm2 = layerNorm<F, D>(features, common);
  const up = dense<F, number, D>(features, hidden, common);
  const down = dense<number, F, D>(hidden, features, common);
  const drop = dropout(options.dropout ?? 0);
  const act = options.activation ?? ((x: Tensor<Shape, FloatDType>) => gelu(x));

  const init = (key: Key): TransformerBlockParams<F, H, D> => ({
    norm1: norm1.init(fold(key, 0)),
    attention: attention.init(fold(key, 1)),
    norm2: norm2.init(fold(key, 2)),
    up: up.init(fold(key, 3)),
    down: down.init(fold(key, 4)),
  });

  /** The block on x: [..., T, F]; each random part gets its own key. */
  const compute = (params: TransformerBlockParams<F, H, D>, x: AnyTensor, options: ApplyOptions, padding: AnyTensor | undefined): AnyTensor => {
    checkSequence(name, x.shape, features);
    const sub = (i: number): ApplyOptions => ({ ...options, ...(options.key === undefined ? {} : { key: fold(options.key, i) }) });
    const [n1] = norm1.run(params.norm1, null, x, {});
    const a = attention.runAttend(params.attention, n1, n1, padding, sub(0));
    const [da] = drop.run(null, null, a, sub(1));
    const h = lax.add(x, da);
    const [n2] = norm2.run(params.norm2, null, h, {});
    const [u] = up.run(params.up, null, n2, {});
    checkFloat(name, u);
    const [m] = down.run(params.down, null, act(u), {});
    const [dm] = drop.run(null, null, m, sub(2));
    return lax.add(h, dm);
  };

  const layer = makeLayer<TransformerBlockShape<F>, TransformerBlockParams<F, H, D>, null, D>({
    name,
    stateful: false,
    traits: { trainingDiffers: (options.dropout ?? 0) > 0 || (options.attentionDropout ?? 0) > 0 },
    init,
    initState: () => null,
    run: (params, state, x, options) => [compute(params, x, options, undefined), state],
  });
  return {
    ...layer,
    attend: <S extends Shape, T extends number>(
      params: TransformerBlockParams<F, H, D>, x: Tensor<[...S, T, F], D>, options: Omit<AttendOptions<S, T, F, D>, "context"> = {},
    ): Tensor<[...S, T, F], D> => {
      const { padding, ...rest } = options;
      // compute keeps x's shape, checked by its sub-layers.
      return typed(compute(params, x, rest, padding));
    },
  };
}
