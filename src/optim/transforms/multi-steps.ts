// Gradient accumulation: average the gradients of k consecutive mini-batches and let the inner
// optimizer take one step with that average, as if the batch were k times larger. The k − 1
// steps in between return zero updates and leave the inner state unchanged.
//
// A traced step has no branches, so every call computes the inner update and then selects, with
// `where`, between it and the "wait" result; the selection is exact.

import { add, div, equal, mul, sub, where } from "../../ops/index.js";
import type { Grad } from "../../tree/index.js";
import { checkBoolean, checkPositiveInteger } from "../config.js";
import { countAs, incrementCount, zeroCount, type Count } from "../count.js";
import { OptimizerConfigError } from "../errors.js";
import { checkGradsMatch, fullLikeTree, statisticLike, mapFloat2, perDType, selectTree, stretch } from "../leaf-ops.js";
import type { GradientTransformation, StateFamily, StateOf } from "../types.js";

export interface MultiStepsState<P, S> {
  /** Gradients accumulated since the last inner step: 0, 1, …, k − 1. */
  readonly miniStep: Count;
  /** Inner steps taken so far. */
  readonly gradientStep: Count;
  /** The inner optimizer's state. */
  readonly inner: S;
  /** The mean (or sum) of the gradients accumulated so far. */
  readonly acc: Grad<P>;
}

export interface MultiStepsFamily<F extends StateFamily> extends StateFamily {
  readonly state: MultiStepsState<this["params"], StateOf<F, this["params"]>>;
}

export interface MultiStepsOptions {
  /** Pass the inner optimizer the mean of the k gradients (default true) rather than their sum. */
  readonly useGradMean?: boolean;
}

/**
 * With n = miniStep (gradients accumulated before this one):
 *
 *   a ← a + (g − a)/(n + 1)   (the running mean; a + g with useGradMean: false)
 *   if n + 1 = k:  [u, s] = inner.update(a, s);  a ← 0;  n ← 0
 *   else:          u = 0;                              n ← n + 1
 */
export function multiSteps<F extends StateFamily>(
  inner: GradientTransformation<F>, everyK: number, options: MultiStepsOptions = {},
): GradientTransformation<MultiStepsFamily<F>> {
  const name = "multiSteps";
  if (typeof inner !== "object" || inner === null || typeof inner.init !== "function" || typeof inner.update !== "function") {
    throw new OptimizerConfigError(name, "inner", inner, "a gradient transformation { init, update }");
  }
  const k = checkPositiveInteger(name, "everyK", everyK);
  const useMean = checkBoolean(name, "useGradMean", options.useGradMean ?? true);
  return {
    init: (params) => ({ miniStep: zeroCount(), gradientStep: zeroCount(), inner: inner.init(params), acc: statisticLike(params, 0) }),
    update: (grads, state, params) => {
      checkGradsMatch(name, state.acc, grads);
      const weight = perDType((dtype) => div(1, add(1, countAs(state.miniStep, dtype))));
      const acc = mapFloat2(name, grads, state.acc, (g, a) => (useMean ? add(a, mul(stretch(weight(g.dtype), a), sub(g, a))) : add(a, g)));
      const emit = equal(state.miniStep, k - 1);
      const [innerUpdates, innerState] = inner.update(acc, state.inner, params);
      const zero = fullLikeTree(grads, 0);
      return [
        selectTree(name, emit, innerUpdates, zero),
        {
          miniStep: where(emit, 0, add(state.miniStep, 1)),
          gradientStep: where(emit, incrementCount(state.gradientStep), state.gradientStep),
          inner: selectTree(name, emit, innerState, state.inner),
          acc: selectTree(name, emit, zero, acc),
        },
      ];
    },
  };
}
