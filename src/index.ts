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
  fit, trainStep, evalStep, applyUpdates, earlyStopping, modelFromLayer,
  type EpochRecord, type FitOptions, type FitResult, type Model, type Optimizer, type TrainingState,
} from "./train/index.js";
export { jit, DonationError, referenceBackend, type Backend, type Jitted, type JitOptions } from "./backend/jit/index.js";
export { createWasmBackend, wasmBackend, type WasmBackend } from "./backend/wasm-jit/index.js";
export { version } from "./version.js";
