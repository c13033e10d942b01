// Peak memory of the MLP benchmark in jax-js (jit), in a process of its own.
import { jaxTrainer } from "../../libs/mlp/jax.js";
import { runSteps } from "./run.js";

await runSteps(async (w) => jaxTrainer(w.params, w.batches, "jit"));
