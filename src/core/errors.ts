// Errors raised while checking a primitive application. Each names the primitive, the shapes
// involved and what was expected.

import type { DType } from "../tensor/dtype.js";
import { TensorShapeError } from "../shape/index.js";

export const shapeError = (op: string, shapes: readonly (readonly number[])[], expected: string): TensorShapeError =>
  new TensorShapeError(op, shapes, expected);

/**
 * Class labels of the wrong dtype, or with values that are not class indices (raised by nn's
 * label checks, and by the `checkIndices` primitive when labels are only known at run time).
 */
export class LabelError extends TypeError {
  readonly _tag = "LabelError";
  override readonly name = "LabelError";
  constructor(readonly op: string, readonly got: string, readonly expected: string) {
    super(`${op}: got ${got} (expected ${expected})`);
  }
}

export class DTypeError extends TypeError {
  readonly _tag = "DTypeError";
  constructor(readonly op: string, readonly dtypes: readonly DType[], readonly expected: string) {
    super(`${op}: got dtype${dtypes.length === 1 ? "" : "s"} ${dtypes.join(", ")}, expected ${expected}`);
  }
}
