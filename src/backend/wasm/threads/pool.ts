// A pool of worker threads over a runtime's shared memory that splits large matmuls. The main
// thread computes one part itself and waits for the workers' parts (Atomics.wait, or polling on a
// browser's main thread, which may not block), so a pooled matmul is still an ordinary
// synchronous call. The threads are Node's worker_threads or Web Workers (host.ts); in Node they
// never keep a process alive, and `close()` ends them cleanly.

import { isNodeLike } from "../../../core/environment.js";
import { floatKind } from "../dtype.js";
import { type MatmulArgs, type RawMatmul, rawArguments, subProblem } from "../kernels/matmul/args.js";
import { type MatmulKernel } from "../kernels/matmul/kernel.js";
import { type Runtime } from "../runtime/runtime.js";
import { Command, Slot, controlSlots, maxArguments } from "./protocol.js";
import { splitMatmul } from "./split.js";
import type { ThreadHost, WorkerLink } from "./host.js";

export interface PoolOptions {
  /** Threads taking part, the calling thread included (default: the machine's parallelism). */
  readonly threads?: number;
  /** false: create no workers and run everything on the calling thread. */
  readonly enabled?: boolean;
  /** Below this many multiply-adds (m·n·k·batch) a matmul is not split (default 2^18). */
  readonly minimumWork?: number;
  /** How long to wait for a worker before reporting it unresponsive (default 120 s). */
  readonly timeoutMs?: number;
  /**
   * Milliseconds a thread keeps polling for the next command (workers) or for a part to finish
   * (the caller) before sleeping (default 1). Polling trades idle CPU for latency: a futex
   * wake-up costs tens of microseconds, a whole small matmul about as much.
   */
  readonly spinMs?: number;
  /** The threads to use (default: worker_threads in Node and Bun, Web Workers elsewhere). */
  readonly host?: ThreadHost;
}

interface WorkerHandle {
  readonly link: WorkerLink;
  readonly slots: Int32Array<SharedArrayBuffer>;
  sequence: number;
}

/** worker_threads where the runtime presents itself as Node (Deno too has Web Workers), else Web Workers. */
const defaultHost = async (): Promise<ThreadHost> => {
  const deno = (globalThis as { readonly Deno?: unknown }).Deno !== undefined;
  if (isNodeLike() && !deno) return (await import("./node-host.js")).nodeHost;
  return (await import("./web-host.js")).webHost;
};

interface LoadedKernel {
  readonly id: number;
}

const defaultMinimumWork = 1 << 18;

export class WorkerPool {
  readonly runtime: Runtime;
  readonly threads: number;
  readonly minimumWork: number;
  readonly #timeoutMs: number;
  readonly #spinMs: number;
  readonly #canBlock: boolean;
  readonly #workers: readonly WorkerHandle[];
  /** One scratch region per thread, each as large as the runtime's (index 0: the calling thread). */
  readonly #scratch: readonly number[];
  readonly #loaded = new Map<string, LoadedKernel>();
  #closed = false;

