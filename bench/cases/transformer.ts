// The transformer training step (batch 32, length 64, width 128, 4 causal heads, MLP 512, one
// block and a 128-class head, Adam): tygrad jit on one thread against jax-js jit. The check is
// the loss of the first step from the shared initial parameters against tygrad's float64 eager
// evaluation of the same network (relative error).

import { jaxTransformer } from "../libs/transformer/jax.js";
import { transformerInputs, type TransformerInputs } from "../libs/transformer/problem.js";
import { referenceLoss, tygradTransformer } from "../libs/transformer/tygrad.js";
import type { BenchCase } from "../lib/registry.js";
import { trainerRunner } from "./mlp.js";

export const transformerCases: readonly BenchCase<TransformerInputs>[] = [
  {
    id: "transformer-train-step-f32",
    title: "Transformer training step, batch 32 × length 64, width 128, 4 causal heads, MLP 512, f32, Adam",
    unit: "steps/s",
    work: 1,
    inputs: transformerInputs,
    check: (inputs, out) => {
      const want = referenceLoss(inputs);
      return Math.abs((out[0] ?? NaN) - want) / want;
    },
    runners: [
      { lib: "tygrad", variant: "jit, 1 thread", prepare: (i) => trainerRunner(i, async (w) => tygradTransformer(w)) },
      { lib: "jax-wasm", variant: "jit", prepare: (i) => trainerRunner(i, async (w) => jaxTransformer(w)) },
    ],
  },
];
