// What training needs from a model and a loss. A model is a plain record of pure functions: it
// maps (params, state, input) to (output, new state) — state holds e.g. batch-norm's running
// statistics. The optimizer is any `optim` GradientTransformation, whose state type follows the
// params type (see optim/types.ts).

import type { Key } from "../random/index.js";
import type { Shape } from "../shape/index.js";
import type { FloatDType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Ok } from "../shape/index.js";
import type { GradientTransformation, StateFamily, StateFor } from "../optim/types.js";
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

/**
 * Any optimizer `optim` builds (`optim.adam(1e-3)`, `optim.chain(optim.clipByGlobalNorm(1),
 * optim.adamw(schedule))`, …) or that is written against its GradientTransformation interface.
 */
export type Optimizer = GradientTransformation<StateFamily>;

/**
 * The state optimizer T keeps for parameters P: what `optimizer.init(params)` returns, e.g.
 * `[AdamState<P>, CountState]` for `optim.adam`; for a union of optimizers, the union of their states.
 */
export type OptStateOf<T extends Optimizer, P> = StateFor<T, P>;

/**
 * A scalar loss of a model output against labels. Its parameters are compared bivariantly (it is
 * declared as a method), so a loss written for the batches it sees, `(logits: Tensor<[number, 10]>,
 * labels: Tensor<[number], "int32">)`, fits a model whose output type is the general
 * `Tensor<[...number[], 10]>` of a dense layer: the one type narrows the other, and the loss checks
 * the rank at runtime. A loss whose dims contradict the model's (10 classes against 3) is rejected.
 */
export type Loss<Y, L> = LossMethod<Y, L>["loss"];
interface LossMethod<Y, L> {
  loss(output: Y, labels: L): Tensor<[], FloatDType>;
}

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
