// embedding: a lookup table of learned vectors. Integer ids [...S] (int32) become their rows of
// the table E: [V, F], giving [...S, F]: y[..., :] = E[id, :]. The derivative for E adds each
// cotangent row back into the row it was read from (the transpose of gather).
import * as lax from "../../core/lax.js";
import type { Key } from "../../random/key.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { LabelError } from "../errors.js";
import { defaultFloat } from "../float.js";
import { gaussian, type Initializer } from "../init.js";
import { makeLayer, type InputOf, type Layer, type ShapeFn } from "../layer.js";
import { checkClassIndices } from "../labels.js";
import { checkCount } from "./features.js";

export interface EmbeddingShape<V extends number, F extends number> extends ShapeFn {
  readonly label: `embedding(${V} → ${F})`;
  readonly accepts: readonly number[];
  readonly output: [...InputOf<this>, F];
}

export interface EmbeddingParams<V extends number, F extends number, D extends FloatDType = "float32"> {
  /** E: one row of F features per id. */
  readonly table: Tensor<[V, F], D>;
}

export interface EmbeddingOptions<D extends FloatDType> {
  readonly dtype?: D;
  /** How the table is drawn (default N(0, 1)). */
  readonly init?: Initializer;
}

export type EmbeddingLayer<V extends number, F extends number, D extends FloatDType> =
  Layer<EmbeddingShape<V, F>, EmbeddingParams<V, F, D>, null, "int32", D>;

/** An embedding of `count` ids (0 … count − 1) as vectors of `features` values. */
export function embedding<const V extends number, const F extends number, D extends FloatDType = "float32">(
  count: V, features: F, options: EmbeddingOptions<D> = {},
): EmbeddingLayer<V, F, D> {
  const name = `embedding(${count} → ${features})`;
  checkCount("embedding", "count", count);
  checkCount("embedding", "features", features);
  const dtype = options.dtype ?? defaultFloat<D>();
  return makeLayer<EmbeddingShape<V, F>, EmbeddingParams<V, F, D>, null, "int32", D>({
    name,
    stateful: false,
    traits: { trainingDiffers: false },
    init: (key: Key) => ({ table: (options.init ?? gaussian(1))(key, [count, features], dtype) }),
    initState: () => null,
    run: (params, state, ids) => {
      if (ids.dtype !== "int32") throw new LabelError(name, `ids of dtype ${ids.dtype}`, "int32 ids (cast them)");
      return [lax.gather(params.table, checkClassIndices(name, "id", ids, count), 0), state];
    },
  });
}

