// A pool of worker threads over a runtime's shared memory that splits large matmuls. The main
// thread computes one part itself and waits (Atomics.wait) for the workers' parts, so a pooled
// matmul is still an ordinary synchronous call. Workers are unref'd: a pool never keeps a
// process alive, and `close()` ends them cleanly.

import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { floatKind } from "../dtype.js";
import { type MatmulArgs, type RawMatmul, rawArguments, subProblem } from "../kernels/matmul/args.js";
import { type MatmulKernel } from "../kernels/matmul/kernel.js";
import { type Runtime } from "../runtime/runtime.js";
import { Command, Slot, controlSlots, maxArguments } from "./protocol.js";
import { splitMatmul } from "./split.js";
import { workerSource } from "./worker-source.js";

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
}

interface WorkerHandle {
  readonly worker: Worker;
  readonly slots: Int32Array<SharedArrayBuffer>;
  /** Main thread's end of the worker's port: modules go out, error reports come back. */
  readonly port: MessagePort;
  sequence: number;
  /** Set if the worker thread itself failed (it then takes no more commands). */
  failure: string | undefined;
}

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
  ) {
    this.runtime = runtime;
    this.#spinMs = spinMs;
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
    const threads = enabled ? (options.threads ?? availableParallelism()) : 1;
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
    const workers = await Promise.all(Array.from({ length: threads - 1 }, () => startWorker(runtime, spinMs)));
    return new WorkerPool(runtime, workers, minimumWork, timeoutMs, spinMs);
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
        // ref'd again so the process waits for the exit event instead of ending under us
        handle.worker.ref();
        const exited = new Promise<void>((resolve) => handle.worker.once("exit", () => resolve()));
        this.#send(handle, Command.exit, 0, []);
        await exited;
        handle.port.close();
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
      handle.port.postMessage({ id, module: kernel.compiled.module, entry: "matmul" });
      this.#send(handle, Command.load, id, []);
      this.#await(handle, "load");
    }
    const loaded = { id };
    this.#loaded.set(key, loaded);
    return loaded;
  }

  #send(handle: WorkerHandle, command: number, kernel: number, args: readonly number[]): void {
    if (handle.failure !== undefined) {
      throw new Error(`WorkerPool: worker ${handle.worker.threadId} has failed: ${handle.failure}`);
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
        throw new Error(`WorkerPool: worker ${handle.worker.threadId} did not finish ${what} within ${this.#timeoutMs} ms`);
      }
      Atomics.wait(handle.slots, Slot.done, done, left);
    }
    if (Atomics.load(handle.slots, Slot.status) !== 0) {
      const report = receiveMessageOnPort(handle.port);
      const detail = report === undefined ? "no details" : String(report.message);
      throw new Error(`WorkerPool: ${what} failed in worker ${handle.worker.threadId}: ${detail}`);
    }
  }
}

const startWorker = async (runtime: Runtime, spinMs: number): Promise<WorkerHandle> => {
  const control = new SharedArrayBuffer(controlSlots * Int32Array.BYTES_PER_ELEMENT);
  const channel = new MessageChannel();
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { memory: runtime.linear.memory, control, port: channel.port2, spinMs },
    transferList: [channel.port2],
  });
  await new Promise<void>((resolve, reject) => {
    worker.once("online", () => resolve());
    worker.once("error", reject);
  });
  const handle: WorkerHandle = { worker, slots: new Int32Array(control), port: channel.port1, sequence: 0, failure: undefined };
  // Kernel errors are caught inside the worker and reported per command; this records the
  // worker thread itself dying, so later calls fail fast instead of waiting for it.
  worker.on("error", (error) => {
    handle.failure = String(error);
  });
  worker.unref();
  channel.port1.unref();
  return handle;
};

/** A pool bound to `runtime`; see `PoolOptions`. */
export const createPool = (runtime: Runtime, options: PoolOptions = {}): Promise<WorkerPool> =>
  WorkerPool.create(runtime, options);
