// Multi-head attention (Vaswani et al., 2017). Each of h heads projects the features to its own
// queries, keys and values, attends (functional/attention.ts), and the heads' outputs are
// projected back to the model width:
//
//   Q_h = x W^Q_h + b^Q_h,  K_h = c W^K_h + b^K_h,  V_h = c W^V_h + b^V_h      (c = x: self-attention)
//   head_h = softmax(Q_h K_hᵀ / √d_k + M) V_h
//   y = Σ_h head_h W^O_h + b^O
//
// with W^Q, W^K: [F, h, d_k], W^V: [F, h, d_v], W^O: [h, d_v, F]. As a layer, `apply` is
// self-attention over sequences [..., T, F] (optionally causal); `attend` also takes a context
// to attend to (cross-attention) and a padding mask over its positions.
import * as lax from "../../core/lax.js";
import { split, type Key } from "../../random/key.js";
import { uniform } from "../../random/samplers.js";
import type { Shape } from "../../shape/dim.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import { shapeToString } from "../../shape/runtime/show.js";
import { full } from "../../tensor/create.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../../tensor/tensor.js";
import { typed } from "../../ops/typed.js";
import { attend } from "../functional/attention.js";
import { LayerConfigError } from "../errors.js";
import { defaultFloat } from "../float.js";
import { checkDType, makeLayer, type ApplyOptions, type Layer } from "../layer.js";
import { checkCount } from "./features.js";
import { checkSequence, type SequenceShape } from "./sequence-shape.js";

/** One projection: W: [In, h, d] and b: [h, d] (queries, keys, values). */
export interface HeadProjection<In extends number, H extends number, K extends number, D extends FloatDType> {
  readonly w: Tensor<[In, H, K], D>;
  readonly b: Tensor<[H, K], D>;
}

export interface MultiHeadAttentionParams<F extends number, H extends number, K extends number, V extends number, D extends FloatDType = "float32"> {
  readonly query: HeadProjection<F, H, K, D>;
  readonly key: HeadProjection<F, H, K, D>;
  readonly value: HeadProjection<F, H, V, D>;
  /** W^O: [h, d_v, F] and b^O: [F]. */
  readonly output: { readonly w: Tensor<[H, V, F], D>; readonly b: Tensor<[F], D> };
}

export interface MultiHeadAttentionOptions<H extends number, K extends number, V extends number, D extends FloatDType> {
  /** The number of heads h. */
  readonly heads: H;
  /** d_k, the size of each head's queries and keys. */
  readonly keySize: K;
  /** d_v, the size of each head's values (default d_k). */
  readonly valueSize?: V;
  /** Each position attends only to itself and earlier ones (default false). */
  readonly causal?: boolean;
  /** Dropout rate on the attention weights while training (default 0). */
  readonly dropout?: number;
  readonly dtype?: D;
}

/** What `attend` may be told besides the layer's ApplyOptions. */
export interface AttendOptions<S extends Shape, Tk extends number, F extends number, D extends FloatDType> extends ApplyOptions {
  /** The sequence attended to, [..., Tk, F] (default: the query itself). */
  readonly context?: Tensor<[...S, Tk, F], D>;
  /** [..., Tk]: true at real positions of the context, false at padding, which no query sees. */
  readonly padding?: Tensor<[...S, Tk], "bool">;
}

export type MultiHeadAttentionShape<F extends number> = SequenceShape<`multiHeadAttention(${F})`, F>;

export interface MultiHeadAttentionLayer<F extends number, H extends number, K extends number, V extends number, D extends FloatDType>
  extends Layer<MultiHeadAttentionShape<F>, MultiHeadAttentionParams<F, H, K, V, D>, null, D> {
  /** Attention of the queries x: [..., Tq, F] over a context (default x) with an optional padding mask. */
  attend<S extends Shape, Tq extends number, Tk extends number = Tq>(
    params: MultiHeadAttentionParams<F, H, K, V, D>, x: Tensor<[...S, Tq, F], D>, options?: AttendOptions<S, Tk, F, D>,
  ): Tensor<[...S, Tq, F], D>;
  /** The untyped core of `attend`, for combinators (transformerBlock). */
  runAttend(params: MultiHeadAttentionParams<F, H, K, V, D>, x: AnyTensor, context: AnyTensor, padding: AnyTensor | undefined, options: ApplyOptions): AnyTensor;
}

