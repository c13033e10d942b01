// tygrad: a functional, immutable deep-learning DSL with compile-time tensor shapes.
//
//   forward pass ──▶ loss ──▶ backward pass (vjp) ──▶ optimizer update ──▶ repeat
//
// Each arrow is a pure function over shape-typed tensors.

// The WebAssembly backend becomes jit's default, and eager float matmuls use its kernels
// (TYGRAD_BACKEND=reference keeps the reference interpreter everywhere).
import "./backend/wasm-jit/register.js";

export * from "./tensor/index.js";
export * from "./ops/index.js";
export { assertDType, assertShape } from "./ops/assert.js";
export * from "./ad/index.js";
export * from "./core/index.js";
export * as tree from "./tree/index.js";
export type { Grad, Tangent, Tree } from "./tree/index.js";
export { TreeMismatchError } from "./tree/index.js";
export {
  TensorShapeError, refineShape, ShapeCodec,
  type Dim, type Named, type Shape, type ShapeError, type Broadcast, type Matmul, type Reshape, type Flatten, type Concat,
  type Permute, type Transpose, type Reduce, type Squeeze, type ExpandDims, type Slice,
} from "./shape/index.js";

// Layers, optimizers, data, randomness, training, reporting and files, each as a namespace
// (their names overlap: nn.relu vs relu, data.split vs random.split).
export * as nn from "./nn/index.js";
export * as optim from "./optim/index.js";
export * as data from "./data/index.js";
export * as random from "./random/index.js";
export * as report from "./report/index.js";
export * as io from "./io/index.js";
export type { Key } from "./random/index.js";
export { key, split as splitKey, fold } from "./random/index.js";
export {
  fit, NonFiniteError, trainStep, evalStep, applyUpdates, earlyStopping, modelFromLayer, resumeFrom, trainingMeta, reduceLROnPlateau, learningRateLogger,
  type Callback, type Metric, type EpochRecord, type FitOptions, type FitResult, type Loss, type Model, type Optimizer, type OptStateOf, type TrainingMeta,
  type TrainingState,
} from "./train/index.js";
export { scan, ScanError, type ScanOptions, type Stacked, type StepsOf } from "./ops/scan.js";
export { jit, DonationError, JitOptionsError, referenceBackend, type Backend, type Jitted, type JitOptions, type JitStats, type StaticArg } from "./backend/jit/index.js";
export { createWasmBackend, wasmBackend, type WasmBackend } from "./backend/wasm-jit/index.js";

// Every error a caller can catch, at the root as well as in its namespace (the other error classes
// come in with `export *` above; test/package/errors.test.ts checks that none is missing).
export { FitConfigError, EarlyStoppingConfigError } from "./train/index.js";
export { LabelError, LayerConfigError } from "./nn/index.js";
export { GradientDTypeError, MissingParamsError, OptimizerConfigError } from "./optim/index.js";
export { StagedKeyError } from "./random/index.js";
export { TreeLeafError } from "./tree/index.js";
export { ExecutableInputError, ThreadsOptionError } from "./backend/wasm-jit/index.js";
export { CompileError } from "./backend/wasm-jit/state.js";
export type { CheckpointError, FileError, SafetensorsError } from "./io/index.js";
export type { CsvError, IdxError } from "./data/index.js";
export { version } from "./version.js";
