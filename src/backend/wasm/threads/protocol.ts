// The control block through which the main thread drives one worker: Int32 slots in a
// SharedArrayBuffer, read and written with Atomics. The main thread fills in a command and bumps
// `sequence`; the worker runs it and sets `done` to that sequence number.

export const Slot = {
  /** Incremented by the main thread for each command. */
  sequence: 0,
  /** Set by the worker to the sequence number of the last finished command. */
  done: 1,
  /** 0 when the last command succeeded, 1 when it threw (details follow on the port). */
  status: 2,
  command: 3,
  /** Which loaded kernel a `run` command calls. */
  kernel: 4,
  /** Number of arguments in the argument slots. */
  argumentCount: 5,
  /** First of the i32 arguments. */
  arguments: 6,
} as const;

export const maxArguments = 32;
export const controlSlots = Slot.arguments + maxArguments;

export const Command = {
  /** Instantiate the module waiting on the port (message: { id, module, entry }). */
  load: 1,
  /** Call kernel `kernel` with the arguments. */
  run: 2,
  /** Leave the loop; the worker then ends. */
  exit: 3,
} as const;
