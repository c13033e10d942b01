// What training needs from a model and an optimizer. Both are plain records of pure functions:
// a model maps (params, state, input) to (output, new state) — state holds e.g. batch-norm's
// running statistics — and an optimizer maps (grads, opt state, params) to (updates, new opt state).

import type { Key } from "../random/index.js";
import type { Shape } from "../shape/index.js";
import type { FloatDType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Grad } from "../tree/tree.js";

export interface ApplyContext {
  /** Randomness for dropout and the like; a layer folds in its own index. */
  readonly key: Key;
  /** Training mode (dropout active, batch statistics) or evaluation mode. */
  readonly train: boolean;
}

export interface Model<P, S, X, Y> {
  readonly init: (key: Key) => { readonly params: P; readonly state: S };
  readonly apply: (params: P, state: S, x: X, ctx: ApplyContext) => { readonly output: Y; readonly state: S };
}

/** The optimizer interface (optax's GradientTransformation): pure init and update. */
export interface Optimizer<P, O> {
  readonly init: (params: P) => O;
  readonly update: (grads: Grad<P>, state: O, params?: P) => readonly [Grad<P>, O];
}

/** A scalar loss of a model output against labels. */
export type Loss<Y, L> = (output: Y, labels: L) => Tensor<[], FloatDType>;

export type AnyShapeTensor = Tensor<Shape, FloatDType>;

/** A layer (see nn/layer.ts) seen as a Model: init draws params and the initial state, apply runs it. */
export function modelFromLayer<P, S, X, Y>(layer: {
  init(key: Key): P;
  initState(): S;
  run(params: P, state: S, x: AnyTensorLike, options: { readonly key?: Key; readonly train?: boolean }): readonly [AnyTensorLike, S];
}): Model<P, S, X, Y> {
  return {
    init: (key) => ({ params: layer.init(key), state: layer.initState() }),
    // The layer's shape rule relates X to Y; run checks the same rule at runtime.
    apply: (params, state, x, ctx) => {
      const [output, next] = layer.run(params, state, x as AnyTensorLike, { key: ctx.key, train: ctx.train });
      return { output: output as Y, state: next };
    },
  };
}
type AnyTensorLike = Tensor<Shape, import("../tensor/dtype.js").DType>;
