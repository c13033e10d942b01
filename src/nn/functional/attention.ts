// Scaled dot-product attention (Vaswani et al., 2017). Each query q_i takes a weighted average
// of the values v_j, weighted by how well q_i matches each key k_j:
//
//   A = softmax(Q Kᵀ / √d_k + M),    out = A V
//
// Q: [..., Tq, d_k], K: [..., Tk, d_k], V: [..., Tk, d_v] → out: [..., Tq, d_v]. The 1/√d_k keeps
// the scores' variance near 1 whatever d_k, so the softmax does not saturate. A mask M is 0 where
// query i may look at key j and a large negative number (−1e9) where it may not, so those weights
// come out 0: the causal mask (j > i is the future) and padding masks (key j is not a real token).
// A query that may see no key at all gets equal weights on every key rather than NaN.
import { DTypeError } from "../../core/errors.js";
import * as lax from "../../core/lax.js";
import type { Key } from "../../random/key.js";
import { bernoulli } from "../../random/samplers.js";
import type { Shape } from "../../shape/dim.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import { shapeToString } from "../../shape/runtime/show.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../../tensor/tensor.js";
import { typed } from "../../ops/typed.js";
import { fromArray } from "../../tensor/create.js";
import { softmax } from "../activations.js";
import { LayerConfigError } from "../errors.js";
import { checkFloat } from "../layer.js";

/** The score given to a masked (query, key) pair: far below any real score, yet finite, so a
 *  fully masked row stays finite. */
const MASKED = -1e9;

export interface AttentionOptions {
  /** Query i sees key j only for j ≤ i + (Tk − Tq) (for Tq = Tk: no future positions). */
  readonly causal?: boolean;
  /** true where query i may look at key j; broadcast against the scores [..., Tq, Tk]. */
  readonly mask?: Tensor<Shape, "bool">;
  /** Dropout rate on the attention weights while training (default 0). */
  readonly dropout?: number;
  /** The key for that dropout (needed when training with dropout > 0). */
  readonly key?: Key;
  readonly train?: boolean;
}

/** The causal mask [Tq, Tk]: true where j ≤ i + (Tk − Tq), the positions query i may see. */
export function causalMask<const Tq extends number, const Tk extends number>(queries: Tq, keys: Tk): Tensor<[Tq, Tk], "bool"> {
  const allowed = Array.from({ length: queries * keys }, (_, at) => (at % keys <= Math.floor(at / keys) + keys - queries ? 1 : 0));
  return fromArray(allowed, [queries, keys], "bool");
}

/** The attention computation on untyped tensors (shapes checked by the caller). */
export function attend(op: string, q: AnyTensor, k: AnyTensor, v: AnyTensor, options: AttentionOptions): AnyTensor {
  checkFloat(op, q);
  const r = q.shape.length;
  const keySize = q.shape[r - 1] ?? 1;
  const tq = q.shape[r - 2] ?? 1;
  const tk = k.shape[r - 2] ?? 1;
  const scores = lax.scale(lax.dot(q, k, false, true), 1 / Math.sqrt(keySize));
  const masks = [
    ...(options.causal === true ? [causalMask(tq, tk)] : []),
    ...(options.mask === undefined ? [] : [options.mask]),
  ].map((m) => lax.broadcast(m, scores.shape));
  const allowed = masks.reduce<AnyTensor | undefined>((acc, m) => (acc === undefined ? m : lax.select(acc, m, acc)), undefined);
  const masked = allowed === undefined ? scores : lax.select(allowed, scores, lax.fullLike(scores, MASKED));
  checkFloat(op, masked);
  const weights = dropWeights(op, softmax(masked, -1), options);
  return lax.dot(weights, v);
}

/** Inverted dropout on the attention weights (see layers/dropout.ts). */
function dropWeights(op: string, w: AnyTensor, { dropout = 0, train = false, key }: AttentionOptions): AnyTensor {
  if (!(dropout >= 0 && dropout < 1)) throw new LayerConfigError(op, `dropout ${String(dropout)}`, "a drop probability in [0, 1)");
  if (!train || dropout === 0) return w;
  if (key === undefined) throw new TypeError(`${op}: training with dropout needs a PRNG key: { train: true, key }`);
  const mask = lax.convert(bernoulli(key, 1 - dropout, w.shape), w.dtype);
  return lax.mul(w, lax.scale(mask, 1 / (1 - dropout)));
}

/** Throws unless q: [..., Tq, d_k], k: [..., Tk, d_k] and v: [..., Tk, d_v] agree. */
function checkAttention(op: string, q: AnyTensor, k: AnyTensor, v: AnyTensor): void {
  const r = q.shape.length;
  const lead = (s: readonly number[]) => shapeToString(s.slice(0, -2));
  const ok = r >= 2 && k.shape.length === r && v.shape.length === r
    && lead(q.shape) === lead(k.shape) && lead(q.shape) === lead(v.shape)
    && q.shape[r - 1] === k.shape[r - 1] && k.shape[r - 2] === v.shape[r - 2];
  if (!ok) {
    throw new TensorShapeError(op, [q.shape, k.shape, v.shape], "queries [..., Tq, dk], keys [..., Tk, dk] and values [..., Tk, dv]",
      `got ${shapeToString(q.shape)}, ${shapeToString(k.shape)}, ${shapeToString(v.shape)}`);
  }
  if (q.dtype !== k.dtype || q.dtype !== v.dtype) {
    throw new DTypeError(op, [q.dtype, k.dtype, v.dtype], "queries, keys and values of one dtype");
  }
}

/** softmax(Q Kᵀ / √d_k + mask) V for Q: [..., Tq, d_k], K: [..., Tk, d_k], V: [..., Tk, d_v]. */
export function dotProductAttention<
  S extends Shape, Tq extends number, Tk extends number, K extends number, V extends number, D extends FloatDType,
>(
  query: Tensor<[...S, Tq, K], D>, keys: Tensor<[...S, Tk, K], D>, values: Tensor<[...S, Tk, V], D>, options: AttentionOptions = {},
): Tensor<[...S, Tq, V], D> {
  checkAttention("dotProductAttention", query, keys, values);
  // The runtime checks above establish the shape the type states.
  return typed(attend("dotProductAttention", query, keys, values, options));
}
