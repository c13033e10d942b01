// Optimizers as pure state transitions: the GradientTransformation interface, its composition
// (chain), the building blocks, the named optimizers built from them, and schedules.
//
//   const opt = adam(1e-3);
//   let state = opt.init(params);
//   const [updates, next] = opt.update(grads, state, params);
//   params = applyUpdates(params, updates);

export type { EmptyFamily, EmptyState, GradientTransformation, ParamsOf, StateFamily, StateFor, StateOf, Updated } from "./types.js";
export { emptyState } from "./types.js";
export { GradientDTypeError, MissingParamsError, OptimizerConfigError } from "./errors.js";
export type { Count, CountState } from "./count.js";
export { chain, identity, type ChainFamily } from "./chain.js";
export { applyUpdates, type UpdatesOf } from "./apply.js";

export {
  checkLearningRate, scale, scaleByLearningRate, scaleBySchedule, type CountFamily, type LearningRate,
} from "./transforms/scale.js";
export { traceMomentum, type TraceFamily, type TraceOptions, type TraceState } from "./transforms/trace.js";
export { scaleByAdam, type AdamFamily, type AdamOptions, type AdamState } from "./transforms/adam.js";
export { scaleByRms, type RmsFamily, type RmsOptions, type RmsState } from "./transforms/rms.js";
export { scaleByAdagrad, type AdagradFamily, type AdagradOptions, type AdagradState } from "./transforms/adagrad.js";
export { scaleByLion, type LionFamily, type LionOptions, type LionState } from "./transforms/lion.js";
export { addDecayedWeights } from "./transforms/weight-decay.js";
export { clipByGlobalNorm, clipByValue, globalNorm } from "./transforms/clip.js";
export { multiSteps, type MultiStepsFamily, type MultiStepsOptions, type MultiStepsState } from "./transforms/multi-steps.js";

export {
  adagrad, adam, adamw, lion, momentum, rmsprop, sgd,
  type AdagradOptimizerOptions, type AdamOptimizerOptions, type AdamwOptions, type LionOptimizerOptions, type MomentumOptions,
  type RmspropOptions, type SgdOptions,
} from "./optimizers.js";

export { constantSchedule, joinSchedules, makeSchedule, type Schedule, type ScheduleFn } from "./schedules/schedule.js";
export { linearSchedule, polynomialSchedule, type LinearScheduleOptions, type PolynomialScheduleOptions } from "./schedules/polynomial.js";
export { exponentialDecay, stepDecay, type ExponentialDecayOptions, type StepDecayOptions } from "./schedules/exponential.js";
export { cosineDecay, warmupCosineDecay, type CosineDecayOptions, type WarmupCosineDecayOptions } from "./schedules/cosine.js";
export { piecewiseConstantSchedule } from "./schedules/piecewise.js";
