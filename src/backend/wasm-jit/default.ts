// The process-wide WebAssembly backend that jit uses by default (threads as TYGRAD_THREADS says,
// read on first use). Creating it is free: its memory, kernels and threads appear on first use.

import { createLazyWasmBackend, type WasmBackend } from "./backend.js";
import { threadsChoice } from "./environment.js";

export const wasmBackend: WasmBackend = createLazyWasmBackend({}, () => threadsChoice());
