// Start-up of jax-js (Wasm device): import and compute a first sum, read back.
import { numpy as np } from "@jax-js/jax";
import { report } from "./report.js";

report(np.array([1, 2, 3]).add(np.array([4, 5, 6])).dataSync());
