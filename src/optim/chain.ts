// Composition of gradient transformations. `chain(a, b, c)` feeds the gradients through a, its
// output through b, and b's through c; its state is the tuple of their states, so its type is
// the tuple of their state types. `identity()` leaves the gradients alone and is chain's unit:
// chain(identity(), t) and chain(t, identity()) behave exactly as t.

import { TreeMismatchError } from "../tree/index.js";
import { emptyState, type EmptyFamily, type GradientTransformation, type StateFamily, type StateOf } from "./types.js";

/** u = g. */
export function identity(): GradientTransformation<EmptyFamily> {
  return { init: () => emptyState, update: (grads, state) => [grads, state] };
}

/** The state of `chain(t₁, …, tₙ)`: the tuple of the tᵢ's states. */
export interface ChainFamily<Fs extends readonly StateFamily[]> extends StateFamily {
  readonly state: { readonly [K in keyof Fs]: StateOf<Fs[K], this["params"]> };
}

/**
 * (t₁ ; t₂ ; … ; tₙ): u = tₙ(… t₂(t₁(g)) …), each tᵢ with its own state. Associative, with
 * identity() as unit.
 */
export function chain<const Fs extends readonly StateFamily[]>(
  ...transformations: { readonly [K in keyof Fs]: GradientTransformation<Fs[K]> }
): GradientTransformation<ChainFamily<Fs>> {
  const steps: readonly GradientTransformation<StateFamily>[] = transformations;
  return {
    init: (params) => {
      const states: unknown = steps.map((t) => t.init(params));
      // Element i is the state that transformation i builds, as ChainFamily says.
      return states as StateOf<ChainFamily<Fs>, typeof params>;
    },
    update: (grads, state, params) => {
      const given: unknown = state;
      if (!Array.isArray(given) || given.length !== steps.length) {
        const got = Array.isArray(given) ? `an array of length ${given.length}` : typeof given;
        throw new TreeMismatchError("chain.update", "$", `a tuple of ${steps.length} state(s), one per chained transformation`, got);
      }
      let updates = grads;
      const next: unknown[] = [];
      steps.forEach((t, i) => {
        const [u, s] = t.update(updates, given[i], params);
        updates = u;
        next.push(s);
      });
      const states: unknown = next;
      // Element i is the next state that transformation i returned, as ChainFamily says.
      return [updates, states as StateOf<ChainFamily<Fs>, typeof grads>];
    },
  };
}
