// jax-js 0.1.25 on its Wasm device, eager and jit. Arrays are reference-counted: every call
// consumes its arguments, so inputs are passed as `.ref`. Results are awaited with
// blockUntilReady (eager ops may be deferred) and then disposed.
// init() is deliberately not called: without arguments it probes WebGPU through `navigator`,
// which Node 20 lacks, and the Wasm device is ready without it.

import { jit, numpy as np } from "@jax-js/jax";
import { type Runner } from "../lib/registry.js";
import { type MatmulInputs, type TanhInputs, storedShapes } from "./workloads.js";

export type JaxMode = "eager" | "jit";

type JaxArray = ReturnType<typeof np.array>;

const opA = (a: JaxArray, transposed: boolean): JaxArray => (transposed ? a.transpose() : a);

const finish = async (result: JaxArray): Promise<void> => {
  await result.blockUntilReady();
  result.dispose();
};

/** The result's values (reading consumes the array). */
const read = async (result: JaxArray): Promise<Float32Array> => Float32Array.from(await result.data());

export const jaxMatmul = async (w: MatmulInputs, mode: JaxMode): Promise<Runner> => {
  const shapes = storedShapes(w);
  const a = np.array(w.a).reshape(shapes.a);
  const b = np.array(w.b).reshape(shapes.b);
  const product = (x: JaxArray, y: JaxArray): JaxArray => np.matmul(opA(x, w.transA), opA(y, w.transB));
  const f = mode === "jit" ? jit(product) : product;
  return {
    run: () => finish(f(a.ref, b.ref)),
    output: () => read(f(a.ref, b.ref)),
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
};

export const jaxTanh = async (w: TanhInputs, mode: JaxMode): Promise<Runner> => {
  const [x, y, z] = [w.x, w.y, w.z].map((v) => np.array(v));
  if (x === undefined || y === undefined || z === undefined) throw new Error("jax: array creation failed");
  const expression = (p: JaxArray, q: JaxArray, r: JaxArray): JaxArray => np.tanh(p.mul(q).add(r));
  const f = mode === "jit" ? jit(expression) : expression;
  return {
    run: () => finish(f(x.ref, y.ref, z.ref)),
    output: () => read(f(x.ref, y.ref, z.ref)),
    dispose: () => [x, y, z].forEach((t) => t.dispose()),
  };
};
