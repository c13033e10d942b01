// Test helper: run f, expecting a TensorShapeError, and return it so its fields can be checked.
import { TensorShapeError } from "../../src/shape/index.js";

export function thrown(f: () => unknown): TensorShapeError {
  try {
    f();
  } catch (e) {
    if (e instanceof TensorShapeError) return e;
    throw new Error(`expected a TensorShapeError, got ${String(e)}`);
  }
  throw new Error("expected a TensorShapeError, but nothing was thrown");
}
