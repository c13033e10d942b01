// The fused elementwise case: out = tanh(x·y + z) on 10^6 float32 elements (inputs in [-2, 2)).

import { jaxTanh } from "../libs/jax.js";
import { plainTanh } from "../libs/plain.js";
import { tfjsTanh } from "../libs/tfjs.js";
import { tygradTanh } from "../libs/tygrad.js";
import { tygradApiTanh } from "../libs/tygrad-api.js";
import { type TanhInputs } from "../libs/workloads.js";
import { seededFloat32 } from "../lib/rng.js";
import { type BenchCase } from "../lib/registry.js";

const length = 1_000_000;

/** Largest absolute error against tanh(x·y + z) in double precision (|tanh| ≤ 1). */
const maxAbsoluteError = (w: TanhInputs, out: Float32Array): number => {
  let worst = 0;
  for (let i = 0; i < length; i++) {
    const error = Math.abs((out[i] ?? NaN) - Math.tanh((w.x[i] ?? 0) * (w.y[i] ?? 0) + (w.z[i] ?? 0)));
    worst = Number.isNaN(error) ? Infinity : Math.max(worst, error);
  }
  return worst;
};

export const elementwiseCases: readonly BenchCase<TanhInputs>[] = [
  {
    id: "tanh-xy-plus-z-f32-1e6",
    title: "tanh(x·y+z) f32 1e6",
    unit: "Melem/s",
    work: length,
    inputs: () => ({
      x: seededFloat32(length, 31, -2, 2),
      y: seededFloat32(length, 32, -2, 2),
      z: seededFloat32(length, 33, -2, 2),
    }),
    check: maxAbsoluteError,
    runners: [
      { lib: "tygrad", variant: "jit (public API)", prepare: (w) => tygradApiTanh(w, "jit") },
      { lib: "tygrad", variant: "eager (public API, 3 ops)", prepare: (w) => tygradApiTanh(w, "eager") },
      { lib: "tygrad", variant: "fused kernel alone", prepare: tygradTanh },
      { lib: "tfjs-wasm", variant: "eager (3 ops)", prepare: (w) => tfjsTanh(w, "wasm") },
      { lib: "jax-wasm", variant: "eager", prepare: (w) => jaxTanh(w, "eager") },
      { lib: "jax-wasm", variant: "jit", prepare: (w) => jaxTanh(w, "jit") },
      { lib: "tfjs-cpu", variant: "eager (3 ops)", prepare: (w) => tfjsTanh(w, "cpu") },
      { lib: "plain-js", variant: "loop (Math.tanh)", prepare: plainTanh },
    ],
  },
];
