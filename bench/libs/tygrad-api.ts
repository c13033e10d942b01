// tygrad through its public API, from the package as users install it ("tygrad", the build that
// `npm run bench` makes first): eager `matmul` on tensors made with `fromArray`, and
// tanh(x·y + z) eagerly (three ops) and under `jit`; each result read with `toArray()`, which is
// what a user pays for. The kernel rows of libs/tygrad.ts are the same work on the kernels alone.

import { add, fromArray, jit, matmul, mul, swapLast, tanh, type Tensor } from "tygrad";
import { type Runner } from "../lib/registry.js";
import { storedShapes, type MatmulInputs, type TanhInputs } from "./workloads.js";

export const tygradApiMatmul = async (w: MatmulInputs): Promise<Runner> => {
  const shapes = storedShapes(w);
  const a: Tensor<[number, number]> = fromArray(w.a, shapes.a);
  const b: Tensor<[number, number]> = fromArray(w.b, shapes.b);
  // A transposed operand is stored transposed: swapLast gives the product its [m, k] and [k, n] views.
  const left = w.transA ? swapLast(a) : a;
  const right = w.transB ? swapLast(b) : b;
  let c: Tensor<[number, number]> | undefined;
  return {
    run: () => {
      c = matmul(left, right);
      c.toArray();
    },
    output: () => (c ?? matmul(left, right)).toArray(),
    dispose: () => undefined,
  };
};

const fused = (x: Tensor<[number]>, y: Tensor<[number]>, z: Tensor<[number]>): Tensor<[number]> => tanh(add(mul(x, y), z));

export const tygradApiTanh = async (w: TanhInputs, mode: "eager" | "jit"): Promise<Runner> => {
  const n = w.x.length;
  const [x, y, z] = [w.x, w.y, w.z].map((v): Tensor<[number]> => fromArray(v, [n]));
  if (x === undefined || y === undefined || z === undefined) throw new Error("tygradApiTanh: three inputs expected");
  const f = mode === "jit" ? jit(fused) : fused;
  let out: Float32Array | undefined;
  return {
    run: () => {
      out = f(x, y, z).toArray();
    },
    output: () => out ?? f(x, y, z).toArray(),
    dispose: () => undefined,
  };
};
