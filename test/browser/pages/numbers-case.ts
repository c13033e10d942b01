// The computation the browser page and Node both run, given the library (the page: the package's
// browser build; Node: the source): a gradient, the same gradient jitted, a large jitted matmul
// (split across threads where the backend has them) and a short fit. The browser test compares
// the page's numbers with Node's.

import type * as Tygrad from "../../../src/index.js";

type Lib = typeof Tygrad;

export interface Numbers {
  readonly grad: readonly number[];
  readonly jitGrad: readonly number[];
  /** A few entries and the sum of a 256×256 @ 256×256 product, by jit on the Wasm backend. */
  readonly matmul: { readonly corner: readonly number[]; readonly sum: number };
  readonly losses: readonly number[];
  readonly accuracy: number;
  readonly threads: number;
  readonly isolated: boolean;
}

export async function numbers(t: Lib): Promise<Numbers> {
  // f(W) = Σ tanh(X·W), X fixed: ∂f/∂W = Xᵀ·(1 − tanh²(X·W)).
  const x = t.fromArray(Array.from({ length: 4 * 3 }, (_, i) => Math.sin(i + 1)), [4, 3]);
  const w = t.fromArray(Array.from({ length: 3 * 2 }, (_, i) => Math.cos(i) / 2), [3, 2]);
  const f = (v: Tygrad.Tensor<[3, 2]>) => t.sum(t.tanh(t.matmul(x, v)));
  const grad = Array.from(t.grad(f)(w).toArray());
  const jitGrad = Array.from(t.jit(t.grad(f))(w).toArray());

  await t.wasmBackend.ready();
  const n = 256;
  const a = t.fromArray(Array.from({ length: n * n }, (_, i) => ((i * 7919) % 13) / 13 - 0.5), [n, n]);
  const product = t.jit((m: Tygrad.Tensor<[256, 256]>) => t.matmul(m, m))(a).toArray();
  const matmul = { corner: Array.from(product.subarray(0, 4)), sum: product.reduce((s, v) => s + v, 0) };

  const moons = t.data.moons(t.key(0), { n: 256, noise: 0.1 });
  const model = t.modelFromLayer(t.nn.sequential(t.nn.dense(2, 16), t.nn.activation(t.nn.relu, "relu"), t.nn.dense(16, 2)));
  const loss = (logits: Tygrad.Tensor<[...number[], 2]>, labels: Tygrad.Tensor<[number], "int32">) => t.nn.sparseSoftmaxCrossEntropy(logits, labels);
  const result = await t.fit({ model, loss, optimizer: t.optim.adam(0.02), data: moons, epochs: 5, batchSize: 32, key: t.key(1), jit: true });
  const losses = result.history.map((r) => r.loss);
  const accuracy = result.history[result.history.length - 1]?.accuracy ?? NaN;
  const scope = globalThis as { readonly crossOriginIsolated?: boolean };
  return { grad, jitGrad, matmul, losses, accuracy, threads: t.wasmBackend.threads, isolated: scope.crossOriginIsolated === true };
}
