// Laws of gradient transformations, as pure predicates over a transformation (or several), the
// parameters and a sequence of gradients. They return true when the law holds; checkTransformation
// (check-transformation.ts) runs them on a user's own transformation.

import { applyUpdates } from "../../src/optim/apply.js";
import { chain, identity } from "../../src/optim/chain.js";
import type { GradientTransformation, StateFamily } from "../../src/optim/types.js";
import { zerosLike } from "../../src/tensor/create.js";
import { flatten, map } from "../../src/tree/tree.js";
import { identicalLeaves, identicalTrees, numbersOf } from "./trees.js";

/** A transformation whose state is opaque: what the laws quantify over. */
export type Transformation = GradientTransformation<StateFamily>;

export interface Trajectory {
  readonly updates: readonly unknown[];
  readonly states: readonly unknown[];
}

/** The updates and states of t fed the gradients one after another from init(params); params stay fixed. */
export function trajectory(t: Transformation, params: unknown, gradients: readonly unknown[]): Trajectory {
  const updates: unknown[] = [];
  const states: unknown[] = [t.init(params)];
  for (const g of gradients) {
    const [u, s] = t.update(g, states[states.length - 1], params);
    updates.push(u);
    states.push(s);
  }
  return { updates, states };
}

/** Identical updates at every step, and states whose leaves are identical (nesting may differ). */
const sameBehaviour = (a: Trajectory, b: Trajectory): boolean =>
  a.updates.length === b.updates.length &&
  a.updates.every((u, i) => identicalTrees(u, b.updates[i])) &&
  a.states.every((s, i) => identicalLeaves(s, b.states[i]));

/** chain(a, chain(b, c)) ≡ chain(chain(a, b), c). */
export function chainIsAssociative(a: Transformation, b: Transformation, c: Transformation, params: unknown, gradients: readonly unknown[]): boolean {
  return sameBehaviour(trajectory(chain(a, chain(b, c)), params, gradients), trajectory(chain(chain(a, b), c), params, gradients));
}

/** chain(identity(), t) ≡ t ≡ chain(t, identity()). */
export function identityIsUnit(t: Transformation, params: unknown, gradients: readonly unknown[]): boolean {
  const alone = trajectory(t, params, gradients);
  return sameBehaviour(trajectory(chain(identity(), t), params, gradients), alone) && sameBehaviour(trajectory(chain(t, identity()), params, gradients), alone);
}

/** chain(a, b) feeds a's updates to b: its updates are b's trajectory over a's updates. */
export function chainComposesInOrder(a: Transformation, b: Transformation, params: unknown, gradients: readonly unknown[]): boolean {
  const first = trajectory(a, params, gradients);
  const second = trajectory(b, params, first.updates);
  const chained = trajectory(chain(a, b), params, gradients);
  return chained.updates.every((u, i) => identicalTrees(u, second.updates[i]));
}

/** With zero gradients the parameters do not move: θ + u = θ at every step. */
export function zeroGradientIsFixedPoint(t: Transformation, params: unknown, steps: number): boolean {
  const zero = map(params, zerosLike);
  let state = t.init(params);
  let current = params;
  for (let i = 0; i < steps; i++) {
    const [u, s] = t.update(zero, state, current);
    state = s;
    current = applyUpdates(current, u);
  }
  return identicalTrees(current, params);
}

/**
 * update is a function: it leaves its arguments as they were, and the same arguments give
 * identical results.
 */
export function updateIsPure(t: Transformation, params: unknown, gradients: readonly unknown[]): boolean {
  const { states } = trajectory(t, params, gradients.slice(0, -1));
  const state = states[states.length - 1];
  const grads = gradients[gradients.length - 1];
  const before = [params, grads, state].map(numbersOf);
  const [u1, s1] = t.update(grads, state, params);
  const [u2, s2] = t.update(grads, state, params);
  const after = [params, grads, state].map(numbersOf);
  return JSON.stringify(before) === JSON.stringify(after) && identicalTrees(u1, u2) && identicalTrees(s1, s2);
}

/** The structure of a tree with each leaf's shape and dtype: what must not change from step to step. */
export function layout(tree: unknown): string {
  const [ls, def] = flatten(tree);
  return JSON.stringify({ def, leaves: ls.map((x) => `${x.dtype}[${x.shape.join(",")}]`) });
}

/** Every state along the trajectory has init's structure, leaf shapes and dtypes. */
export function stateLayoutIsPreserved(t: Transformation, params: unknown, gradients: readonly unknown[]): boolean {
  const { states } = trajectory(t, params, gradients);
  const first = layout(states[0]);
  return states.every((s) => layout(s) === first);
}

/** Every update has the gradient's structure, leaf shapes and dtypes (so params + updates is defined). */
export function updatesHaveGradientLayout(t: Transformation, params: unknown, gradients: readonly unknown[]): boolean {
  const { updates } = trajectory(t, params, gradients);
  return updates.every((u, i) => layout(u) === layout(gradients[i]));
}
