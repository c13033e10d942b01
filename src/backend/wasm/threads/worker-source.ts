// The program each pool worker runs, as source text: for Node, `new Worker(source, { eval: true })`
// (nodeWorkerSource, in node-host.ts); for Web Workers, a module worker loaded from a Blob URL. Being self-contained JavaScript, it
// works the same under tsx, vitest, compiled output and bundlers. Only the protocol's numeric
// constants are spliced in.
//
// The worker never returns to its event loop while it serves commands: after a command it polls
// the sequence slot for `spinMs` (a kernel sequence such as a training step keeps it awake,
// avoiding the tens of microseconds a futex wake-up costs), then sleeps in Atomics.wait. Modules
// are taken when the `load` command says one is waiting: in Node synchronously with
// receiveMessageOnPort; in a Web Worker, which has no such call, by leaving the loop for the
// event loop, where the posted module is the next message, and coming back after instantiating it.

import { Command, Slot } from "./protocol.js";

/** UTF-16 code units an error report in a Web Worker's report buffer may hold. */
export const reportUnits = 2048;

// Runs one `run` command: the kernel with its i32 arguments.
export const commandLoop = `
const runKernel = () => {
  const kernel = kernels[slots[${Slot.kernel}]];
  const count = slots[${Slot.argumentCount}];
  const args = [];
  for (let i = 0; i < count; i++) args.push(slots[${Slot.arguments} + i]);
  kernel(...args);
};
const finish = (status) => {
  Atomics.store(slots, ${Slot.status}, status);
  Atomics.store(slots, ${Slot.done}, seen);
  Atomics.notify(slots, ${Slot.done});
};
// Waits for the next command; returns it.
const next = () => {
  const spinEnd = performance.now() + spinMs;
  while (Atomics.load(slots, ${Slot.sequence}) === seen && performance.now() < spinEnd) {}
  Atomics.wait(slots, ${Slot.sequence}, seen);
  seen = Atomics.load(slots, ${Slot.sequence});
  return slots[${Slot.command}];
};
`;

export const webWorkerSource = `
let memory, slots, report, spinMs;
const kernels = [];
let seen = 0;
${commandLoop}
const fail = (error) => {
  const text = String(error && error.stack ? error.stack : error).slice(0, ${reportUnits});
  for (let i = 0; i < text.length; i++) report[1 + i] = text.charCodeAt(i);
  Atomics.store(report, 0, text.length);
  finish(1);
};
// Serves commands until a load (return: the module is the next message) or an exit.
const serve = () => {
  for (;;) {
    const command = next();
    if (command === ${Command.load}) return;
    if (command === ${Command.exit}) {
      postMessage("exit");
      close();
      return;
    }
    try {
      if (command !== ${Command.run}) throw new Error("unknown command " + command);
      runKernel();
      finish(0);
    } catch (error) {
      fail(error);
    }
  }
};
addEventListener("message", (event) => {
  const data = event.data;
  if (slots === undefined) {
    ({ memory, report, spinMs } = data);
    slots = new Int32Array(data.control);
    postMessage("online");
  } else {
    try {
      kernels[data.id] = new WebAssembly.Instance(data.module, { env: { memory } }).exports[data.entry];
      finish(0);
    } catch (error) {
      fail(error);
    }
  }
  serve();
});
`;
