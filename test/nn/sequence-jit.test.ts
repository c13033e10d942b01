// The sequence layers compiled by jit on the WebAssembly backend against the reference
// interpreter (eager evaluation): a causal transformer block with dropout on its attention
// weights, its gradient, and a GRU and an LSTM over time, in float32.
import "../../src/backend/wasm-jit/register.js";
import { describe, expect, it } from "vitest";
import { grad } from "../../src/ad/api.js";
import { getDefaultBackend, jit } from "../../src/backend/jit/index.js";
import * as nn from "../../src/nn/index.js";
import { sum } from "../../src/ops/reduce.js";
import { key, type Key } from "../../src/random/key.js";
import { normal } from "../../src/random/samplers.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import { leaves } from "../../src/tree/tree.js";

const close = (a: AnyTensor, b: AnyTensor, tol: number): void => {
  const [x, y] = [Array.from(a.toArray()), Array.from(b.toArray())];
  expect(a.shape).toEqual(b.shape);
  const scale = Math.max(1, ...y.map(Math.abs));
  expect(Math.max(...x.map((v, i) => Math.abs(v - (y[i] ?? NaN))))).toBeLessThan(tol * scale);
};

describe("sequence layers under jit (WebAssembly) = eager (reference interpreter)", () => {
  it("runs on the WebAssembly backend", () => {
    expect(getDefaultBackend().name).toMatch(/wasm/i);
  });
  const x = normal(key(1), [3, 10, 16]);
  it("a causal transformer block with attention dropout, and its gradient", () => {
    const block = nn.transformerBlock(16, { heads: 4, causal: true, attentionDropout: 0.2 });
    const p = block.init(key(2));
    const f = (params: typeof p, v: Tensor<[3, 10, 16]>, k: Key) => block.apply(params, v, { train: true, key: k });
    close(jit(f)(p, x, key(3)), f(p, x, key(3)), 1e-5);
    const g = (params: typeof p, v: Tensor<[3, 10, 16]>, k: Key) => grad((q: typeof p) => sum(f(q, v, k)))(params);
    const [compiled, eager] = [leaves(jit(g)(p, x, key(3))), leaves(g(p, x, key(3)))];
    expect(compiled.length).toBe(eager.length);
    compiled.forEach((leaf, i) => close(leaf, eager[i] ?? leaf, 1e-4));
  });
  it("gru and lstm over time", () => {
    const gru = nn.gru(16, 8);
    const pg = gru.init(key(4));
    const fg = (params: typeof pg, v: Tensor<[3, 10, 16]>) => gru.apply(params, v);
    close(jit(fg)(pg, x), fg(pg, x), 1e-5);
    const lstm = nn.lstm(16, 8, { returnSequences: false });
    const pl = lstm.init(key(5));
    const fl = (params: typeof pl, v: Tensor<[3, 10, 16]>) => lstm.apply(params, v);
    close(jit(fl)(pl, x), fl(pl, x), 1e-5);
  });
});
