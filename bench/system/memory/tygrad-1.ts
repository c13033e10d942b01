// Peak memory of the MLP benchmark in tygrad (jit, 1 thread), in a process of its own.
import { tygradTrainer } from "../../libs/mlp/tygrad.js";
import { runSteps } from "./run.js";

await runSteps((w) => tygradTrainer(w.params, w.batches, "jit-1"));
