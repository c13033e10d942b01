// One linear WebAssembly.Memory shared by every kernel of a runtime, grown on demand.
// A shared memory (for the worker pool) needs a maximum and cross-origin isolation in browsers;
// a plain one is the default.

import { type WasmMemory, wasmApi } from "../wasm-api.js";

export const pageBytes = 65536;
/**
 * 32768 pages = 2 GiB: kernels compare addresses and sizes as signed i32, so linear memory stays
 * below 2^31 bytes (wasm32 itself would allow 4 GiB).
 */
export const maxPages = 32768;

export interface MemoryOptions {
  /** Back the memory by a SharedArrayBuffer so worker threads can run kernels on it. */
  readonly shared?: boolean;
  /** Bytes available at start (rounded up to whole pages). Default 1 MiB. */
  readonly initialBytes?: number;
  /** Upper bound for growth (rounded up to whole pages). Default and limit: 2 GiB. */
  readonly maximumBytes?: number;
}

export interface LinearMemory {
  readonly memory: WasmMemory;
  readonly shared: boolean;
  /** The maximum every kernel module declares in its memory import. */
  readonly maximumPages: number;
}

const pagesFor = (op: string, what: string, bytes: number): number => {
  if (!Number.isFinite(bytes) || bytes < 0) {
    throw new RangeError(`${op}: ${what} must be a non-negative number of bytes, got ${bytes}`);
  }
  const pages = Math.ceil(bytes / pageBytes);
  if (pages > maxPages) {
    throw new RangeError(`${op}: ${what} of ${bytes} bytes exceeds the 2 GiB limit of kernel addressing`);
  }
  return pages;
};

export const createLinearMemory = (options: MemoryOptions = {}): LinearMemory => {
  const shared = options.shared ?? false;
  const initial = Math.max(1, pagesFor("createLinearMemory", "initialBytes", options.initialBytes ?? 1 << 20));
  const maximum = pagesFor("createLinearMemory", "maximumBytes", options.maximumBytes ?? maxPages * pageBytes);
  if (maximum < initial) {
    throw new RangeError(
      `createLinearMemory: maximumBytes (${options.maximumBytes}) is below initialBytes (${options.initialBytes})`,
    );
  }
  const memory = new (wasmApi().Memory)({ initial, maximum, shared });
  return { memory, shared, maximumPages: maximum };
};

/** Grows the memory so that addresses [0, bytes) are valid. */
export const ensureBytes = (linear: LinearMemory, bytes: number): void => {
  const have = linear.memory.buffer.byteLength;
  if (bytes <= have) return;
  const needPages = pagesFor("ensureBytes", "the requested size", bytes);
  if (needPages > linear.maximumPages) {
    throw new RangeError(
      `ensureBytes: ${bytes} bytes requested but the memory's maximum is ${linear.maximumPages * pageBytes} bytes`,
    );
  }
  // Grow geometrically so a sequence of small requests does not grow page by page.
  const havePages = have / pageBytes;
  const target = Math.min(linear.maximumPages, Math.max(needPages, havePages * 2));
  linear.memory.grow(target - havePages);
};
