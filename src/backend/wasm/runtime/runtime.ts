// A runtime bundles what kernels run against: one linear memory, the arena that places buffers in
// it, the cache of compiled kernels, and a scratch region for matmul packing. The scratch region
// is reserved first, at creation, so nothing a caller allocates or releases can overlap it.

import { defaultBlocking, workspaceBytes } from "../kernels/matmul/config.js";
import { Arena } from "./arena.js";
import { KernelCache } from "./cache.js";
import { type LinearMemory, type MemoryOptions, createLinearMemory } from "./memory.js";

export interface RuntimeOptions extends MemoryOptions {
  /** Bytes of packing scratch per thread (default: what the default matmul blockings need). */
  readonly scratchBytes?: number;
}

/** Scratch that the tuned matmul blockings of every dtype fit in. */
export const defaultScratchBytes = Math.max(
  workspaceBytes(defaultBlocking.float32, 4),
  workspaceBytes(defaultBlocking.float64, 8),
);

export class Runtime {
  readonly linear: LinearMemory;
  readonly arena: Arena;
  readonly kernels: KernelCache;
  /** Address and size of this thread's scratch region. */
  readonly scratch: { readonly address: number; readonly bytes: number };

  constructor(options: RuntimeOptions = {}) {
    this.linear = createLinearMemory(options);
    this.arena = new Arena(this.linear);
    this.kernels = new KernelCache(this.linear);
    const bytes = options.scratchBytes ?? defaultScratchBytes;
    this.scratch = { address: this.arena.allocPinned(bytes), bytes };
  }
}

/** A runtime over a fresh memory (`shared: true` for use with a worker pool). */
export const createRuntime = (options: RuntimeOptions = {}): Runtime => new Runtime(options);
