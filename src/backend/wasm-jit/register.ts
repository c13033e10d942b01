// Importing this module — the package entry point does — makes the WebAssembly backend jit's
// default and lets plain (eager) evaluation run large float matmuls on its kernels. With
// TYGRAD_BACKEND=reference, or where WebAssembly SIMD is missing, nothing changes: jit and eager
// evaluation keep the reference interpreter.

import { setAcceleratedKernels } from "../../core/accelerate.js";
import { setDefaultBackend } from "../jit/jit.js";
import { wasmBackend } from "./default.js";
import { eagerKernels } from "./eager.js";
import { backendChoice, wasmSimdAvailable } from "./environment.js";

/** True when this import installed the WebAssembly backend. */
export const wasmBackendInstalled: boolean = backendChoice() === "wasm" && wasmSimdAvailable();

if (wasmBackendInstalled) {
  setDefaultBackend(wasmBackend);
  setAcceleratedKernels(eagerKernels(wasmBackend));
}
