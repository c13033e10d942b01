// A 128-step GRU-like recurrence, jitted two ways through the public API: the JavaScript loop
// unrolled into 128 copies of the cell (what tracing a `for` loop gives), and one `scan` whose
// body is the cell (compiled once). Each program is the loss of the sequence and its gradient
// with respect to the six weight matrices (forward and backward), batch 32, 16 features, 64
// hidden units, float32, on the WebAssembly backend. Compile time is the first call (trace,
// compile, run) less a steady call; step time is the median of steady calls.
//
// Run: npx tsx bench/scan-gru.ts

import {
  add, jit, key, matmul, mean, mul, random, reshape, scan, sigmoid, slice, sub, tanh, valueAndGrad, wasmBackend, type Tensor,
} from "../src/index.js";

const [T, B, F, H] = [128, 32, 16, 64] as const;
type Gru = {
  readonly wz: Tensor<[16, 64]>; readonly uz: Tensor<[64, 64]>;
  readonly wr: Tensor<[16, 64]>; readonly ur: Tensor<[64, 64]>;
  readonly wh: Tensor<[16, 64]>; readonly uh: Tensor<[64, 64]>;
};

/** z, r gates; n = tanh(x·Wh + (r∘h)·Uh); h' = (1 − z)∘n + z∘h. */
const cell = (p: Gru, h: Tensor<[32, 64]>, x: Tensor<[32, 16]>): Tensor<[32, 64]> => {
  const z = sigmoid(add(matmul(x, p.wz), matmul(h, p.uz)));
  const r = sigmoid(add(matmul(x, p.wr), matmul(h, p.ur)));
  const n = tanh(add(matmul(x, p.wh), matmul(mul(r, h), p.uh)));
  return add(mul(sub(1, z), n), mul(z, h));
};

const lossUnrolled = (p: Gru, h0: Tensor<[32, 64]>, xs: Tensor<[128, 32, 16]>) => {
  let h = h0;
  let total = mean(h0);
  for (let t = 0; t < T; t++) {
    h = cell(p, h, reshape(slice(xs, 0, t, t + 1), [B, F]));
    total = add(total, mean(mul(h, h)));
  }
  return total;
};

const lossScanned = (p: Gru, h0: Tensor<[32, 64]>, xs: Tensor<[128, 32, 16]>) => {
  const [, hs] = scan((h: Tensor<[32, 64]>, x: Tensor<[32, 16]>) => {
    const next = cell(p, h, x);
    return [next, next] as const;
  }, h0, xs);
  return add(mean(h0), mul(mean(mul(hs, hs)), T));
};

const k = (i: number) => key(100 + i);
const w = <const S extends readonly number[]>(i: number, shape: S) => mul(random.normal(k(i), shape), 0.2);
const params: Gru = { wz: w(0, [F, H]), uz: w(1, [H, H]), wr: w(2, [F, H]), ur: w(3, [H, H]), wh: w(4, [F, H]), uh: w(5, [H, H]) };
const h0 = random.uniform(k(6), [B, H]);
const xs = random.uniform(k(7), [T, B, F]);

const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

function measure(name: string, loss: typeof lossScanned) {
  const step = jit(valueAndGrad(loss));
  const t0 = performance.now();
  const [first] = step(params, h0, xs);
  first.item();
  const firstMs = performance.now() - t0;
  const samples: number[] = [];
  let value = first.item();
  for (let i = 0; i < 15; i++) {
    const t1 = performance.now();
    const [v, g] = step(params, h0, xs);
    value = v.item();
    g.uh.item;
    samples.push(performance.now() - t1);
  }
  const stepMs = median(samples);
  const program = step.program(params, h0, xs);
  const stats = wasmBackend.compile(program).stats;
  const bodyEqns = program.eqns.filter((e) => e.prim === "scan").map((e) => (e.prim === "scan" ? e.params.body.eqns.length : 0));
  return { name, compileMs: firstMs - stepMs, stepMs, value, eqns: program.eqns.length, bodyEqns, steps: stats.steps, fallbacks: stats.fallbacks };
}

const unrolled = measure("unrolled", lossUnrolled);
const scanned = measure("scan", lossScanned);
for (const r of [unrolled, scanned]) {
  console.log(`${r.name.padEnd(9)} compile ${r.compileMs.toFixed(0).padStart(6)} ms   step ${r.stepMs.toFixed(2).padStart(7)} ms   ` +
    `loss ${r.value.toFixed(6)}   program ${r.eqns} equations${r.bodyEqns.length > 0 ? ` (scan bodies: ${r.bodyEqns.join(", ")} equations)` : ""}` +
    `   fallbacks: ${r.fallbacks.join(", ") || "none"}`);
}
console.log(`scan / unrolled: compile ${(scanned.compileMs / unrolled.compileMs).toFixed(3)}×, step ${(scanned.stepMs / unrolled.stepMs).toFixed(2)}×`);
