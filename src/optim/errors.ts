// The errors an optimizer raises. Configuration errors are thrown when the optimizer is built
// (not at its first step), and name the optimizer, the field and the bad value.

/** A hyperparameter outside its valid range: `adam: b1 must be in [0, 1), got 1.5`. */
export class OptimizerConfigError extends RangeError {
  readonly _tag = "OptimizerConfigError";
  constructor(
    readonly optimizer: string,
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${optimizer}: ${field} must be ${expected}, got ${show(value)}`);
  }
}

/** `update` was called without the params by a transformation that reads them (weight decay). */
export class MissingParamsError extends TypeError {
  readonly _tag = "MissingParamsError";
  constructor(readonly transformation: string) {
    super(`${transformation}: update needs the current parameters; call update(grads, state, params)`);
  }
}

/** A gradient leaf that is not float32 or float64: optimizer arithmetic is defined on floats only. */
export class GradientDTypeError extends TypeError {
  readonly _tag = "GradientDTypeError";
  constructor(readonly transformation: string, readonly leaf: number, readonly dtype: string) {
    super(`${transformation}: gradient leaf ${leaf} has dtype ${dtype}; expected float32 or float64`);
  }
}

const show = (v: unknown): string =>
  typeof v === "number" ? String(v)
  : typeof v === "string" ? JSON.stringify(v)
  : typeof v === "function" ? "a function"
  : v === null ? "null"
  : Array.isArray(v) ? `[${v.map(show).join(", ")}]`
  : typeof v === "object" ? "an object"
  : String(v);
