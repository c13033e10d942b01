// What the browser-vs-Node comparison times, given the library (the page: the package's browser
// build; Node: its Node build), through the public API only:
//   - a jitted 512×512 float32 matmul, per call, its GFLOP/s (2n³ / time; each call includes
//     copying the two inputs in and the product out, as a user's call does);
//   - the MLP training step of bench/ (784-128-10 ReLU, softmax cross-entropy, batch 128, float32,
//     one Adam step), jit of the whole step with donated parameters and state, per step.
// With `threads` the default backend's matmuls are split across its threads (await ready first).
// Each figure is the median of 7 blocks, after a warm-up.

import type * as Tygrad from "../../src/index.js";

type Lib = typeof Tygrad;

export interface Speed {
  readonly threads: number;
  readonly matmulGflops: number;
  readonly mlpStepMs: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

/** Median seconds per call of `run` over 7 blocks of `calls` calls each, after `warm` calls. */
const time = (run: () => void, calls: number, warm: number): number => {
  for (let i = 0; i < warm; i++) run();
  const blocks: number[] = [];
  for (let b = 0; b < 7; b++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run();
    blocks.push((performance.now() - start) / 1000 / calls);
  }
  return median(blocks);
};

/** A seeded uniform stream in [-0.5, 0.5) (mulberry32), so both runtimes see the same numbers. */
const uniform = (seed: number) => {
  let s = seed >>> 0;
  return (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
};

export async function speed(t: Lib): Promise<Speed> {
  await t.wasmBackend.ready();
  const next = uniform(1);
  const n = 512;
  const a = t.fromArray(Array.from({ length: n * n }, next), [n, n]);
  const b = t.fromArray(Array.from({ length: n * n }, next), [n, n]);
  const mm = t.jit((x: Tygrad.Tensor<[512, 512]>, y: Tygrad.Tensor<[512, 512]>) => t.matmul(x, y));
  const matmulSeconds = time(() => void mm(a, b), 4, 3);

  type Params = { w1: Tygrad.Tensor<[784, 128]>; b1: Tygrad.Tensor<[128]>; w2: Tygrad.Tensor<[128, 10]>; b2: Tygrad.Tensor<[10]> };
  const init = (shape: readonly number[], scale: number) => Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => next() * scale);
  let params: Params = {
    w1: t.fromArray(init([784, 128], 0.1), [784, 128]), b1: t.zeros([128]),
    w2: t.fromArray(init([128, 10], 0.3), [128, 10]), b2: t.zeros([10]),
  };
  const x = t.fromArray(init([128, 784], 2), [128, 784]);
  const y = t.oneHot(t.fromArray(Array.from({ length: 128 }, (_, i) => i % 10), [128], "int32"), 10);
  const loss = (p: Params, xs: Tygrad.Tensor<[128, 784]>, ys: Tygrad.Tensor<[128, 10]>) => {
    const logits = t.add(t.matmul(t.relu(t.add(t.matmul(xs, p.w1), p.b1)), p.w2), p.b2);
    return t.mean(t.sum(t.mul(ys, t.sub(t.logsumexp(logits, 1, true), logits)), 1));
  };
  const optimizer = t.optim.adam(1e-3);
  let state = optimizer.init(params);
  const step = t.jit((p: Params, s: typeof state, xs: Tygrad.Tensor<[128, 784]>, ys: Tygrad.Tensor<[128, 10]>) => {
    const [value, grads] = t.valueAndGrad(loss)(p, xs, ys);
    const [updates, nextState] = optimizer.update(grads, s, p);
    return { params: t.applyUpdates(p, updates), state: nextState, loss: value };
  }, { donate: [0, 1] });
  const stepSeconds = time(() => {
    const out = step(params, state, x, y);
    params = out.params;
    state = out.state;
  }, 20, 10);
  return { threads: t.wasmBackend.threads, matmulGflops: (2 * n ** 3) / matmulSeconds / 1e9, mlpStepMs: stepSeconds * 1000 };
}
