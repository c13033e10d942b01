// The shape algebra: what shapes are, the rules that give the shape of each operation's
// result, once for the type checker and once for runtime values.
//
// Type level (src/shape/types, arith): each rule takes shape tuples and returns the result
// shape, or a ShapeError whose message names the operation and the shapes. Ops put the rule on
// an argument, `b: Tensor<B> & Guard<Matmul<A, B>>`, so a mismatch is reported right there, and
// return `Tensor<Ok<Matmul<A, B>>>`.
//
// Runtime (src/shape/runtime): the same rules for plain `readonly number[]` shapes, throwing
// TensorShapeError; and refineShape / ShapeCodec, which turn shapes from the outside world into
// typed ones.

export type { Dim, Named, Shape } from "./dim.js";
export type { AnyShapeError, Guard, Ok, ShapeError } from "./error.js";
export type { IsSame } from "./same.js";
export type { ShowShape } from "./show.js";

export type { Add } from "./arith/add.js";
export type { Sub } from "./arith/sub.js";
export type { Mul, Product } from "./arith/mul.js";

export type { DimAt, NormAxis } from "./types/axis.js";
export type { Broadcast } from "./types/broadcast.js";
export type { Concat, ConcatAll, Stack } from "./types/concat.js";
export type { Flatten } from "./types/flatten.js";
export type { Matmul } from "./types/matmul.js";
export type { Permute, SwapLast, Transpose } from "./types/permute.js";
export type { Reduce, ReduceAll } from "./types/reduce.js";
export type { Reshape } from "./types/reshape.js";
export type { Slice } from "./types/slice.js";
export type { ExpandDims, Squeeze } from "./types/squeeze.js";
export type { Pad, PadWidths } from "./types/pad.js";
export type { Take } from "./types/take.js";
export type { OrOne, Prefixes, StretchesInto, Suffixes } from "./types/stretch.js";
export type { FlattenDecided } from "./types/flatten.js";

export { TensorShapeError } from "./runtime/error.js";
export { checkShape, shapesEqual, sizeOf, stridesOf } from "./runtime/basics.js";
export { shapeToString } from "./runtime/show.js";
export { normalizeAxes, normalizeAxis } from "./runtime/axis.js";
export { broadcastShapes } from "./runtime/broadcast.js";
export { concatShape, stackShape } from "./runtime/concat.js";
export { flattenShape } from "./runtime/flatten.js";
export { matmulShape } from "./runtime/matmul.js";
export { permuteShape, swapLastShape, transposeShape } from "./runtime/permute.js";
export { reduceShape } from "./runtime/reduce.js";
export { reshapeShape } from "./runtime/reshape.js";
export { sliceShape } from "./runtime/slice.js";
export { expandDimsShape, squeezeShape } from "./runtime/squeeze.js";
export { refineShape, type DimSpec, type FromSpec, type ShapeRefineError } from "./runtime/refine.js";
export { ShapeCodec } from "./runtime/codec.js";
