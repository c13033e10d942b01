// What training needs from a model and an optimizer. Both are plain records of pure functions:
// a model maps (params, state, input) to (output, new state) — state holds e.g. batch-norm's
// running statistics — and an optimizer maps (grads, opt state, params) to (updates, new opt state).

import type { Key } from "../random/index.js";
import type { Shape } from "../shape/index.js";
import type { FloatDType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Grad } from "../tree/tree.js";
import type { Ok } from "../shape/index.js";
import type { AnyLayer, DTypeInOf, DTypeOutOf, OutDType, OutputShape, ParamsOf, ShapeFnOf, StateOf } from "../nn/layer.js";

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

/** The input a layer takes in general: its most general shape, in its input dtype. */
export type LayerInput<L> = Tensor<ShapeFnOf<L>["accepts"], DTypeInOf<L>>;
/** The output of a layer for its general input, e.g. `Tensor<[number, 10]>` for an MLP classifier. */
export type LayerOutput<L> = Tensor<Ok<OutputShape<ShapeFnOf<L>, ShapeFnOf<L>["accepts"]>>, OutDType<DTypeOutOf<L>, DTypeInOf<L>>>;

/** A layer (see nn/layer.ts) seen as a Model: init draws params and the initial state, apply runs it. */
export function modelFromLayer<L extends AnyLayer>(layer: L): Model<ParamsOf<L>, StateOf<L>, LayerInput<L>, LayerOutput<L>> {
  return {
    init: (key) => ({ params: layer.init(key) as ParamsOf<L>, state: layer.initState() as StateOf<L> }),
    // The layer's shape rule relates its input to LayerOutput<L>; run checks the same rule at runtime.
    apply: (params, state, x, ctx) => {
      const [output, next] = layer.run(params, state, x, { key: ctx.key, train: ctx.train });
      return { output: output as LayerOutput<L>, state: next as StateOf<L> };
    },
  };
}

/**
 * An untyped layer as a Model whose input and output types the caller states (for code that
 * chooses the architecture at runtime, like the CLI); the layer checks shapes at runtime.
 */
export function modelFromAnyLayer<X, Y>(layer: AnyLayer): Model<unknown, unknown, X, Y> {
  return {
    init: (key) => ({ params: layer.init(key), state: layer.initState() }),
    apply: (params, state, x, ctx) => {
      const [output, next] = layer.run(params, state, x as AnyTensorLike, { key: ctx.key, train: ctx.train }); // X is a tensor type chosen by the caller
      return { output: output as Y, state: next }; // Y is the caller's statement of the layer's output type
    },
  };
}
type AnyTensorLike = Tensor<Shape, import("../tensor/dtype.js").DType>;

/**
 * A named optimizer from `optim` (a GradientTransformation, whose methods are generic over any
 * tree) as the loop sees it; `asOptimizer` fixes its params type.
 */
export interface Transformation {
  init(params: unknown): unknown;
  update(grads: unknown, state: never, params?: never): readonly [unknown, unknown];
}

export function asOptimizer<P>(t: Transformation | Optimizer<P, unknown>): Optimizer<P, unknown> {
  return {
    init: (params) => t.init(params),
    // The transformation was initialised with params of type P, so state and updates follow P's tree.
    update: (grads, state, params) => t.update(grads, state as never, params as never) as readonly [Grad<P>, unknown],
  };
}
