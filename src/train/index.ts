// Training: the pure step, the loop, early stopping.
export { applyUpdates, classificationAccuracy, evalStep, trainStep, type Batch, type Metric, type StepMetrics, type StepOptions, type StepResult } from "./step.js";
export { fit, FitConfigError, NonFiniteError, type EpochRecord, type Examples, type FitOptions, type FitReporter, type FitResult, type TrainingState } from "./fit.js";
export { earlyStopping, EarlyStoppingConfigError, type EarlyStopping, type EarlyStoppingOptions, type EarlyStoppingState, type Monitor } from "./early-stopping.js";
export { modelFromAnyLayer, modelFromLayer, type LayerInput, type LayerOutput, type ApplyContext, type Loss, type Model, type Optimizer, type OptStateOf } from "./model.js";
export { resumeFrom, trainingMeta, type TrainingMeta } from "./resume.js";
export {
  loopHooks, MetricMeans, runHook, type BatchContext, type BatchEndContext, type Callback, type EpochContext, type EpochEndContext,
  type HookOutcome, type LoopHooks, type Metrics, type Observer, type TrainContext, type Verdict,
} from "./callbacks.js";
export {
  learningRateLogger, plateauScale, plateauScaleOf, plateauStep, reduceLROnPlateau, scaleByPlateau, withPlateauScale,
  type LearningRateCallback, type PlateauCallback, type PlateauFamily, type PlateauOptions, type PlateauProgress, type PlateauState,
} from "./learning-rate.js";
