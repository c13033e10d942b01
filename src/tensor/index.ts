// Tensors: the immutable value type, dtypes and constructors.
export { Tensor, ConcretizationError, DonatedTensorError, type AnyTensor } from "./tensor.js";
export { DTYPES, isDType, isFloat, itemSize, type DType, type DataOf, type FloatDType } from "./dtype.js";
export {
  arange, eye, fromArray, full, linspace, ones, onesLike, scalar, tensor, zeros, zerosLike, DataLengthError, type Dims,
} from "./create.js";
export { RaggedArrayError, type Nested, type NestedInput, type ShapeOfNested } from "./nested.js";
export { refineTensor, TensorCodec, type DTypeMismatch } from "./codec.js";
