// What compiled programs run against: one runtime (linear memory, arena, kernel cache), typed
// views of its memory that follow its growth, and the worker pool once it is running.

import type { FloatDType } from "../../tensor/dtype.js";
import type { LinearMemory } from "../wasm/runtime/memory.js";
import type { Runtime } from "../wasm/runtime/runtime.js";
import type { WorkerPool } from "../wasm/threads/pool.js";

/** Whole-memory typed arrays, re-made whenever growth replaces the memory's buffer. */
export class MemoryViews {
  readonly #linear: LinearMemory;
  #buffer: ArrayBufferLike | undefined;
  #f32: Float32Array<ArrayBufferLike> = new Float32Array(0);
  #f64: Float64Array<ArrayBufferLike> = new Float64Array(0);

  constructor(linear: LinearMemory) {
    this.#linear = linear;
  }

  #refresh(): void {
    const buffer = this.#linear.memory.buffer;
    if (buffer === this.#buffer) return;
    this.#buffer = buffer;
    this.#f32 = new Float32Array(buffer);
    this.#f64 = new Float64Array(buffer);
  }

  of(dtype: FloatDType): Float32Array<ArrayBufferLike> | Float64Array<ArrayBufferLike> {
    this.#refresh();
    return dtype === "float32" ? this.#f32 : this.#f64;
  }
}

export interface Device {
  readonly runtime: Runtime;
  readonly views: MemoryViews;
  /** The worker pool if it is running (large matmuls are then split across threads). */
  readonly pool: () => WorkerPool | undefined;
}
