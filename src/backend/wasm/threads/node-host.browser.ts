// In the browser build, node-host.ts is replaced by this module: there are no worker_threads, and
// the pool uses Web Workers (web-host.ts) instead. Its shape is node-host.ts's.

import type { ThreadHost } from "./host.js";

export const nodeHost: ThreadHost = {
  name: "worker_threads",
  parallelism: () => 1,
  canBlock: false,
  start: () => Promise.reject(new Error("WorkerPool: worker_threads exist only in Node; this build uses Web Workers")),
};
