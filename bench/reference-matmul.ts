// GFLOP/s of the reference interpreter's matmul (float32, i-k-j loops over typed arrays): the
// readable oracle that compiled backends are tested against.
//
// Run: npx tsx bench/reference-matmul.ts

import { matmul } from "../src/ops/index.js";
import { fromArray } from "../src/tensor/index.js";

for (const n of [64, 256, 1024]) {
  const a = fromArray(Float32Array.from({ length: n * n }, (_, i) => Math.sin(i)), [n, n]);
  const b = fromArray(Float32Array.from({ length: n * n }, (_, i) => Math.cos(i)), [n, n]);
  matmul(a, b);
  const reps = n >= 1024 ? 3 : n >= 256 ? 10 : 50;
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    matmul(a, b);
    samples.push(performance.now() - t0);
  }
  const ms = samples.sort((x, y) => x - y)[Math.floor(reps / 2)] ?? NaN;
  console.log(`n = ${n}: ${ms.toFixed(1)} ms, ${((2 * n ** 3) / (ms * 1e6)).toFixed(2)} GFLOP/s`);
}
