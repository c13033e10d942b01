// The WebAssembly compiler backend for jit: Programs compiled to fused SIMD kernels over buffers
// planned by liveness, with a reference-kernel fallback for anything it does not compile.
//
//   import "./register.js";                 // done by the package entry point: jit's default
//   const backend = createWasmBackend({ threads: false });
//   const step = jit(trainStep, { backend });

export { createWasmBackend, ThreadsOptionError, type WasmBackend, type WasmBackendOptions } from "./backend.js";
export { wasmBackend } from "./default.js";
export { eagerKernels, type EagerOptions } from "./eager.js";
export { backendChoice, threadsChoice, wasmSimdAvailable, type BackendChoice } from "./environment.js";
export { ExecutableInputError, WasmExecutable, type CompileStats } from "./executable.js";
export { eliminateDeadCode, simplifyProgram, type SimplifyOptions } from "./simplify.js";
export type { DeviceValue, OutputSource, Region, Schedule, Step } from "./steps.js";
