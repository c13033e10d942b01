// What the worker pool needs from a runtime's threads, so that one pool runs on Node's
// worker_threads (node-host.ts) and on Web Workers (web-host.ts): start a worker over the shared
// memory and a control block, hand it compiled modules, read its error reports synchronously,
// and end it. Each worker runs the same command loop (worker-source.ts) over the control block.

import type { WasmMemory, WasmModule } from "../wasm-api.js";

/** A compiled kernel for a worker to instantiate over the shared memory. */
export interface KernelMessage {
  readonly id: number;
  readonly module: WasmModule;
  readonly entry: string;
}

/** What a worker starts with. */
export interface WorkerInit {
  readonly memory: WasmMemory;
  readonly control: SharedArrayBuffer;
  readonly spinMs: number;
}

/** The main thread's end of one running worker. */
export interface WorkerLink {
  /** A number naming the worker in messages. */
  readonly id: number;
  /** Sends a module; the worker takes it when the `load` command that follows tells it to. */
  post(message: KernelMessage): void;
  /** The worker's report of its last failed command, read without waiting. */
  takeReport(): string | undefined;
  /** Set once the worker thread itself has died (it then takes no more commands). */
  readonly failure: string | undefined;
  /** Resolves when the worker has ended, after the `exit` command has been sent. */
  ended(): Promise<void>;
}

export interface ThreadHost {
  readonly name: "worker_threads" | "web-workers";
  /** The machine's parallelism as the runtime reports it. */
  readonly parallelism: () => number;
  /**
   * Whether the calling thread may block in Atomics.wait (a browser's main thread may not; it
   * then polls until the workers are done).
   */
  readonly canBlock: boolean;
  start(init: WorkerInit): Promise<WorkerLink>;
}

/** Whether this thread may block in Atomics.wait (asked by waiting 0 ms on a scratch word). */
export const threadCanBlock = (): boolean => {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
};