  private constructor(
    runtime: Runtime,
    workers: readonly WorkerHandle[],
    minimumWork: number,
    timeoutMs: number,
    spinMs: number,
    canBlock: boolean,
  ) {
    this.runtime = runtime;
    this.#spinMs = spinMs;
    this.#canBlock = canBlock;
    this.#scratch = [
      runtime.scratch.address,
      ...workers.map(() => runtime.arena.allocPinned(runtime.scratch.bytes)),
    ];
    this.#workers = workers;
    this.threads = workers.length + 1;
    this.minimumWork = minimumWork;
    this.#timeoutMs = timeoutMs;
  }

  /** Starts the workers (resolves once each is running). The runtime's memory must be shared. */
  static async create(runtime: Runtime, options: PoolOptions = {}): Promise<WorkerPool> {
    const enabled = options.enabled ?? true;
    const host = enabled ? (options.host ?? (await defaultHost())) : undefined;
    const threads = host === undefined ? 1 : (options.threads ?? host.parallelism());
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new RangeError(`WorkerPool.create: threads must be an integer in [1, 64], got ${threads}`);
    }
    if (threads > 1 && !runtime.linear.shared) {
      throw new Error("WorkerPool.create: the runtime's memory is not shared; create it with createRuntime({ shared: true })");
    }
    const minimumWork = options.minimumWork ?? defaultMinimumWork;
    const timeoutMs = options.timeoutMs ?? 120_000;
    const spinMs = options.spinMs ?? 1;
    if (!(spinMs >= 0 && spinMs <= 1000)) throw new RangeError(`WorkerPool.create: spinMs must be in [0, 1000], got ${spinMs}`);
    const workers = host === undefined ? [] : await Promise.all(Array.from({ length: threads - 1 }, () => startWorker(host, runtime, spinMs)));
    return new WorkerPool(runtime, workers, minimumWork, timeoutMs, spinMs, host?.canBlock ?? true);
  }

  /** C = op(A)·op(B) with `kernel`, split across the pool's threads when large enough. */
  matmul(kernel: MatmulKernel, args: MatmulArgs): void {
    if (this.#closed) throw new Error("WorkerPool.matmul: the pool is closed");
    if (kernel.runtime !== this.runtime) {
      throw new Error("WorkerPool.matmul: the kernel was compiled for another runtime than the pool's");
    }
    const problem = kernel.resolve(args);
    const loaded = this.#load(kernel);
    const { mr, nr } = kernel.spec.blocking;
    const parts = splitMatmul(problem, this.threads, { mr, nr }, this.minimumWork);
    const kind = floatKind(kernel.spec.dtype);
    const subproblems: readonly RawMatmul[] = parts.map((part) =>
      subProblem(problem, kind, kernel.spec, part.axis, part.start, part.end),
    );
    // Parts 1.. go to workers, part 0 runs here; then wait for every worker that got one.
    const busy: WorkerHandle[] = [];
    subproblems.slice(1).forEach((sub, i) => {
      const handle = this.#workers[i];
      if (handle === undefined) throw new Error("WorkerPool.matmul: more parts than workers");
      this.#send(handle, Command.run, loaded.id, rawArguments(sub, this.#scratch[i + 1] ?? 0));
      busy.push(handle);
    });
    let failure: unknown = undefined;
    try {
      const own = subproblems[0];
      if (own !== undefined) kernel.run(own, this.#scratch[0] ?? 0);
    } catch (error) {
      failure = error;
    }
    for (const handle of busy) {
      try {
        this.#await(handle, "matmul");
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }

  /** Ends every worker. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(
      this.#workers.map(async (handle) => {
        if (handle.link.failure === undefined) this.#send(handle, Command.exit, 0, []);
        await handle.link.ended();
      }),
    );
  }

  /** Makes `kernel` callable by every worker; its workspaces are reserved once. */
  #load(kernel: MatmulKernel): LoadedKernel {
    const key = kernel.compiled.key;
    const known = this.#loaded.get(key);
    if (known !== undefined) return known;
    const id = this.#loaded.size;
    for (const handle of this.#workers) {
      handle.link.post({ id, module: kernel.compiled.module, entry: "matmul" });
      this.#send(handle, Command.load, id, []);
      this.#await(handle, "load");
    }
    const loaded = { id };
    this.#loaded.set(key, loaded);
    return loaded;
  }

  #send(handle: WorkerHandle, command: number, kernel: number, args: readonly number[]): void {
    if (handle.link.failure !== undefined) {
      throw new Error(`WorkerPool: worker ${handle.link.id} has failed: ${handle.link.failure}`);
    }
    if (args.length > maxArguments) throw new RangeError(`WorkerPool: ${args.length} arguments exceed ${maxArguments}`);
    handle.slots[Slot.command] = command;
    handle.slots[Slot.kernel] = kernel;
    handle.slots[Slot.argumentCount] = args.length;
    args.forEach((value, i) => {
      handle.slots[Slot.arguments + i] = value;
    });
    handle.sequence += 1;
    Atomics.store(handle.slots, Slot.sequence, handle.sequence);
    Atomics.notify(handle.slots, Slot.sequence);
  }

  /** Blocks until the worker has finished its current command; rethrows its error, if any. */
  #await(handle: WorkerHandle, what: string): void {
    const spinEnd = performance.now() + this.#spinMs;
    while (Atomics.load(handle.slots, Slot.done) !== handle.sequence && performance.now() < spinEnd) {
      // polling: the part usually finishes within microseconds of our own
    }
    const deadline = Date.now() + this.#timeoutMs;
    for (;;) {
      const done = Atomics.load(handle.slots, Slot.done);
      if (done === handle.sequence) break;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`WorkerPool: worker ${handle.link.id} did not finish ${what} within ${this.#timeoutMs} ms`);
      }
      // A thread that may not block (a browser's main thread) keeps polling instead.
      if (this.#canBlock) Atomics.wait(handle.slots, Slot.done, done, left);
    }
    if (Atomics.load(handle.slots, Slot.status) !== 0) {
      const detail = handle.link.takeReport() ?? "no details";
      throw new Error(`WorkerPool: ${what} failed in worker ${handle.link.id}: ${detail}`);
    }
  }
}

const startWorker = async (host: ThreadHost, runtime: Runtime, spinMs: number): Promise<WorkerHandle> => {
  const control = new SharedArrayBuffer(controlSlots * Int32Array.BYTES_PER_ELEMENT);
  const link = await host.start({ memory: runtime.linear.memory, control, spinMs });
  return { link, slots: new Int32Array(control), sequence: 0 };
};

/** A pool bound to `runtime`; see `PoolOptions`. */
export const createPool = (runtime: Runtime, options: PoolOptions = {}): Promise<WorkerPool> =>
  WorkerPool.create(runtime, options);
