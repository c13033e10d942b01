// Peak memory of the MLP benchmark in TensorFlow.js (wasm backend), in a process of its own.
import { tfjsTrainer } from "../../libs/mlp/tfjs.js";
import { runSteps } from "./run.js";

await runSteps((w) => tfjsTrainer(w.params, w.batches, "wasm"));
