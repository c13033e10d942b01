// tygrad: a functional, immutable deep-learning DSL with compile-time tensor shapes.
//
//   forward pass ──▶ loss ──▶ backward pass (vjp) ──▶ optimizer update ──▶ repeat
//
// Each arrow is a pure function over shape-typed tensors.

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