const isBool = (t: AnyTensor): t is Tensor<Shape, "bool"> => t.dtype === "bool";

/** Uniform(±√(6 / (fanIn + fanOut))) for a projection seen as a matrix [fanIn, fanOut]. */
const glorotBound = (fanIn: number, fanOut: number): number => Math.sqrt(6 / (fanIn + fanOut));

/** Multi-head attention over `features` F with `heads` heads of d_k = `keySize` and d_v = `valueSize` (see the header). */
export function multiHeadAttention<const F extends number, const H extends number, const K extends number, const V extends number, D extends FloatDType = "float32">(
  features: F, options: MultiHeadAttentionOptions<H, K, V, D> & { readonly valueSize: V },
): MultiHeadAttentionLayer<F, H, K, V, D>;
/** Multi-head attention over `features` F with `heads` heads of d_k = d_v = `keySize` (see the header). */
export function multiHeadAttention<const F extends number, const H extends number, const K extends number, D extends FloatDType = "float32">(
  features: F, options: MultiHeadAttentionOptions<H, K, K, D>,
): MultiHeadAttentionLayer<F, H, K, K, D>;
export function multiHeadAttention<F extends number, H extends number, K extends number, D extends FloatDType>(
  features: F, options: MultiHeadAttentionOptions<H, K, number, D>,
): MultiHeadAttentionLayer<F, H, K, number, D> {
  return build(features, options, options.valueSize ?? options.keySize);
}

