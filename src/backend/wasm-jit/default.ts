// The process-wide WebAssembly backend that jit uses by default (threads as TYGRAD_THREADS says).
// Creating it is free: its memory, kernels and threads appear on first use.

import { createWasmBackend, type WasmBackend } from "./backend.js";
import { threadsChoice } from "./environment.js";

export const wasmBackend: WasmBackend = createWasmBackend({ threads: threadsChoice() });
