// Matmul cases: square f32 products (n = 64, 256, 1024) and the shapes of a 784-128-10 MLP
// layer at batch 128 — forward x·W (128×784 · 784×128) and the two backward products,
// xᵀ·dh (Aᵀ·B, 784×128 · 128×128) and dh·Wᵀ (A·Bᵀ, 128×128 · 128×784).

import { jaxMatmul } from "../libs/jax.js";
import { plainMatmul } from "../libs/plain.js";
import { tfjsMatmul } from "../libs/tfjs.js";
import { tygradMatmul } from "../libs/tygrad.js";
import { tygradApiMatmul } from "../libs/tygrad-api.js";
import { type MatmulInputs } from "../libs/workloads.js";
import { mulberry32, seededFloat32 } from "../lib/rng.js";
import { type BenchCase, type RunnerSpec } from "../lib/registry.js";

interface Shape {
  readonly id: string;
  readonly title: string;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA: boolean;
  readonly transB: boolean;
  /** Include the slow pure-JS implementations (skipped where one call takes seconds). */
  readonly slowPeers: boolean;
}

const shapes: readonly Shape[] = [
  { id: "matmul-f32-64", title: "matmul f32 64³", m: 64, n: 64, k: 64, transA: false, transB: false, slowPeers: true },
  { id: "matmul-f32-256", title: "matmul f32 256³", m: 256, n: 256, k: 256, transA: false, transB: false, slowPeers: true },
  { id: "matmul-f32-1024", title: "matmul f32 1024³", m: 1024, n: 1024, k: 1024, transA: false, transB: false, slowPeers: false },
  { id: "matmul-f32-mlp-fwd", title: "A·B 128×784 · 784×128", m: 128, n: 128, k: 784, transA: false, transB: false, slowPeers: true },
  { id: "matmul-f32-mlp-dw", title: "Aᵀ·B 784×128 · 128×128", m: 784, n: 128, k: 128, transA: true, transB: false, slowPeers: true },
  { id: "matmul-f32-mlp-dx", title: "A·Bᵀ 128×128 · 128×784", m: 128, n: 784, k: 128, transA: false, transB: true, slowPeers: true },
];

/**
 * Largest error over 256 sampled entries, relative to Σ|a·b| of the entry (the scale of any
 * summation order's rounding error): about 1e-7 for a correct float32 product.
 */
const sampledError = (w: MatmulInputs, c: Float32Array): number => {
  const next = mulberry32(12345);
  let worst = 0;
  for (let s = 0; s < 256; s++) {
    const i = Math.floor(next() * w.m);
    const j = Math.floor(next() * w.n);
    let sum = 0;
    let scale = 0;
    for (let p = 0; p < w.k; p++) {
      const x = (w.transA ? w.a[p * w.m + i] : w.a[i * w.k + p]) ?? NaN;
      const y = (w.transB ? w.b[j * w.k + p] : w.b[p * w.n + j]) ?? NaN;
      sum += x * y;
      scale += Math.abs(x * y);
    }
    const error = Math.abs((c[i * w.n + j] ?? NaN) - sum) / scale;
    worst = Number.isNaN(error) ? Infinity : Math.max(worst, error);
  }
  return worst;
};

const runners = (slowPeers: boolean): readonly RunnerSpec<MatmulInputs>[] => [
  { lib: "tygrad", variant: "eager matmul (public API)", prepare: tygradApiMatmul },
  { lib: "tygrad", variant: "kernel alone, 1 thread", prepare: (w) => tygradMatmul(w, 1) },
  { lib: "tygrad", variant: "kernel alone, 2 threads", prepare: (w) => tygradMatmul(w, 2) },
  { lib: "tfjs-wasm", variant: "eager", prepare: (w) => tfjsMatmul(w, "wasm") },
  { lib: "jax-wasm", variant: "eager", prepare: (w) => jaxMatmul(w, "eager") },
  { lib: "jax-wasm", variant: "jit", prepare: (w) => jaxMatmul(w, "jit") },
  ...(slowPeers
    ? [
        { lib: "tfjs-cpu", variant: "eager", prepare: (w: MatmulInputs) => tfjsMatmul(w, "cpu") },
        { lib: "plain-js", variant: "loop", prepare: plainMatmul },
      ]
    : []),
];

export const matmulCases: readonly BenchCase<MatmulInputs>[] = shapes.map((s, index) => ({
  id: s.id,
  title: s.title,
  unit: "GFLOP/s",
  work: 2 * s.m * s.n * s.k,
  inputs: () => ({
    m: s.m,
    n: s.n,
    k: s.k,
    transA: s.transA,
    transB: s.transB,
    a: seededFloat32(s.m * s.k, 1000 + index),
    b: seededFloat32(s.k * s.n, 2000 + index),
  }),
  check: sampledError,
  runners: runners(s.slowPeers),
}));
