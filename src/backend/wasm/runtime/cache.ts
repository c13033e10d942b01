// Compiled kernels cached by their structure. A key is built only from closed-set tags and
// numbers describing the kernel; the same key always yields the same module, so each kernel is
// generated, validated and compiled once per runtime — while it is among the `maxKernels` most
// recently used. Past that the least recently used kernel leaves the cache: programs bound to it
// keep it alive, and a later request compiles it again, so the cache cannot grow without bound
// (a constant is part of a fused kernel's key, so `jit(x => x * c)` for ever-new c makes new keys).

import { type ModuleDef, encodeModule } from "../emit/index.js";
import { type WasmInstance, type WasmModule, wasmApi } from "../wasm-api.js";
import { type LinearMemory } from "./memory.js";

export interface CompiledKernel {
  readonly key: string;
  /** The compiled module (worker threads instantiate it against the same memory). */
  readonly module: WasmModule;
  readonly instance: WasmInstance;
}

/** Kernels a runtime's cache keeps by default. */
export const defaultMaxKernels = 1024;

export class KernelCache {
  readonly #linear: LinearMemory;
  /** In order of use, least recent first (a hit is re-inserted). */
  readonly #kernels = new Map<string, CompiledKernel>();
  readonly maxKernels: number;
  #evictions = 0;

  constructor(linear: LinearMemory, maxKernels: number = defaultMaxKernels) {
    if (!Number.isSafeInteger(maxKernels) || maxKernels < 1) {
      throw new RangeError(`KernelCache: maxKernels must be a positive integer, got ${maxKernels}`);
    }
    this.#linear = linear;
    this.maxKernels = maxKernels;
  }

  /** The kernel for `key`, generating it with `build` on first use. */
  get(key: string, build: () => ModuleDef): CompiledKernel {
    const known = this.#kernels.get(key);
    if (known !== undefined) {
      this.#kernels.delete(key);
      this.#kernels.set(key, known);
      return known;
    }
    const api = wasmApi();
    const bytes = encodeModule(build());
    if (!api.validate(bytes)) {
      throw new Error(`KernelCache.get: the generated module for kernel ${key} does not validate`);
    }
    const module = new api.Module(bytes);
    const instance = new api.Instance(module, { env: { memory: this.#linear.memory } });
    const kernel = { key, module, instance };
    for (const oldest of this.#kernels.keys()) {
      if (this.#kernels.size < this.maxKernels) break;
      this.#kernels.delete(oldest);
      this.#evictions++;
    }
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

  /** Kernels dropped to stay within `maxKernels`. */
  get evictions(): number {
    return this.#evictions;
  }

  /** Keys of all kernels compiled so far. */
  keys(): readonly string[] {
    return [...this.#kernels.keys()];
  }
}
