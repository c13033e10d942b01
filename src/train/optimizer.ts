// The optimizer as the training step calls it, for parameters of the model's type P.
//
// An optimizer's `init` types its state by the parameters (OptStateOf<T, P>) and its `update` by
// the gradients (OptStateOf<T, Grad<P>>). Every state keeps Grad<P> per leaf, so for any concrete
// P the two are one type (a test asserts it for each named optimizer), but the compiler cannot see
// that for a type parameter P, nor look through a type parameter T to its state family. These two
// functions, and only they, call the optimizer through its opaque view and restate the types.

import type { Grad } from "../tree/tree.js";
import type { Optimizer, OptStateOf } from "./model.js";

/** The optimizer's initial state for `params`: `optimizer.init(params)`. */
export function optimizerInit<P, T extends Optimizer>(optimizer: T, params: P): OptStateOf<T, P> {
  const opaque: Optimizer = optimizer;
  return opaque.init(params) as OptStateOf<T, P>; // init builds T's state for P's tree
}

/** The updates and the next state: `optimizer.update(grads, state, params)`. */
export function optimizerUpdate<P, T extends Optimizer>(optimizer: T, grads: Grad<P>, state: OptStateOf<T, P>, params: P): readonly [Grad<P>, OptStateOf<T, P>] {
  const opaque: Optimizer = optimizer;
  const [updates, next] = opaque.update<unknown>(grads, state, params);
  // update returns updates of the gradients' own type and the next state of the state's type.
  return [updates as Grad<P>, next as OptStateOf<T, P>];
}