function build<const F extends number, const H extends number, const K extends number, const V extends number, D extends FloatDType>(
  features: F, options: MultiHeadAttentionOptions<H, K, number, D>, valueSize: V,
): MultiHeadAttentionLayer<F, H, K, V, D> {
  const name = `multiHeadAttention(${features})`;
  checkCount("multiHeadAttention", "features", features);
  checkCount("multiHeadAttention", "heads", options.heads);
  checkCount("multiHeadAttention", "keySize", options.keySize);
  const heads: H = options.heads;
  const keySize: K = options.keySize;
  checkCount("multiHeadAttention", "valueSize", valueSize);
  const rate = options.dropout ?? 0;
  if (!(rate >= 0 && rate < 1)) throw new LayerConfigError(name, `dropout ${String(rate)}`, "a drop probability in [0, 1)");
  const dtype = options.dtype ?? defaultFloat<D>();
  const causal = options.causal === true;

  const projection = <S extends number>(key: Key, size: S): HeadProjection<F, H, S, D> => {
    const a = glorotBound(features, heads * size);
    return { w: uniform(key, [features, heads, size], { dtype, minval: -a, maxval: a }), b: full([heads, size], 0, dtype) };
  };
  const init = (key: Key): MultiHeadAttentionParams<F, H, K, V, D> => {
    const [kq, kk, kv, ko] = split(key, 4);
    const a = glorotBound(heads * valueSize, features);
    return {
      query: projection(kq, keySize),
      key: projection(kk, keySize),
      value: projection(kv, valueSize),
      output: { w: uniform(ko, [heads, valueSize, features], { dtype, minval: -a, maxval: a }), b: full([features], 0, dtype) },
    };
  };

  /** x: [N, T, F] ↦ [N, h, T, d] for one projection. */
  const project = (x: AnyTensor, p: { readonly w: AnyTensor; readonly b: AnyTensor }): AnyTensor => {
    const [n = 1, t = 1] = x.shape;
    const size = p.b.shape[1] ?? 1;
    const flat = lax.dot(lax.reshape(x, [n * t, features]), lax.reshape(p.w, [features, heads * size]));
    const biased = lax.add(flat, lax.broadcast(lax.reshape(p.b, [heads * size]), flat.shape));
    return lax.transpose(lax.reshape(biased, [n, t, heads, size]), [0, 2, 1, 3]);
  };

  /** padding [..., Tk] as a mask [N, 1, 1, Tk] over the scores [N, h, Tq, Tk]. */
  const paddingMask = (padding: AnyTensor, lead: readonly number[], tk: number): Tensor<Shape, "bool"> => {
    const expected = [...lead, tk];
    if (!isBool(padding) || shapeToString(padding.shape) !== shapeToString(expected)) {
      throw new TensorShapeError(name, [padding.shape], `a bool padding mask ${shapeToString(expected)}`, `got ${padding.dtype} ${shapeToString(padding.shape)}`);
    }
    const m = lax.reshape(padding, [lead.reduce((a, b) => a * b, 1), 1, 1, tk]);
    return isBool(m) ? m : padding;
  };

  /** Attention of x: [..., Tq, F] over c: [..., Tk, F], with padding [..., Tk] or none. */
  const compute = (params: MultiHeadAttentionParams<F, H, K, V, D>, x: AnyTensor, c: AnyTensor, padding: AnyTensor | undefined, options: ApplyOptions): AnyTensor => {
    checkSequence(name, x.shape, features);
    checkSequence(name, c.shape, features);
    checkDType(name, x, dtype);
    checkDType(name, c, dtype);
    const lead = x.shape.slice(0, -2);
    const tq = x.shape[x.shape.length - 2] ?? 1;
    const tk = c.shape[c.shape.length - 2] ?? 1;
    if (shapeToString(c.shape.slice(0, -2)) !== shapeToString(lead)) {
      throw new TensorShapeError(name, [x.shape, c.shape], "a context with the queries' leading dims", `got ${shapeToString(x.shape)} and ${shapeToString(c.shape)}`);
    }
    const n = lead.reduce((a, b) => a * b, 1);
    const q = project(lax.reshape(x, [n, tq, features]), params.query);
    const k = project(lax.reshape(c, [n, tk, features]), params.key);
    const v = project(lax.reshape(c, [n, tk, features]), params.value);
    const mask = padding === undefined ? undefined : paddingMask(padding, lead, tk);
    const heads_ = attend(name, q, k, v, { causal, dropout: rate, ...(mask === undefined ? {} : { mask }), ...options }); // [N, h, Tq, d_v]
    const merged = lax.reshape(lax.transpose(heads_, [0, 2, 1, 3]), [n * tq, heads * valueSize]);
    const y = lax.dot(merged, lax.reshape(params.output.w, [heads * valueSize, features]));
    const biased = lax.add(y, lax.broadcast(params.output.b, y.shape));
    return lax.reshape(biased, [...lead, tq, features]);
  };

  const layer = makeLayer<MultiHeadAttentionShape<F>, MultiHeadAttentionParams<F, H, K, V, D>, null, D>({
    name,
    stateful: false,
    // Training differs only by the dropout on the attention weights.
    traits: { trainingDiffers: rate > 0 },
    init,
    initState: () => null,
    run: (params, state, x, options) => [compute(params, x, x, undefined, options), state],
  });
  return {
    ...layer,
    runAttend: compute,
    attend: <S extends Shape, Tq extends number, Tk extends number = Tq>(
      params: MultiHeadAttentionParams<F, H, K, V, D>, x: Tensor<[...S, Tq, F], D>, options: AttendOptions<S, Tk, F, D> = {},
    ): Tensor<[...S, Tq, F], D> => {
      const { context, padding, ...rest } = options;
      // compute checks the shapes the type states (x's shape is kept).
      return typed(compute(params, x, context ?? x, padding, rest));
    },
  };
}
