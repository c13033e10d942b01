// Small code-fragment helpers shared by the kernel generators.

import { type Code, i32, localGet, localSet, select } from "../emit/index.js";

/** min of two i32 values given as side-effect-free fragments (e.g. `localGet`, `i32.const`). */
export const minI32 = (x: Code, y: Code): Code => [x, y, x, y, i32.lt_s, select];

/** `local += amount` for an i32 local. */
export const addTo = (local: number, amount: Code): Code => [localGet(local), amount, i32.add, localSet(local)];

/** `x * constant` as i32, with small constants folded to shifts or nothing. */
export const mulConst = (x: Code, constant: number): Code => {
  if (constant === 1) return x;
  if (constant === 0) return i32.const(0);
  const log2 = Math.log2(constant);
  if (Number.isInteger(log2)) return [x, i32.const(log2), i32.shl];
  return [x, i32.const(constant), i32.mul];
};

/** An i32 address expression `base + index * scale`. */
export const addressOf = (base: Code, index: Code, scale: number): Code => [base, mulConst(index, scale), i32.add];

/** `xs[index]`, for indices the generator knows are in range (fails loudly if not). */
export const at = <T>(xs: readonly T[], index: number): T => {
  const x = xs[index];
  if (x === undefined) throw new RangeError(`at: index ${index} outside 0..${xs.length - 1}`);
  return x;
};
