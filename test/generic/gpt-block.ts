// A GPT-style decoder block, generic over the batch B and the sequence length T: multi-head
// causal self-attention with layer norm, an MLP with GELU and residual connections, written with
// tygrad's typed ops and layers and no casts. The widths (D = 32, 4 heads of 8) are literal.
import {
  add, arange, expandDims, less, matmul, mul, permute, reshape, slice, swapLast, take, where, nn, type Tensor,
} from "../../src/index.js";

const HEADS = 4;
const HEAD = 8;

export const layers = {
  ln1: nn.layerNorm(32), ln2: nn.layerNorm(32),
  qkv: nn.dense(32, 96), proj: nn.dense(32, 32),
  up: nn.dense(32, 128), down: nn.dense(128, 32),
};

export interface BlockParams {
  readonly ln1: nn.LayerNormParams<32>;
  readonly ln2: nn.LayerNormParams<32>;
  readonly qkv: nn.DenseParams<32, 96>;
  readonly proj: nn.DenseParams<32, 32>;
  readonly up: nn.DenseParams<32, 128>;
  readonly down: nn.DenseParams<128, 32>;
}

/** [B, T, 32] → [B, 4, T, 8]: one slice of the features per head. */
export function splitHeads<B extends number, T extends number>(x: Tensor<[B, T, 32]>): Tensor<[B, 4, T, 8]> {
  const [b, t] = x.shape;
  return permute(reshape(x, [b, t, HEADS, HEAD]), [0, 2, 1, 3]);
}

/** [B, 4, T, 8] → [B, T, 32]. */
export function mergeHeads<B extends number, T extends number>(x: Tensor<[B, 4, T, 8]>): Tensor<[B, T, 32]> {
  const [b, , t] = x.shape;
  return reshape(permute(x, [0, 2, 1, 3]), [b, t, 32]);
}

/** Position i may attend to position j when j ≤ i: (j < i + 1) over [T, 1] against [1, T]. */
export function causalMask<T extends number>(t: T): Tensor<[T, T], "bool"> {
  const i = reshape(arange(t, "int32"), [t, 1]);
  const j = reshape(arange(t, "int32"), [1, t]);
  return less(j, add(i, 1));
}

/** softmax(Q Kᵀ / √d + mask) V for each head. */
export function attention<B extends number, T extends number>(p: BlockParams, x: Tensor<[B, T, 32]>): Tensor<[B, T, 32]> {
  const qkv = layers.qkv.apply(p.qkv, x);
  const q = splitHeads(slice(qkv, -1, 0, 32));
  const k = splitHeads(slice(qkv, -1, 32, 64));
  const v = splitHeads(slice(qkv, -1, 64, 96));
  const scores = mul(matmul(q, swapLast(k)), 1 / Math.sqrt(HEAD));
  const masked = where(causalMask(x.shape[1]), scores, -1e9);
  const weights = nn.softmax(masked, -1);
  return layers.proj.apply(p.proj, mergeHeads(matmul(weights, v)));
}

/** The pre-norm block: h = x + attention(LN(x)), y = h + MLP(LN(h)). */
export function block<B extends number, T extends number>(p: BlockParams, x: Tensor<[B, T, 32]>): Tensor<[B, T, 32]> {
  const h = add(x, attention(p, layers.ln1.apply(p.ln1, x)));
  const m = layers.down.apply(p.down, nn.gelu(layers.up.apply(p.up, layers.ln2.apply(p.ln2, h))));
  return add(h, m);
}

/** Token and position embeddings: [B, T] ids → [B, T, 32], with a learned table of positions. */
export function embed<B extends number, T extends number>(
  table: Tensor<[50, 32]>, positions: Tensor<[64, 32]>, ids: Tensor<[B, T], "int32">,
): Tensor<[B, T, 32]> {
  const tokens = nn.embedding(50, 32).apply({ table }, ids);
  const pos = take(positions, arange(ids.shape[1], "int32"), 0); // rows 0..T-1: [T, 32]
  return add(tokens, expandDims(pos, 0));
}
