// Importing this module — the package entry point does — makes the WebAssembly backend jit's
// default and lets plain (eager) evaluation run large float work on its kernels. With
// TYGRAD_BACKEND=reference, or where WebAssembly SIMD is missing, nothing changes: jit and eager
// evaluation keep the reference interpreter.
//
// Nothing is read at import (so Deno imports tygrad without --allow-env): TYGRAD_BACKEND, and
// whether SIMD exists (learnt by validating a probe module, about a millisecond), are both asked
// when the backend is first needed — the first jit compilation, or the first eager operation
// large enough for a Wasm kernel — and once.

import { setAcceleratedKernels } from "../../core/accelerate.js";
import { referenceBackend, type Backend } from "../jit/backend.js";
import { setDefaultBackend } from "../jit/jit.js";
import { wasmBackend } from "./default.js";
import { eagerKernels } from "./eager.js";
import { backendChoice, wasmSimdAvailable } from "./environment.js";

let installed: boolean | undefined;

/** Whether jit and eager evaluation use the WebAssembly backend; the first call decides. */
export const wasmBackendInstalled = (): boolean => (installed ??= backendChoice() === "wasm" && wasmSimdAvailable());

/** jit's default: the WebAssembly backend if it is installed, else the reference interpreter. */
const installedBackend = (): Backend => (wasmBackendInstalled() ? wasmBackend : referenceBackend);

setDefaultBackend({
  get name() {
    return installedBackend().name;
  },
  compile: (program) => installedBackend().compile(program),
});
setAcceleratedKernels(eagerKernels(wasmBackend, { available: wasmBackendInstalled }));
