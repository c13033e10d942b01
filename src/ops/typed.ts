// The bridge between the untyped primitive layer and the typed user-facing ops. A user-facing
// op computes its result's shape twice: at the type level (the shape rules) and at runtime (the
// same rules on numbers, which throw TensorShapeError for `number` dims that turn out wrong).
// `typed` attaches the type-level result to the runtime tensor; it is the single place where the
// two meet.

import type { Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import { full } from "../core/lax.js";
import type { Tensor, AnyTensor } from "../tensor/tensor.js";

/** Re-types a tensor whose runtime shape was checked by the matching runtime rule. */
export const typed = <S extends Shape, D extends DType>(x: AnyTensor): Tensor<S, D> => x as Tensor<S, D>;

/** A number operand becomes a scalar of the other operand's dtype. */
export const asTensor = (x: AnyTensor | number, dtype: DType): AnyTensor => (typeof x === "number" ? full([], x, dtype) : x);

/** The dtype of the first tensor among the operands (float32 if both are numbers). */
export const dtypeOf = (...xs: readonly (AnyTensor | number)[]): DType => {
  for (const x of xs) if (typeof x !== "number") return x.dtype;
  return "float32";
};
