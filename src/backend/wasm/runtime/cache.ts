// Compiled kernels cached by their structure. A key is built only from closed-set tags and
// numbers describing the kernel; the same key always yields the same module, so each kernel is
// generated, validated and compiled once per runtime.

import { type ModuleDef, encodeModule } from "../emit/index.js";
import { type WasmInstance, type WasmModule, wasmApi } from "../wasm-api.js";
import { type LinearMemory } from "./memory.js";

export interface CompiledKernel {
  readonly key: string;
  /** The compiled module (worker threads instantiate it against the same memory). */
  readonly module: WasmModule;
  readonly instance: WasmInstance;
}

export class KernelCache {
  readonly #linear: LinearMemory;
  readonly #kernels = new Map<string, CompiledKernel>();

  constructor(linear: LinearMemory) {
    this.#linear = linear;
  }

  /** The kernel for `key`, generating it with `build` on first use. */
  get(key: string, build: () => ModuleDef): CompiledKernel {
    const known = this.#kernels.get(key);
    if (known !== undefined) return known;
    const api = wasmApi();
    const bytes = encodeModule(build());
    if (!api.validate(bytes)) {
      throw new Error(`KernelCache.get: the generated module for kernel ${key} does not validate`);
    }
    const module = new api.Module(bytes);
    const instance = new api.Instance(module, { env: { memory: this.#linear.memory } });
    const kernel = { key, module, instance };
    this.#kernels.set(key, kernel);
    return kernel;
  }

  /** The memory import every module of this cache declares. */
  get memoryImport(): { readonly shared: boolean; readonly minimumPages: number; readonly maximumPages: number } {
    return { shared: this.#linear.shared, minimumPages: 0, maximumPages: this.#linear.maximumPages };
  }

  get size(): number {
    return this.#kernels.size;
  }

  /** Keys of all kernels compiled so far. */
  keys(): readonly string[] {
    return [...this.#kernels.keys()];
  }
}
