// Training: the pure step, the loop, early stopping.
export { applyUpdates, classificationAccuracy, evalStep, trainStep, type Batch, type StepMetrics, type StepOptions, type StepResult } from "./step.js";
export { fit, FitConfigError, NonFiniteError, type EpochRecord, type Examples, type FitOptions, type FitReporter, type FitResult, type TrainingState } from "./fit.js";
export { earlyStopping, EarlyStoppingConfigError, type EarlyStopping, type EarlyStoppingOptions, type EarlyStoppingState, type Monitor } from "./early-stopping.js";
export { modelFromAnyLayer, modelFromLayer, type LayerInput, type LayerOutput, type ApplyContext, type Loss, type Model, type Optimizer, type OptStateOf } from "./model.js";
export { resumeFrom, trainingMeta, type TrainingMeta } from "./resume.js";
