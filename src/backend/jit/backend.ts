// What a compiler backend provides to jit: it turns a Program into something that runs it on
// concrete tensors. Every backend is tested against the reference interpreter.

import { evalProgram } from "../../core/eval-program.js";
import type { Program } from "../../core/program.js";
import type { AnyTensor } from "../../tensor/tensor.js";

export interface Executable {
  /**
   * Runs the program on concrete inputs (one per program input). `donated[i]` marks an input the
   * caller gives up: the executable may write a result into its array when no other tensor reads
   * that array (see tensor.ts, "Ownership"); the caller retires those tensors afterwards.
   */
  run(inputs: readonly AnyTensor[], donated?: readonly boolean[]): AnyTensor[];
  /** Frees what the compiled program holds (device memory); it is not run again afterwards. */
  release?(): void;
}

export interface Backend {
  readonly name: string;
  compile(program: Program): Executable;
}

/** The reference backend: evaluates the program equation by equation with the reference kernels. */
export const referenceBackend: Backend = {
  name: "reference",
  compile: (program) => ({ run: (inputs) => evalProgram(program, inputs) }),
};
