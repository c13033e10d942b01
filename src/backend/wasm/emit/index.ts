// The WebAssembly binary emitter: encodings, instructions as composable code fragments, and
// module assembly. Kernels are written against this module only.

export { type Code, flattenCode } from "./code.js";
export { signedLeb128, unsignedLeb128 } from "./leb128.js";
export { LocalScope } from "./locals.js";
export { type FunctionDef, type MemoryImport, type ModuleDef, encodeModule } from "./module.js";
export { block, br, brIf, call, drop, forRange, if_, ifElse, localGet, localSet, localTee, loop, return_, select } from "./control.js";
export { f32, f64, i32 } from "./scalar.js";
export { f32x4, f64x2, i8x16, i32x4, i64x2, v128 } from "./simd.js";
export { type FuncType, ValType, voidBlock } from "./types.js";
