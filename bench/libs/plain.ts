// Hand-written JavaScript loops over Float32Array: the baseline every library should beat.

import { type Runner } from "../lib/registry.js";
import { type MatmulInputs, type TanhInputs } from "./workloads.js";

/** C = op(A)·op(B) with the loop order that walks memory contiguously for each layout. */
const matmulInto = (w: MatmulInputs, c: Float32Array): void => {
  const { m, n, k, a, b } = w;
  c.fill(0);
  if (!w.transB) {
    // i-p-j (or p-i-j for Aᵀ): rows of B and C are contiguous
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) {
        const x = w.transA ? (a[p * m + i] ?? 0) : (a[i * k + p] ?? 0);
        const row = p * n;
        const out = i * n;
        for (let j = 0; j < n; j++) c[out + j] = (c[out + j] ?? 0) + x * (b[row + j] ?? 0);
      }
    }
    return;
  }
  // dot products of op(A)'s rows with B's rows
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += (w.transA ? (a[p * m + i] ?? 0) : (a[i * k + p] ?? 0)) * (b[j * k + p] ?? 0);
      c[i * n + j] = sum;
    }
  }
};

export const plainMatmul = async (w: MatmulInputs): Promise<Runner> => {
  const c = new Float32Array(w.m * w.n);
  return { run: () => matmulInto(w, c), output: () => c };
};

export const plainTanh = async (w: TanhInputs): Promise<Runner> => {
  const out = new Float32Array(w.x.length);
  const run = (): void => {
    const { x, y, z } = w;
    for (let i = 0; i < out.length; i++) out[i] = Math.tanh((x[i] ?? 0) * (y[i] ?? 0) + (z[i] ?? 0));
  };
  return { run, output: () => out };
};
