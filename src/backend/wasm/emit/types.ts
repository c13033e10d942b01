// WebAssembly value types and the small vocabulary of type-level bytes the emitter needs.

/** Value types as their one-byte binary encodings. */
export const ValType = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
} as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/** A block, loop or if that leaves nothing on the stack. */
export const voidBlock = 0x40;

/** A function's signature: parameter types and result types. */
export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}
