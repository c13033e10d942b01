// The errors of the nn building blocks. Shape problems are the library's TensorShapeError;
// the two kinds here are for what is not a shape: a layer configured with impossible values
// (a dropout rate of 1.5, a stride of 0) and labels that cannot be labels (float dtype,
// negative, out of range). Each names the layer or loss, what it was given and what it expected.

/** A layer or function called with a configuration value outside its domain. */
export class LayerConfigError extends RangeError {
  readonly _tag = "LayerConfigError";
  override readonly name = "LayerConfigError";
  constructor(readonly layer: string, readonly got: string, readonly expected: string) {
    super(`${layer}: got ${got} (expected ${expected})`);
  }
}

// LabelError lives in core, whose `checkIndices` primitive raises it inside compiled programs.
export { LabelError } from "../core/errors.js";

/** `value` as text for a message: numbers as they print, anything else as JSON. */
export const show = (value: unknown): string =>
  typeof value === "number" ? String(value) : Array.isArray(value) ? `[${value.map(show).join(", ")}]` : JSON.stringify(value) ?? String(value);
