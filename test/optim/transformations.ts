// Random transformations for the law tests: every building block and named optimizer, with
// random valid hyperparameters.

import fc from "fast-check";
import {
  adagrad, adam, adamw, addDecayedWeights, clipByGlobalNorm, clipByValue, cosineDecay, exponentialDecay, identity, lion, momentum,
  multiSteps, piecewiseConstantSchedule, rmsprop, scale, scaleByAdagrad, scaleByAdam, scaleByLearningRate, scaleByLion, scaleByRms,
  scaleBySchedule, sgd, traceMomentum, type LearningRate, type Schedule,
} from "../../src/optim/index.js";
import type { Transformation } from "./laws.js";

const decay = fc.double({ min: 0, max: 0.99, noNaN: true });
const positive = (min: number, max: number) => fc.double({ min, max, noNaN: true });

export const scheduleArb: fc.Arbitrary<Schedule> = fc.oneof(
  fc.record({ initValue: positive(0.01, 1), decaySteps: fc.integer({ min: 1, max: 5 }) }).map((o) => cosineDecay(o)),
  fc.record({ initValue: positive(0.01, 1), transitionSteps: fc.integer({ min: 1, max: 3 }), decayRate: positive(0.1, 0.9), staircase: fc.boolean() })
    .map((o) => exponentialDecay(o)),
  fc.tuple(positive(0.01, 1), fc.integer({ min: 0, max: 3 }), positive(0.1, 2)).map(([v, b, s]) => piecewiseConstantSchedule(v, [[b, s]])),
);

export const learningRateArb: fc.Arbitrary<LearningRate> = fc.oneof(positive(1e-3, 0.5), scheduleArb);

/** Every building block, with random hyperparameters. */
export const blockArb: fc.Arbitrary<Transformation> = fc.oneof(
  fc.constant(identity()),
  positive(-2, 2).map((s) => scale(s)),
  fc.record({ decay, nesterov: fc.boolean() }).map((o) => traceMomentum(o)),
  fc.record({ b1: decay, b2: decay, eps: positive(1e-8, 1e-3) }).map((o) => scaleByAdam(o)),
  fc.record({ decay, eps: positive(1e-8, 1e-3), initialScale: positive(0, 1) }).map((o) => scaleByRms(o)),
  fc.record({ initialAccumulatorValue: positive(0, 1), eps: positive(1e-8, 1e-3) }).map((o) => scaleByAdagrad(o)),
  fc.record({ b1: decay, b2: decay }).map((o) => scaleByLion(o)),
  positive(0, 0.5).map((w) => addDecayedWeights(w)),
  positive(0, 2).map((d) => clipByValue(d)),
  positive(0.1, 5).map((c) => clipByGlobalNorm(c)),
  scheduleArb.map((s) => scaleBySchedule(s)),
  learningRateArb.map((lr) => scaleByLearningRate(lr)),
);

/** Every named optimizer, with a random learning rate and random hyperparameters. */
export const optimizerArb: fc.Arbitrary<Transformation> = fc.oneof(
  learningRateArb.map((lr) => sgd(lr)),
  fc.tuple(learningRateArb, decay, fc.boolean()).map(([lr, m, nesterov]) => sgd(lr, { momentum: m, nesterov })),
  fc.tuple(learningRateArb, decay).map(([lr, beta]) => momentum(lr, { beta })),
  fc.tuple(learningRateArb, decay, decay).map(([lr, b1, b2]) => adam(lr, { b1, b2 })),
  fc.tuple(learningRateArb, positive(0, 0.1)).map(([lr, weightDecay]) => adamw(lr, { weightDecay })),
  fc.tuple(learningRateArb, decay).map(([lr, d]) => rmsprop(lr, { decay: d })),
  learningRateArb.map((lr) => adagrad(lr)),
  fc.tuple(learningRateArb, decay, decay).map(([lr, b1, b2]) => lion(lr, { b1, b2 })),
  fc.tuple(learningRateArb, fc.integer({ min: 1, max: 3 })).map(([lr, k]) => multiSteps(adam(lr), k)),
);

export const transformationArb: fc.Arbitrary<Transformation> = fc.oneof(blockArb, optimizerArb);
