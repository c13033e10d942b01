// A compiled program: checks its inputs, runs the bound steps, and copies the outputs out as new
// tensors. Its buffers were placed once at compile time, so a call allocates no linear memory;
// the only allocations are the returned tensors (and whatever fallback steps allocate). An input
// that is the very tensor a resident output returned in the previous call is not uploaded again:
// tensors are immutable, and that output's memory has not been touched since (plan.ts). (The
// tensor, not its array: a donated array may since hold another call's result.) Donated
// inputs remove the last allocation: a result is copied into a donated input's array when that
// array has the result's dtype and length and no other tensor reads it — so a training loop that
// donates its parameters and optimizer state allocates nothing per step. Its device memory is
// freed by `free` (when its last holder releases it and the program pool lets it go) or once it is garbage.

import { evalProgram } from "../../core/eval-program.js";
import { showAval } from "../../core/print.js";
import type { Program } from "../../core/program.js";
import type { AnyData } from "../../tensor/dtype.js";
import { DonatedTensorError, donatedTo, soleOwner, type AnyTensor } from "../../tensor/tensor.js";
import type { Executable } from "../jit/backend.js";
import type { BoundOutput, BoundStep, CallState } from "./bind.js";
import type { ProgramMemory } from "./lifetime.js";
import type { ResidentPair } from "./plan.js";
import type { Step } from "./steps.js";

export interface CompileStats {
  /** Steps of the schedule by kind (elementwise, matmul, reduce, fallback, upload, …). */
  readonly steps: Readonly<Record<Step["_tag"], number>>;
  /** Primitives that run through their reference kernels. */
  readonly fallbacks: readonly string[];
  /** Bytes of the shared block holding every intermediate value. */
  readonly planBytes: number;
  /** What those values would take if none shared memory. */
  readonly unsharedBytes: number;
  /** Bytes of constants, uploaded once. */
  readonly pinnedBytes: number;
  /** Inputs whose upload is skipped when they are the previous call's output (see plan.ts). */
  readonly residentPairs: number;
  /** Multiply-adds (m·n·k·batch) of the largest matmul, 0 if none. */
  readonly largestMatmul: number;
}

const spareKey = (o: { readonly dtype: string; readonly length: number }): string => `${o.dtype}:${o.length}`;

/**
 * The arrays of donated inputs that results may be written into, by dtype and length: those read
 * by their tensor alone (a tensor passed twice, returned as a result, or sharing its array with
 * another tensor keeps it).
 */
const spareArrays = (
  inputs: readonly AnyTensor[],
  donated: readonly boolean[],
  outputs: readonly (AnyTensor | undefined)[],
): Map<string, AnyData[]> => {
  const spare = new Map<string, AnyData[]>();
  inputs.forEach((t, i) => {
    if (donated[i] !== true || inputs.indexOf(t) !== i || inputs.lastIndexOf(t) !== i || outputs.includes(t)) return;
    const data = soleOwner(t);
    if (data === undefined) return;
    const key = spareKey({ dtype: t.dtype, length: data.length });
    const list = spare.get(key);
    if (list === undefined) spare.set(key, [data]);
    else list.push(data);
  });
  return spare;
};

export class ExecutableInputError extends TypeError {
  readonly _tag = "ExecutableInputError";
}

export class WasmExecutable implements Executable {
  readonly #program: Program;
  readonly #steps: readonly BoundStep[];
  readonly #outputs: readonly BoundOutput[];
  readonly #call: CallState;
  readonly #resident: readonly ResidentPair[];
  /** The tensors returned for the resident outputs by the last call (their memory still holds them). */
  readonly #held: (AnyTensor | undefined)[];
  readonly #memory: ProgramMemory | undefined;
  #running = false;
  #releasing = false;
  #holders = 1;
  #skipped = 0;

  constructor(
    program: Program,
    steps: readonly BoundStep[],
    outputs: readonly BoundOutput[],
    layout: { readonly hostSlots: number; readonly values: number; readonly resident: readonly ResidentPair[] },
    readonly stats: CompileStats,
    memory?: ProgramMemory,
  ) {
    this.#memory = memory;
    this.#program = program;
    this.#steps = steps;
    this.#outputs = outputs;
    this.#resident = layout.resident;
    this.#held = program.outputs.map(() => undefined);
    this.#call = { inputs: [], slots: new Array<undefined>(layout.hostSlots).fill(undefined), skipUpload: new Uint8Array(layout.values) };
  }

