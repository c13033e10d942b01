// The MLP training step (784-128-10, batch 128, float32, one Adam step) in every library: tygrad
// jit of the whole step on one and on two threads and eagerly, jax-js jit and eager, and tfjs's
// optimizer.minimize on its wasm and cpu backends. The check is the loss of the first step from
// the shared initial parameters against the double-precision oracle (relative error).

import { jaxTrainer } from "../libs/mlp/jax.js";
import { mlpInputs, referenceLoss, type MlpInputs, type Trainer } from "../libs/mlp/problem.js";
import { tfjsTrainer } from "../libs/mlp/tfjs.js";
import { tygradTrainer, type TygradMode } from "../libs/mlp/tygrad.js";
import { type BenchCase, type Runner, type RunnerSpec } from "../lib/registry.js";

/** A runner that trains continuously; its output is the loss of one step from fresh parameters. */
export const trainerRunner = async <I, T extends Pick<Trainer, "step" | "lastLoss" | "dispose">>(inputs: I, make: (w: I) => Promise<T>): Promise<Runner> => {
  const trainer = await make(inputs);
  return {
    run: () => trainer.step(),
    output: async () => {
      const fresh = await make(inputs);
      try {
        await fresh.step();
        return Float32Array.of(await fresh.lastLoss());
      } finally {
        fresh.dispose();
      }
    },
    dispose: () => trainer.dispose(),
  };
};

const tygrad = (mode: TygradMode, variant: string): RunnerSpec<MlpInputs> => ({
  lib: "tygrad",
  variant,
  prepare: (w) => trainerRunner(w, (i) => tygradTrainer(i.params, i.batches, mode)),
});

export const mlpRunners: readonly RunnerSpec<MlpInputs>[] = [
  tygrad("jit-1", "jit, 1 thread"),
  tygrad("jit-2", "jit, 2 threads"),
  { lib: "jax-wasm", variant: "jit", prepare: (w) => trainerRunner(w, async (i) => jaxTrainer(i.params, i.batches, "jit")) },
  { lib: "jax-wasm", variant: "eager", prepare: (w) => trainerRunner(w, async (i) => jaxTrainer(i.params, i.batches, "eager")) },
  { lib: "tfjs-wasm", variant: "optimizer.minimize", prepare: (w) => trainerRunner(w, (i) => tfjsTrainer(i.params, i.batches, "wasm")) },
  tygrad("eager", "eager (Wasm matmul and arithmetic)"),
  { lib: "tfjs-cpu", variant: "optimizer.minimize", prepare: (w) => trainerRunner(w, (i) => tfjsTrainer(i.params, i.batches, "cpu")) },
];

export const mlpCases: readonly BenchCase<MlpInputs>[] = [
  {
    id: "mlp-train-step-f32",
    title: "MLP training step 784-128-10, batch 128, f32, Adam",
    unit: "steps/s",
    work: 1,
    inputs: mlpInputs,
    check: (w, out) => {
      const batch = w.batches[0];
      if (batch === undefined) return NaN;
      const want = referenceLoss(w.params, batch);
      return Math.abs((out[0] ?? NaN) - want) / want;
    },
    runners: mlpRunners,
  },
];
