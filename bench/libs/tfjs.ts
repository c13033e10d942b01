// TensorFlow.js 4.22: the pure-JS cpu backend and the Wasm (XNNPACK, SIMD) backend, eager ops.
// Both backends run their kernels synchronously inside the op call.

import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { type Runner } from "../lib/registry.js";
import { type MatmulInputs, type TanhInputs, storedShapes } from "./workloads.js";

export type TfBackend = "cpu" | "wasm";

const use = async (backend: TfBackend): Promise<void> => {
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs: backend ${backend} failed to initialise`);
  }
  await tf.ready();
};

export const tfjsMatmul = async (w: MatmulInputs, backend: TfBackend): Promise<Runner> => {
  await use(backend);
  const shapes = storedShapes(w);
  const a = tf.tensor2d(w.a, shapes.a);
  const b = tf.tensor2d(w.b, shapes.b);
  return {
    run: () => tf.matMul(a, b, w.transA, w.transB).dispose(),
    output: () => {
      const c = tf.matMul(a, b, w.transA, w.transB);
      const data = Float32Array.from(c.dataSync());
      c.dispose();
      return data;
    },
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
};

export const tfjsTanh = async (w: TanhInputs, backend: TfBackend): Promise<Runner> => {
  await use(backend);
  const [x, y, z] = [w.x, w.y, w.z].map((v) => tf.tensor1d(v));
  if (x === undefined || y === undefined || z === undefined) throw new Error("tfjs: tensor creation failed");
  const compute = () => tf.tidy(() => tf.tanh(tf.add(tf.mul(x, y), z)));
  return {
    run: () => compute().dispose(),
    output: () => {
      const out = compute();
      const data = Float32Array.from(out.dataSync());
      out.dispose();
      return data;
    },
    dispose: () => [x, y, z].forEach((t) => t.dispose()),
  };
};
