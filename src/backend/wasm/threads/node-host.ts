// The pool's threads on Node's worker_threads (also Bun's). Modules go to a worker on a
// MessagePort and come back as error reports on the same port, both taken synchronously with
// receiveMessageOnPort. Workers are unref'd: a pool never keeps a process alive.

import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";
import { availableParallelism } from "node:os";
import type { ThreadHost, WorkerInit, WorkerLink } from "./host.js";
import { Command, Slot } from "./protocol.js";
import { commandLoop } from "./worker-source.js";

// The worker's program (see worker-source.ts): modules and error reports go over its port.
const nodeWorkerSource = `
"use strict";
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { memory, control, port, spinMs } = workerData;
const slots = new Int32Array(control);
const kernels = [];
let seen = 0;
${commandLoop}
for (;;) {
  const command = next();
  if (command === ${Command.exit}) break;
  let status = 0;
  try {
    if (command === ${Command.load}) {
      const received = receiveMessageOnPort(port);
      if (received === undefined) throw new Error("load: no module was waiting on the port");
      const { id, module, entry } = received.message;
      kernels[id] = new WebAssembly.Instance(module, { env: { memory } }).exports[entry];
    } else if (command === ${Command.run}) {
      runKernel();
    } else {
      throw new Error("unknown command " + command);
    }
  } catch (error) {
    status = 1;
    port.postMessage(String(error && error.stack ? error.stack : error));
  }
  finish(status);
}
port.close();
`;

const start = async ({ memory, control, spinMs }: WorkerInit): Promise<WorkerLink> => {
  const channel = new MessageChannel();
  const worker = new Worker(nodeWorkerSource, {
    eval: true,
    workerData: { memory, control, port: channel.port2, spinMs },
    transferList: [channel.port2],
  });
  await new Promise<void>((resolve, reject) => {
    worker.once("online", () => resolve());
    worker.once("error", reject);
  });
  let failure: string | undefined;
  // Kernel errors are caught inside the worker and reported per command; this records the
  // worker thread itself dying, so later calls fail fast instead of waiting for it.
  worker.on("error", (error) => {
    failure = String(error);
  });
  worker.unref();
  channel.port1.unref();
  return {
    id: worker.threadId,
    post: (message) => channel.port1.postMessage(message),
    takeReport: () => {
      const report = receiveMessageOnPort(channel.port1);
      return report === undefined ? undefined : String(report.message);
    },
    get failure() {
      return failure;
    },
    ended: async () => {
      // ref'd again so the process waits for the exit event instead of ending under us
      worker.ref();
      if (worker.threadId !== -1) await new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      channel.port1.close();
    },
  };
};

export const nodeHost: ThreadHost = { name: "worker_threads", parallelism: availableParallelism, canBlock: true, start };
