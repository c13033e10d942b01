// The one interface every optimizer implements. A gradient transformation is a pair of pure
// functions over parameter trees:
//
//   init(params)                  → state
//   update(grads, state, params?) → [updates, state']
//
// and a training step applies the updates: params' = params + updates (see apply.ts). Nothing
// is mutated; the state is a value that the caller threads from step to step.
//
// An optimizer's state mirrors the parameters it optimizes (Adam keeps one first-moment tensor
// per parameter tensor), so the state's *type* is a function of the parameters' type. TypeScript
// has no type-level functions, so each transformation names a "state family": an interface whose
// `state` member is written in terms of `this["params"]`. `StateOf<F, P>` applies the family F
// to the parameter type P. For example, momentum's family says
//   state: TraceState<this["params"]>
// so `StateOf<TraceFamily, { w: Tensor<[3]> }>` is `TraceState<{ w: Tensor<[3]> }>`.

import type { AnyTensor } from "../tensor/index.js";
import type { Grad, Static } from "../tree/index.js";

/** A type-level function P ↦ state: implementations declare `state` in terms of `this["params"]`. */
export interface StateFamily {
  readonly params: unknown;
  readonly state: unknown;
}

/** The state type that family F gives for parameters (or gradients) of type P. */
export type StateOf<F extends StateFamily, P> = (F & { readonly params: P })["state"];

/** What `update` returns: the updates, of the gradients' own type, and the next state. */
export type Updated<F extends StateFamily, G> = readonly [updates: G, state: StateOf<F, G>];

/**
 * The parameters that gradients of type G belong to. A gradient has its parameters' tree and
 * leaf types (`Grad<P>`) without readonly modifiers, so parameters held in readonly records or
 * tuples are accepted too.
 */
export type ParamsOf<G> =
  unknown extends G ? unknown // gradients of an unknown tree: parameters of an unknown tree
  : G extends AnyTensor ? G
  : G extends Static ? G
  : { readonly [K in keyof G]: ParamsOf<G[K]> };

/**
 * An optimizer, or a building block of one, as a pair of pure functions.
 *
 * - `init(params)` builds the state; every per-parameter statistic has the shape and dtype of
 *   its parameter, so the state mirrors the tree of `params`.
 * - `update(grads, state, params?)` returns the updates (of the gradients' own type) and the
 *   next state. `params` is needed only by transformations that read the parameters (weight
 *   decay); the others ignore it.
 *
 * Both are built from tensor ops only, so a whole training step can be traced and compiled.
 * (Declared as methods, so any transformation can also be seen as a
 * `GradientTransformation<StateFamily>`, whose state is opaque: that is how chain holds them.)
 */
export interface GradientTransformation<F extends StateFamily> {
  // The state is built for the gradients' type, Grad<P> (P without readonly modifiers), which is
  // what update is given: so code generic over P threads one state type through init and update.
  init<P>(params: P): StateOf<F, Grad<P>>;
  // G is inferred from `grads` alone: the state and params are checked against it.
  update<G>(grads: G, state: NoInfer<StateOf<F, G>>, params?: NoInfer<ParamsOf<G>>): Updated<F, G>;
}

/** The state optimizer `T` keeps for parameters `P`, e.g. `StateFor<typeof adam, Params>`. */
export type StateFor<T, P> = T extends GradientTransformation<infer F> ? StateOf<F, Grad<P>> : never;

/** The state of a transformation that keeps none. */
export type EmptyState = { readonly [key: string]: never };

/** The family of transformations without state. */
export interface EmptyFamily extends StateFamily {
  readonly state: EmptyState;
}

/** The value of EmptyState (frozen: there is nothing in it to change). */
export const emptyState: EmptyState = Object.freeze({});
