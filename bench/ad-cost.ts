// The cost of reverse mode on the reference interpreter: valueAndGrad of a 784-128-10 MLP
// softmax cross-entropy loss (batch 128, float32) as a ratio of the forward pass alone (the
// cheap-gradient principle says a small constant), and the fixed tracing overhead per call
// (measured on a tiny model where the arithmetic is negligible).
//
// Run: npx tsx bench/ad-cost.ts

import { valueAndGrad } from "../src/ad/index.js";
import { add, logsumexp, matmul, mean, mul, oneHot, relu, sub, sum } from "../src/ops/index.js";
import { fromArray, type Tensor } from "../src/tensor/index.js";

const mulberry32 = (seed: number) => () => {
  let t = (seed += 0x6d2b79f5);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const rand = mulberry32(1);
const randn = (n: number, scale: number) => Array.from({ length: n }, () => (rand() * 2 - 1) * scale);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const time = (f: () => unknown, reps: number): number => {
  f();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    samples.push(performance.now() - t0);
  }
  return median(samples);
};

function mlpCase<I extends number, H extends number, O extends number, B extends number>(i: I, h: H, o: O, b: B) {
  type P = { w1: Tensor<[I, H]>; b1: Tensor<[H]>; w2: Tensor<[H, O]>; b2: Tensor<[O]> };
  const params: P = { w1: fromArray(randn(i * h, 0.05), [i, h]), b1: fromArray(randn(h, 0.01), [h]), w2: fromArray(randn(h * o, 0.1), [h, o]), b2: fromArray(randn(o, 0.01), [o]) };
  const x = fromArray(Array.from({ length: b * i }, rand), [b, i]);
  const y = fromArray(Array.from({ length: b }, (_, k) => k % o), [b], "int32");
  const loss = (p: P) => {
    const logits = add(matmul(relu(add(matmul(x, p.w1), p.b1)), p.w2), p.b2);
    return mean(sum(mul(oneHot(y, o), sub(logsumexp(logits, 1, true), logits)), 1));
  };
  return { forward: () => loss(params), backward: () => valueAndGrad(loss)(params) };
}

const big = mlpCase(784, 128, 10, 128);
const fwd = time(big.forward, 15);
const vg = time(big.backward, 15);
const tiny = mlpCase(2, 2, 2, 1);
const tinyFwd = time(tiny.forward, 300);
const tinyVg = time(tiny.backward, 300);
console.log("784-128-10 MLP, batch 128, float32, reference interpreter (median):");
console.log(`  forward            ${fwd.toFixed(2)} ms`);
console.log(`  valueAndGrad       ${vg.toFixed(2)} ms   ratio ${(vg / fwd).toFixed(2)}x the forward pass`);
console.log("2-2-2 MLP, batch 1 (arithmetic negligible):");
console.log(`  forward            ${(tinyFwd * 1000).toFixed(0)} µs`);
console.log(`  valueAndGrad       ${(tinyVg * 1000).toFixed(0)} µs   tracing + transposition overhead ≈ ${((tinyVg - tinyFwd) * 1000).toFixed(0)} µs per call`);
