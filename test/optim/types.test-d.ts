// The optimizer types: states derived from the parameters' type, updates of the gradients' own
// type, chain states as typed tuples, and mismatches rejected at compile time.
import { describe, expectTypeOf, it } from "vitest";
import {
  adam, adamw, chain, clipByGlobalNorm, identity, lion, momentum, multiSteps, scaleByAdam, sgd, traceMomentum,
  applyUpdates, cosineDecay,
  type AdamState, type CountState, type EmptyState, type GradientTransformation, type LionState, type MultiStepsState,
  type StateOf, type TraceFamily, type TraceState, type ChainFamily, type Schedule,
} from "../../src/optim/index.js";
import type { Tensor } from "../../src/tensor/index.js";
import type { Grad } from "../../src/tree/index.js";

interface Params {
  readonly w: Tensor<[784, 10]>;
  readonly b: Tensor<[10]>;
  readonly layers: readonly [{ readonly k: Tensor<[3, 3], "float64"> }];
}
declare const params: Params;
declare const grads: Grad<Params>;
declare const step: Tensor<[], "float64">;
/** What the state keeps per parameter: the gradient type, i.e. the params' tree without readonly. */
type PerParam = { w: Tensor<[784, 10]>; b: Tensor<[10]>; layers: [{ k: Tensor<[3, 3], "float64"> }] };

describe("states are derived from the parameters' type", () => {
  it("sgd(0.1).init(params) is the tuple of its blocks' states", () => {
    expectTypeOf(sgd(0.1).init(params)).toEqualTypeOf<readonly [EmptyState, CountState]>();
    expectTypeOf(sgd(0.1, { momentum: 0.9 }).init(params)).toEqualTypeOf<readonly [TraceState<Params>, CountState]>();
    expectTypeOf(momentum(0.1).init(params)[0].trace).toEqualTypeOf<PerParam>();
  });

  it("adam's moments mirror the params, leaf shapes and dtypes included", () => {
    const state = adam(1e-3).init(params);
    expectTypeOf(state).toEqualTypeOf<readonly [AdamState<Params>, CountState]>();
    expectTypeOf(state[0].mu).toEqualTypeOf<PerParam>();
    expectTypeOf(state[0].nu.layers[0].k).toEqualTypeOf<Tensor<[3, 3], "float64">>();
    expectTypeOf(state[0].count).toEqualTypeOf<Tensor<[], "int32">>();
    expectTypeOf(adamw(1e-3).init(params)).toEqualTypeOf<readonly [AdamState<Params>, EmptyState, CountState]>();
    expectTypeOf(lion(1e-4).init(params)[0]).toEqualTypeOf<LionState<Params>>();
  });

  it("StateOf applies a family to a parameter type", () => {
    expectTypeOf<StateOf<TraceFamily, Params>>().toEqualTypeOf<TraceState<Params>>();
    expectTypeOf<StateOf<ChainFamily<[TraceFamily, TraceFamily]>, Params>>().toEqualTypeOf<readonly [TraceState<Params>, TraceState<Params>]>();
  });
});

describe("update", () => {
  it("returns updates of the gradients' own type and the next state of the init's type", () => {
    const opt = adam(1e-3);
    const state = opt.init(params);
    const [updates, next] = opt.update(grads, state, params);
    expectTypeOf(updates).toEqualTypeOf<Grad<Params>>();
    expectTypeOf(updates.layers[0].k).toEqualTypeOf<Tensor<[3, 3], "float64">>();
    expectTypeOf(opt.update(grads, next, params)[1]).toEqualTypeOf(next);
    expectTypeOf(applyUpdates(params, updates)).toEqualTypeOf<Params>();
  });

  it("rejects another optimizer's state, and params that do not match the gradients", () => {
    // @ts-expect-error sgd's state is not adam's
    adam(1e-3).update(grads, sgd(0.1).init(params), params);
    // @ts-expect-error the params must be the gradients' parameters
    adam(1e-3).update(grads, adam(1e-3).init(params), { w: params.w });
  });

  it("rejects updates of another tree in applyUpdates", () => {
    // @ts-expect-error b is missing
    applyUpdates(params, { w: grads.w, layers: grads.layers });
  });
});

describe("chain", () => {
  it("infers its state as the typed tuple of the chained states", () => {
    const opt = chain(clipByGlobalNorm(1), traceMomentum({ decay: 0.9 }), identity());
    expectTypeOf(opt.init(params)).toEqualTypeOf<readonly [EmptyState, TraceState<Params>, EmptyState]>();
    const nested = chain(chain(scaleByAdam(), identity()), traceMomentum());
    expectTypeOf(nested.init(params)).toEqualTypeOf<readonly [readonly [AdamState<Params>, EmptyState], TraceState<Params>]>();
  });

  it("wraps multiSteps around any optimizer, keeping the inner state's type", () => {
    const state = multiSteps(adam(1e-3), 4).init(params);
    expectTypeOf(state).toEqualTypeOf<MultiStepsState<Params, readonly [AdamState<Params>, CountState]>>();
    expectTypeOf(state.acc).toEqualTypeOf<PerParam>();
  });

  it("lets any transformation be held with an opaque state", () => {
    const opaque: GradientTransformation<{ readonly params: unknown; readonly state: unknown }> = adam(1e-3);
    expectTypeOf(opaque.init(params)).toEqualTypeOf<unknown>();
  });
});

describe("learning rates", () => {
  it("accept a number or a schedule, and a schedule is callable on a step tensor and at a number", () => {
    const schedule = cosineDecay({ initValue: 0.1, decaySteps: 100 });
    expectTypeOf(schedule).toMatchTypeOf<Schedule>();
    expectTypeOf(schedule.at(3)).toEqualTypeOf<number>();
    expectTypeOf(schedule).toBeCallableWith(step);
    expectTypeOf(adam(schedule).init(params)).toEqualTypeOf<readonly [AdamState<Params>, CountState]>();
  });
});
