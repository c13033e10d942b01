// The step counter kept in the state of step-dependent transformations (Adam's bias correction,
// schedules). It is an int32 scalar tensor, so it lives in the state like any other value and a
// traced training step can increment it.

import { add, less, where } from "../ops/index.js";
import { zeros, type FloatDType, type Tensor } from "../tensor/index.js";
import { convert } from "./leaf-ops.js";

/** The number of updates made so far, as an int32 scalar. */
export type Count = Tensor<[], "int32">;

/** The state of a transformation that only counts its updates. */
export interface CountState {
  readonly count: Count;
}

const INT32_MAX = 2 ** 31 - 1;

export const zeroCount = (): Count => zeros([], "int32");

/** count + 1, saturating at 2³¹ − 1 so that a very long run never wraps to a negative step. */
export const incrementCount = (count: Count): Count => where(less(count, INT32_MAX), add(count, 1), count);

/** The count as a float scalar of the given dtype, for step-dependent arithmetic. */
export const countAs = <D extends FloatDType>(count: Count, dtype: D): Tensor<[], D> => convert(count, dtype);