  /** Uploads skipped so far because an input was the previous call's resident output. */
  get skippedUploads(): number {
    return this.#skipped;
  }

  /**
   * Another holder of this executable (the backend's program pool handed it out again). Each
   * holder calls `release` once when done; the last one makes it idle (see `whenIdle`).
   */
  retain(): void {
    this.#holders++;
  }

  /**
   * This holder is done with the executable. When no holder is left, the `whenIdle` callback
   * decides (the program pool keeps it for reuse or frees it); without one, its memory is freed.
   */
  release(): void {
    if (this.#holders === 0) return;
    this.#holders--;
    if (this.#holders > 0) return;
    if (this.whenIdle === undefined) this.free();
    else this.whenIdle(this);
  }

  /** Called when the last holder releases the executable (set by the program pool). */
  whenIdle: ((e: WasmExecutable) => void) | undefined = undefined;

  /** No holder has it: `release` has been called as often as it was handed out. */
  get idle(): boolean {
    return this.#holders === 0;
  }

  /**
   * Frees the program's device memory now (at the end of the current call if one is running);
   * the executable cannot run afterwards. Without it, the memory is freed once the executable is garbage.
   */
  free(): void {
    if (this.#running) this.#releasing = true;
    else this.#memory?.release();
  }

  /** Whether the program's memory has been freed. */
  get released(): boolean {
    return this.#memory?.released === true;
  }

  run(inputs: readonly AnyTensor[], donated: readonly boolean[] = []): AnyTensor[] {
    if (this.released) throw new ExecutableInputError("wasm executable: released; its memory has been freed (compile the program again)");
    this.#check(inputs);
    // A fallback (a custom rule's user code) may call this same program again: its buffers are in
    // use, so that inner call is evaluated by the reference interpreter instead.
    if (this.#running) return evalProgram(this.#program, inputs);
    this.#running = true;
    const call = this.#call;
    call.inputs = inputs;
    // An input that is the very tensor a resident output returned last time is already in place.
    for (const p of this.#resident) {
      const input = inputs[p.input];
      const skip = input !== undefined && this.#held[p.output] === input;
      call.skipUpload[p.upload] = skip ? 1 : 0;
      if (skip) this.#skipped++;
    }
    this.#held.fill(undefined); // from here on the memory changes; a failed call leaves nothing held
    try {
      for (const step of this.#steps) step(call);
      // Results held outside linear memory first: one may be a donated input itself, or share
      // its array, and then that array is not spare.
      const outputs: (AnyTensor | undefined)[] = this.#outputs.map((o) => (o.fromDevice === undefined ? o.read(call) : undefined));
      const spare = spareArrays(inputs, donated, outputs);
      this.#outputs.forEach((o, i) => {
        if (o.fromDevice !== undefined) outputs[i] = o.read(call, spare.get(spareKey(o.fromDevice))?.pop());
      });
      const results = outputs.filter((t) => t !== undefined);
      if (results.length !== outputs.length) throw new Error("wasm-jit: an output was not read");
      for (const p of this.#resident) this.#held[p.output] = results[p.output];
      return results;
    } finally {
      call.inputs = [];
      call.slots.fill(undefined);
      this.#running = false;
      if (this.#releasing) this.#memory?.release();
    }
  }

  #check(inputs: readonly AnyTensor[]): void {
    const expected = this.#program.inputs;
    if (inputs.length !== expected.length) {
      throw new ExecutableInputError(`wasm executable: the program takes ${expected.length} inputs, got ${inputs.length}`);
    }
    inputs.forEach((t, i) => {
      const want = expected[i]?.aval;
      if (want === undefined) return;
      const same = t.dtype === want.dtype && t.shape.length === want.shape.length && t.shape.every((d, j) => d === want.shape[j]);
      if (!same) {
        throw new ExecutableInputError(`wasm executable: input ${i} is ${showAval(t)} but the program was compiled for ${showAval(want)}`);
      }
      const by = donatedTo(t);
      if (by !== undefined) throw new DonatedTensorError(`wasm executable: input ${i}`, by);
      if (!t.isConcrete) throw new ExecutableInputError(`wasm executable: input ${i} is a traced value; run compiled programs on concrete tensors`);
    });
  }
}
