// The user-facing ops seen without their compile-time shape types. The laws call ops with
// shapes that exist only at runtime (drawn by fast-check), which the type-level shape rules
// rightly cannot check; every op checks the same rules again at runtime and throws a
// TensorShapeError naming itself. This is the one place where the typed signatures are set aside.

import * as ops from "../src/ops/index.js";
import type { AnyTensor } from "../src/tensor/tensor.js";

/** The names of the functions exported from src/ops/index.ts. */
export type OpName = { readonly [K in keyof typeof ops]: (typeof ops)[K] extends (...args: never[]) => unknown ? K : never }[keyof typeof ops];

/** An op called with runtime values; it validates them itself. */
export type UntypedOp = (...args: readonly unknown[]) => AnyTensor;

/** The names of every function the ops module exports, read at runtime. */
export const exportedOpNames = (): string[] =>
  Object.entries(ops).flatMap(([name, value]) => (typeof value === "function" ? [name] : [])).sort();

export function untypedOp(name: OpName): UntypedOp {
  const f: unknown = ops[name];
  if (typeof f !== "function") throw new TypeError(`laws: ops.${name} is not a function`);
  // Untyped view of a typed op: its arguments are checked at runtime by the op itself.
  return f as UntypedOp;
}
