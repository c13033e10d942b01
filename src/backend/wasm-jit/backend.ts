// The WebAssembly backend for jit: `compile` turns a Program into a WasmExecutable on this
// backend's device. The device (one linear memory with its arena and kernel cache) is created on
// first use, so importing the library costs nothing. With threads on (the default in Node), the
// memory is shared and a worker pool is started in the background the first time a program with a
// large matmul is compiled; until it is running (await `ready()`), matmuls run on the calling
// thread, with identical results either way (splitting never changes how an element is summed).
//
// Compiled programs are pooled by structure (program-pool.ts): compiling a program equal to one
// compiled recently returns that executable again, so a fresh `jit(f)` per call reuses one
// program's memory. A program's memory is freed when its holders release it and it has left the
// pool, or once it is garbage (lifetime.ts); a WebAssembly memory never shrinks, so freed bytes
// are reused by later programs rather than returned to the system.

import type { Program } from "../../core/program.js";
import type { Backend } from "../jit/backend.js";
import { createRuntime, type Runtime } from "../wasm/runtime/runtime.js";
import type { WorkerPool } from "../wasm/threads/pool.js";
import { compileProgram, scheduleOf } from "./compile.js";
import { MemoryViews, type Device } from "./device.js";
import type { WasmExecutable } from "./executable.js";
import { defaultPoolSize, ProgramPool } from "./program-pool.js";
import type { Schedule } from "./steps.js";
import { emitWarning, isNodeLike } from "../../core/environment.js";

export interface WasmBackendOptions {
  /**
   * Threads that large matmuls are split across, the calling thread included: `true` (default)
   * uses every core, a number that many, `false` or 1 none. Threads need Node's worker_threads,
   * or Web Workers in a cross-origin isolated page (elsewhere the backend runs on one thread).
   */
  readonly threads?: boolean | number;
  /** Below this many multiply-adds (m·n·k·batch) a matmul is not split (default 2^18). */
  readonly minimumParallelWork?: number;
  /** Compiled programs kept for reuse by structure (default `defaultPoolSize`, 16). */
  readonly poolSize?: number;
}

export interface WasmBackend extends Backend {
  readonly name: "wasm";
  compile(program: Program): WasmExecutable;
  /** The schedule `program` compiles to: steps, device values, outputs (nothing is placed or run). */
  schedule(program: Program): Schedule;
  /** The runtime and memory views, created on first use. */
  device(): Device;
  /** Starts the worker pool if threads are on; resolves once large matmuls are split across threads. */
  ready(): Promise<void>;
  /** Threads matmuls use right now: 1 until the pool is running. */
  readonly threads: number;
  /** Ends the worker pool (matmuls then run on the calling thread). Idempotent. */
  close(): Promise<void>;
  /** Programs in the compiled-program pool, and the compilations it saved. */
  poolStats(): { readonly programs: number; readonly hits: number };
}

export class ThreadsOptionError extends RangeError {
  readonly _tag = "ThreadsOptionError";
}

const checkThreads = (threads: boolean | number): boolean | number => {
  if (typeof threads === "boolean" || (Number.isInteger(threads) && threads >= 1 && threads <= 64)) return threads;
  throw new ThreadsOptionError(`createWasmBackend: threads must be true, false or an integer in [1, 64], got ${String(threads)}`);
};

const checkWork = (work: number): number => {
  if (Number.isSafeInteger(work) && work >= 0) return work;
  throw new ThreadsOptionError(`createWasmBackend: minimumParallelWork must be a non-negative integer, got ${String(work)}`);
};

const checkPoolSize = (size: number): number => {
  if (Number.isSafeInteger(size) && size >= 0) return size;
  throw new ThreadsOptionError(`createWasmBackend: poolSize must be a non-negative integer, got ${String(size)}`);
};


/**
 * Whether worker threads over shared memory can exist here: Node (and Bun, Deno through their
 * worker_threads), or a page or worker with Web Workers that is cross-origin isolated (only such
 * a page may share a WebAssembly.Memory).
 */
const threadsPossible = (): boolean => {
  const scope = globalThis as { readonly crossOriginIsolated?: boolean; readonly Worker?: unknown };
  return isNodeLike() || (typeof scope.Worker === "function" && scope.crossOriginIsolated === true);
};

class WasmBackendImpl implements WasmBackend {
  readonly name = "wasm";
  readonly #threadsOption: () => boolean | number;
  #threadsChosen: boolean | number | undefined;
  readonly #minimumWork: number;
  #device: Device | undefined;
  #pool: WorkerPool | undefined;
  #starting: Promise<void> | undefined;
  #closed = false;
  readonly #programs: ProgramPool;

  constructor(options: WasmBackendOptions, threads: () => boolean | number) {
    this.#programs = new ProgramPool(checkPoolSize(options.poolSize ?? defaultPoolSize));
    if (options.threads !== undefined) checkThreads(options.threads);
    this.#threadsOption = threads;
    this.#minimumWork = checkWork(options.minimumParallelWork ?? 1 << 18);
  }

  /** The threads option, decided on first use (the default backend's comes from TYGRAD_THREADS). */
  get #threads(): boolean | number {
    this.#threadsChosen ??= threadsPossible() ? checkThreads(this.#threadsOption()) : false;
    return this.#threadsChosen;
  }

  get #wantsThreads(): boolean {
    return this.#threads !== false && this.#threads !== 1;
  }

  get threads(): number {
    return this.#pool?.threads ?? 1;
  }

  device(): Device {
    if (this.#device === undefined) {
      const runtime = this.#createRuntime();
      this.#device = { runtime, views: new MemoryViews(runtime.linear), pool: () => this.#pool };
    }
    return this.#device;
  }

  #createRuntime(): Runtime {
    if (this.#wantsThreads) {
      try {
        return createRuntime({ shared: true });
      } catch {
        // no shared memory here (e.g. a page without cross-origin isolation): run on one thread
        this.#closed = true;
      }
    }
    return createRuntime();
  }

  schedule(program: Program): Schedule {
    return scheduleOf(program);
  }

  poolStats(): { readonly programs: number; readonly hits: number } {
    return this.#programs.stats;
  }

  compile(program: Program): WasmExecutable {
    const executable = this.#programs.acquire(program, (p) => compileProgram(this.device(), p));
    if (this.#wantsThreads && !this.#closed && executable.stats.largestMatmul >= this.#minimumWork) void this.ready();
    return executable;
  }

  ready(): Promise<void> {
    if (!this.#wantsThreads || this.#closed) return Promise.resolve();
    this.#starting ??= this.#startPool();
    return this.#starting;
  }

  async #startPool(): Promise<void> {
    const { runtime } = this.device();
    if (!runtime.linear.shared) return;
    try {
      const { createPool } = await import("../wasm/threads/pool.js");
      const threads = this.#threads === true ? undefined : Number(this.#threads);
      const pool = await createPool(runtime, { ...(threads === undefined ? {} : { threads }), minimumWork: this.#minimumWork });
      if (this.#closed) await pool.close();
      else this.#pool = pool;
    } catch (error) {
      emitWarning(`tygrad wasm backend: could not start worker threads, matmuls run on one thread (${String(error)})`);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#starting;
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.close();
  }
}

/** A WebAssembly backend with its own memory and (optionally) worker threads. */
export const createWasmBackend = (options: WasmBackendOptions = {}): WasmBackend =>
  new WasmBackendImpl(options, () => options.threads ?? true);

/** A backend whose threads option is asked for on first use rather than now. */
export const createLazyWasmBackend = (options: WasmBackendOptions, threads: () => boolean | number): WasmBackend =>
  new WasmBackendImpl(options, threads);
