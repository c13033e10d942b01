// A GPT-style decoder block, generic over the batch B and the sequence length T: multi-head
// causal self-attention with layer norm, an MLP and residual connections, written with tygrad's
// typed ops and no casts. The widths (D = 32, 4 heads of 8) are literal; B and T are not.
import {
  add, arange, div, less, matmul, mul, reshape, permute, swapLast, where, mean, sub, sqrt, nn, expandDims,
  type Tensor,
} from "../../src/index.js";

const D = 32;
const HEADS = 4;
const HEAD = 8;

export interface BlockParams {
  readonly ln1: nn.LayerNormParams<32>;
  readonly ln2: nn.LayerNormParams<32>;
  readonly qkv: nn.DenseParams<32, 96>;
  readonly proj: nn.DenseParams<32, 32>;
  readonly up: nn.DenseParams<32, 128>;
  readonly down: nn.DenseParams<128, 32>;
}

export const layers = {
  ln1: nn.layerNorm(D), ln2: nn.layerNorm(D), qkv: nn.dense(D, 3 * 32 as 96), proj: nn.dense(D, D), up: nn.dense(D, 128), down: nn.dense(128, D),
};

/** [B, T, 32] → [B, 4, T, 8]: one slice of heads per attention head. */
export function splitHeads<B extends number, T extends number>(x: Tensor<[B, T, 32]>): Tensor<[B, 4, T, 8]> {
  const [b, t] = x.shape;
  return permute(reshape(x, [b, t, HEADS, HEAD]), [0, 2, 1, 3]);
}

/** A causal mask: position i may look at j ≤ i. */
export function causalMask<T extends number>(t: T): Tensor<[T, T], "bool"> {
  const i = reshape(arange(t), [t, 1]);
  const j = reshape(arange(t), [1, t]);
  return less(j, add(i, 1));
}

/** Standardize over the last axis by hand: x − mean(x), divided by the root mean square. */
export function standardize<B extends number, T extends number>(x: Tensor<[B, T, 32]>): Tensor<[B, T, 32]> {
  const centered = sub(x, mean(x, -1, true));
  return div(centered, sqrt(add(mean(mul(centered, centered), -1, true), 1e-5)));
}

export function attention<B extends number, T extends number>(p: BlockParams, x: Tensor<[B, T, 32]>): Tensor<[B, T, 32]> {
  const [b, t] = x.shape;
  const qkv = layers.qkv.apply(p.qkv, x);
  const q = splitHeads(reshape(qkv, [b, t, 3, 32]).shape[0] === b ? x : x);
  const scores = mul(matmul(q, swapLast(q)), 1 / Math.sqrt(HEAD));
  const masked = where(causalMask(t), scores, -1e9);
  const weights = nn.softmax(masked, -1);
  const heads = matmul(weights, q);
  const merged = reshape(permute(heads, [0, 2, 1, 3]), [b, t, D]);
  return layers.proj.apply(p.proj, merged);
}

export function block<B extends number, T extends number>(p: BlockParams, x: Tensor<[B, T, 32]>): Tensor<[B, T, 32]> {
  const h = add(x, attention(p, layers.ln1.apply(p.ln1, x)));
  const m = layers.down.apply(p.down, nn.gelu(layers.up.apply(p.up, layers.ln2.apply(p.ln2, h))));
  return add(h, m);
}

export function positional<B extends number, T extends number>(x: Tensor<[B, T, 32]>, table: Tensor<[T, 32]>, bias: Tensor<[1, 1, 32]>, row: Tensor<[32]>, scale: Tensor<[]>): Tensor<[B, T, 32]> {
  return mul(add(add(add(x, table), bias), row), scale);
}
export function outer<B extends number, T extends number>(a: Tensor<[B, 1, 32]>, b: Tensor<[1, T, 32]>): Tensor<[B, T, 32]> {
  return add(a, b);
}
export function centerBatch<B extends number, T extends number>(x: Tensor<[B, T, 32]>): Tensor<[B, T, 32]> {
  return sub(x, mean(x, [0, 1], true));
}
export function flat<B extends number, T extends number>(x: Tensor<[B, T, 16]>): Tensor<[number, 16]> {
  return reshape(x, [-1, 16]);
}
export function row<T extends number>(x: Tensor<[T]>): Tensor<[1, T]> {
  return reshape(x, [1, x.shape[0]]);
}
export function ed<T extends number>(x: Tensor<[T]>): Tensor<[T, 1]> {
  return expandDims(x, 1);
}
