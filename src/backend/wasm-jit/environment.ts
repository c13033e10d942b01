// The environment switches, read when the backend is first used (never at import):
//   TYGRAD_BACKEND=reference   jit and plain evaluation use only the reference interpreter
//   TYGRAD_BACKEND=wasm        the WebAssembly backend (the default where WebAssembly SIMD exists)
//   TYGRAD_THREADS=off | 1     large matmuls stay on the calling thread
//   TYGRAD_THREADS=<n>         split them across n threads (default: every core)
// A value that is not one of these is reported as a warning and the default is used.

import { LocalScope, encodeModule, i32, v128, drop } from "../wasm/emit/index.js";
import { wasmApi } from "../wasm/wasm-api.js";
import { emitWarning, environmentVariable } from "../../core/environment.js";

export type BackendChoice = "wasm" | "reference";

const variable = environmentVariable;
const warn = (message: string): void => emitWarning(message);

export function backendChoice(value: string | undefined = variable("TYGRAD_BACKEND")): BackendChoice {
  if (value === undefined || value === "" || value === "wasm") return "wasm";
  if (value === "reference") return "reference";
  warn(`TYGRAD_BACKEND=${JSON.stringify(value)} is not "wasm" or "reference"; using "wasm"`);
  return "wasm";
}

export function threadsChoice(value: string | undefined = variable("TYGRAD_THREADS")): boolean | number {
  if (value === undefined || value === "") return true;
  if (value === "off" || value === "false" || value === "0" || value === "1") return false;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 2 && n <= 64) return n;
  warn(`TYGRAD_THREADS=${JSON.stringify(value)} is not "off" or a thread count in [1, 64]; using every core`);
  return true;
}

/** Whether this JavaScript engine runs WebAssembly with 128-bit SIMD (validates a one-instruction module). */
export function wasmSimdAvailable(): boolean {
  try {
    const bytes = encodeModule({
      memory: { shared: false, minimumPages: 0, maximumPages: 1 },
      functions: [{ name: "probe", locals: new LocalScope(), results: [], body: [i32.const(0), v128.load(), drop] }],
    });
    return wasmApi().validate(bytes);
  } catch {
    return false;
  }
}
