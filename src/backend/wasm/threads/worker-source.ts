// The program each pool worker runs, as source text for `new Worker(source, { eval: true })`.
// Being self-contained JavaScript, it works the same under tsx, vitest, compiled output and
// bundlers. Only the protocol's numeric constants are spliced in.
//
// The worker never returns to its event loop: after a command it polls the sequence slot for
// `spinMs` (a kernel sequence such as a training step keeps it awake, avoiding the tens of
// microseconds a futex wake-up costs), then sleeps in Atomics.wait. Modules arrive on a MessagePort and are taken synchronously with
// receiveMessageOnPort when the `load` command says one is waiting.

import { Command, Slot } from "./protocol.js";

export const workerSource = `
"use strict";
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { memory, control, port, spinMs } = workerData;
const slots = new Int32Array(control);
const kernels = [];
let seen = 0;
for (;;) {
  const spinEnd = performance.now() + spinMs;
  while (Atomics.load(slots, ${Slot.sequence}) === seen && performance.now() < spinEnd) {}
  Atomics.wait(slots, ${Slot.sequence}, seen);
  seen = Atomics.load(slots, ${Slot.sequence});
  const command = slots[${Slot.command}];
  if (command === ${Command.exit}) break;
  let status = 0;
  try {
    if (command === ${Command.load}) {
      const received = receiveMessageOnPort(port);
      if (received === undefined) throw new Error("load: no module was waiting on the port");
      const { id, module, entry } = received.message;
      kernels[id] = new WebAssembly.Instance(module, { env: { memory } }).exports[entry];
    } else if (command === ${Command.run}) {
      const kernel = kernels[slots[${Slot.kernel}]];
      const count = slots[${Slot.argumentCount}];
      const args = [];
      for (let i = 0; i < count; i++) args.push(slots[${Slot.arguments} + i]);
      kernel(...args);
    } else {
      throw new Error("unknown command " + command);
    }
  } catch (error) {
    status = 1;
    port.postMessage(String(error && error.stack ? error.stack : error));
  }
  Atomics.store(slots, ${Slot.status}, status);
  Atomics.store(slots, ${Slot.done}, seen);
  Atomics.notify(slots, ${Slot.done});
}
port.close();
`;
