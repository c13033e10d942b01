// tygrad's kernels alone, imported from the source tree: the matmul on one thread and through the
// worker pool on two, and the fused elementwise kernel for tanh(x·y + z). Their rows are labelled
// "kernel alone": no tensors, no tracing, no copies in or out, so they bound what the library can
// reach and are not the library's figures (libs/tygrad-api.ts measures those).

import * as E from "../../src/backend/wasm/kernels/elementwise/expr.js";
import { elementwiseKernel } from "../../src/backend/wasm/kernels/elementwise/kernel.js";
import { matmulKernel } from "../../src/backend/wasm/kernels/matmul/kernel.js";
import { type Runtime, createRuntime } from "../../src/backend/wasm/runtime/runtime.js";
import { readBuffer, writeBuffer } from "../../src/backend/wasm/runtime/transfer.js";
import { type WorkerPool, createPool } from "../../src/backend/wasm/threads/pool.js";
import { type Runner } from "../lib/registry.js";
import { type MatmulInputs, type TanhInputs } from "./workloads.js";

let single: Runtime | undefined;
let pooled: { readonly runtime: Runtime; readonly pool: WorkerPool } | undefined;

const singleRuntime = (): Runtime => (single ??= createRuntime());

const pooledRuntime = async (): Promise<{ runtime: Runtime; pool: WorkerPool }> => {
  if (pooled === undefined) {
    const runtime = createRuntime({ shared: true, maximumBytes: 1 << 30 });
    pooled = { runtime, pool: await createPool(runtime, { threads: 2 }) };
  }
  return pooled;
};

/** Ends the pool's workers. */
export const closeTygrad = async (): Promise<void> => {
  await pooled?.pool.close();
};

export const tygradMatmul = async (w: MatmulInputs, threads: 1 | 2): Promise<Runner> => {
  const { runtime, pool } = threads === 1 ? { runtime: singleRuntime(), pool: undefined } : await pooledRuntime();
  const mark = runtime.arena.mark();
  const a = runtime.arena.alloc("float32", w.a.length);
  const b = runtime.arena.alloc("float32", w.b.length);
  const c = runtime.arena.alloc("float32", w.m * w.n);
  writeBuffer(runtime.linear, a, w.a);
  writeBuffer(runtime.linear, b, w.b);
  const kernel = matmulKernel(runtime, { dtype: "float32", transA: w.transA, transB: w.transB });
  const args = { a, b, c, m: w.m, n: w.n, k: w.k };
  return {
    run: pool === undefined ? () => kernel(args) : () => pool.matmul(kernel, args),
    output: () => readBuffer(runtime.linear, c),
    dispose: () => runtime.arena.release(mark),
  };
};

export const tygradTanh = async (w: TanhInputs): Promise<Runner> => {
  const runtime = singleRuntime();
  const mark = runtime.arena.mark();
  const n = w.x.length;
  const [x, y, z, out] = [0, 1, 2, 3].map(() => runtime.arena.alloc("float32", n));
  if (x === undefined || y === undefined || z === undefined || out === undefined) throw new Error("allocation failed");
  writeBuffer(runtime.linear, x, w.x);
  writeBuffer(runtime.linear, y, w.y);
  writeBuffer(runtime.linear, z, w.z);
  const kernel = elementwiseKernel(runtime, {
    dtype: "float32",
    inputs: ["full", "full", "full"],
    outputs: [E.tanh(E.add(E.mul(E.input(0), E.input(1)), E.input(2)))],
  });
  const args = { inputs: [x, y, z], outputs: [out], rows: 1, cols: n };
  return {
    run: () => kernel(args),
    output: () => readBuffer(runtime.linear, out),
    dispose: () => runtime.arena.release(mark),
  };
};
