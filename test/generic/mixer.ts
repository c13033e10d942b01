// An MLP-Mixer block, generic over the batch B: token mixing (an MLP across the 16 patches, on
// the transposed [B, 32, 16] features) and channel mixing (an MLP across the 32 channels), each
// pre-normalized and added to its input; then global average pooling over the patches.
import { add, mean, swapLast, nn, type Tensor } from "../../src/index.js";

export const layers = {
  norm1: nn.layerNorm(32), norm2: nn.layerNorm(32),
  tokenUp: nn.dense(16, 64), tokenDown: nn.dense(64, 16),
  channelUp: nn.dense(32, 128), channelDown: nn.dense(128, 32),
  head: nn.dense(32, 10),
};

export interface MixerParams {
  readonly norm1: nn.LayerNormParams<32>;
  readonly norm2: nn.LayerNormParams<32>;
  readonly tokenUp: nn.DenseParams<16, 64>;
  readonly tokenDown: nn.DenseParams<64, 16>;
  readonly channelUp: nn.DenseParams<32, 128>;
  readonly channelDown: nn.DenseParams<128, 32>;
  readonly head: nn.DenseParams<32, 10>;
}

/** [B, 16 patches, 32 channels] → [B, 16, 32]. */
export function mixerBlock<B extends number>(p: MixerParams, x: Tensor<[B, 16, 32]>): Tensor<[B, 16, 32]> {
  const tokens = swapLast(layers.norm1.apply(p.norm1, x)); // [B, 32, 16]
  const mixedTokens = layers.tokenDown.apply(p.tokenDown, nn.gelu(layers.tokenUp.apply(p.tokenUp, tokens)));
  const h = add(x, swapLast(mixedTokens));
  const channels = layers.channelDown.apply(p.channelDown, nn.gelu(layers.channelUp.apply(p.channelUp, layers.norm2.apply(p.norm2, h))));
  return add(h, channels);
}

/** Class scores [B, 10]. */
export function mixerClassify<B extends number>(p: MixerParams, x: Tensor<[B, 16, 32]>): Tensor<[B, 10]> {
  return layers.head.apply(p.head, mean(mixerBlock(p, x), 1));
}
