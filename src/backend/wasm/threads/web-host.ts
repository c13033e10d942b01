// The pool's threads on Web Workers (browsers, Deno). A page may share a WebAssembly.Memory only
// when it is cross-origin isolated, which the backend checks before it asks for threads.
//
// A Web Worker has no synchronous way to take a message, so a `load` command sends the worker
// back to its event loop, where the module posted just before is waiting; it instantiates the
// module, reports the command done and re-enters the loop. Error reports travel in a shared
// buffer the main thread reads without waiting: a length, then UTF-16 code units.

import type { ThreadHost, WorkerInit, WorkerLink } from "./host.js";
import { threadCanBlock } from "./host.js";
import { reportUnits, webWorkerSource } from "./worker-source.js";

/** The Web Worker API as this module uses it (tygrad's own types do not include the DOM). */
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: "message" | "error", listener: (event: { readonly data?: unknown; readonly message?: string }) => void): void;
}

interface WebScope {
  readonly Worker: new (url: string, options: { readonly type: "module"; readonly name: string }) => WebWorker;
  readonly URL: { createObjectURL(blob: Blob): string; revokeObjectURL(url: string): void };
  readonly navigator?: { readonly hardwareConcurrency?: number };
}

const scope = globalThis as unknown as WebScope;

let nextId = 1;

const start = async ({ memory, control, spinMs }: WorkerInit): Promise<WorkerLink> => {
  const url = scope.URL.createObjectURL(new Blob([webWorkerSource], { type: "text/javascript" }));
  const id = nextId++;
  const worker = new scope.Worker(url, { type: "module", name: `tygrad-matmul-${id}` });
  const report = new Int32Array(new SharedArrayBuffer((reportUnits + 1) * 4));
  let failure: string | undefined;
  let exited: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    exited = resolve;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.addEventListener("message", (event) => {
        if (event.data === "online") resolve();
        else if (event.data === "exit") exited();
      });
      worker.addEventListener("error", (event) => {
        failure = String(event.message ?? "the worker failed");
        reject(new Error(`WorkerPool: a Web Worker failed to start: ${failure}`));
        exited();
      });
      worker.postMessage({ memory, control, report, spinMs });
    });
  } finally {
    scope.URL.revokeObjectURL(url);
  }
  return {
    id,
    post: (message) => worker.postMessage(message),
    takeReport: () => {
      const length = Atomics.load(report, 0);
      if (length === 0) return undefined;
      const text = String.fromCharCode(...Array.from(report.subarray(1, 1 + length)));
      Atomics.store(report, 0, 0);
      return text;
    },
    get failure() {
      return failure;
    },
    ended: async () => {
      await ended;
      worker.terminate();
    },
  };
};

export const webHost: ThreadHost = {
  name: "web-workers",
  parallelism: () => scope.navigator?.hardwareConcurrency ?? 1,
  get canBlock() {
    return threadCanBlock();
  },
  start,
};
