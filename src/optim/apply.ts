// The last arrow of a training step: the parameters move by the updates.

import type { Grad } from "../tree/index.js";
import { add } from "../ops/index.js";
import { mapFloat2 } from "./leaf-ops.js";

/** The updates for parameters of type P: `Grad<P>`, or an unknown tree when P is unknown (a tree built at runtime). */
export type UpdatesOf<P> = unknown extends P ? unknown : Grad<P>;

/** θ' = θ + u, leaf by leaf (the updates already carry the minus sign); the result has the
 *  parameters' type. The first signature serves code generic over P (updates of type Grad<P>,
 *  as update returns them); the second also takes the updates of a tree built at runtime. */
export function applyUpdates<P>(params: P, updates: Grad<NoInfer<P>>): P;
export function applyUpdates<P>(params: P, updates: UpdatesOf<P>): P;
export function applyUpdates<P>(params: P, updates: UpdatesOf<P>): P {
  return mapFloat2("applyUpdates", params, updates, (p, u) => add(p, u));
}
