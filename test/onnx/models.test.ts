// The layers and models users export, run in ONNX Runtime at several batch sizes against tygrad
// (inference mode: batchNorm with running statistics that training moved away from 0 and 1).

import { describe, expect, it } from "vitest";
import { nn, random, key, fold, matmul, reshape, permute, swapLast, div, add, sqrt, scalar, where, less, arange } from "../../src/index.js";
import { layerToOnnx, toOnnx } from "../../src/onnx/index.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import { maxAbsDiff, runOrt, session, toleranceRatio } from "./ort.js";

const BATCHES = [1, 2, 7];
type F3 = Tensor<[number, number, number]>;

/** Runs `exported` in ONNX Runtime at each batch size and compares with `ours`; returns max |Δ|. */
async function agree(bytes: Uint8Array, input: (b: number) => AnyTensor, ours: (x: AnyTensor) => AnyTensor): Promise<number> {
  const s = await session(bytes);
  let worst = 0;
  for (const b of BATCHES) {
    const x = input(b);
    const y = ours(x);
    const out = (await runOrt(s, { input: x })).output;
    expect(out?.dims, `batch ${b}`).toEqual(y.shape);
    expect(toleranceRatio(out?.data ?? [], y.toArray(), 1e-5, 1e-4), `batch ${b}`).toBeLessThanOrEqual(1);
    worst = Math.max(worst, maxAbsDiff(out?.data ?? [], y.toArray()));
  }
  return worst;
}

const images = (b: number) => random.normal(key(b), [b, 12, 12, 1]);

describe("exported layers and models equal tygrad in ONNX Runtime", () => {
  it("the MLP", async () => {
    const model = nn.sequential(nn.flatten(), nn.dense(784, 128), nn.activation(nn.relu, "relu"), nn.dense(128, 10));
    const params = model.init(key(0));
    const input = (b: number) => random.normal(key(b), [b, 784]);
    const bytes = layerToOnnx(model, params, null, input(2));
    expect(await agree(bytes, input, (x) => model.run(params, null, x, {})[0])).toBeLessThan(1e-5);
  });

  it("a CNN: convolutions (dilation, padding, stride), batchNorm with running statistics, max and average pooling", async () => {
    const model = nn.sequential(
      nn.conv2d(1, 4, 3, { padding: 2, dilation: 2 }), nn.batchNorm(4), nn.activation(nn.relu, "relu"), nn.maxPool2d(2),
      nn.conv2d(4, 6, 3, { stride: 2 }), nn.activation(nn.tanh, "tanh"), nn.avgPool2d(2),
      nn.flatten(), nn.dense(6, 3),
    );
    const params = model.init(key(1));
    // A few training passes move the running statistics away from their initial 0 and 1.
    let state = model.initState();
    for (let i = 0; i < 3; i++) state = model.run(params, state, random.normal(fold(key(2), i), [8, 12, 12, 1], { mean: 0.5, stddev: 2 }), { train: true })[1];
    const running = (state as readonly unknown[])[1] as { mean: Tensor<[4]>; variance: Tensor<[4]> };
    expect(Math.max(...running.variance.toArray().map((v) => Math.abs(v - 1)))).toBeGreaterThan(0.1);
    const bytes = layerToOnnx(model, params, state, images(2));
    expect(await agree(bytes, images, (x) => model.run(params, state, x, { train: false })[0])).toBeLessThan(1e-5);
  });

  it("layerNorm after a residual block", async () => {
    const model = nn.sequential(
      nn.residual(nn.sequential(nn.dense(8, 8), nn.activation(nn.gelu, "gelu"), nn.dense(8, 8))),
      nn.layerNorm(8),
    );
    const params = model.init(key(3));
    const input = (b: number) => random.normal(key(b), [b, 5, 8]);
    const bytes = layerToOnnx(model, params, null, input(2));
    expect(await agree(bytes, input, (x) => model.run(params, null, x, {})[0])).toBeLessThan(1e-5);
  });

  it("an embedding of int32 ids", async () => {
    const model = nn.sequential(nn.embedding(50, 6), nn.dense(6, 2));
    const params = model.init(key(4));
    const input = (b: number) => random.randint(key(b), [b, 9], 0, 50);
    const bytes = layerToOnnx(model, params, null, input(2));
    expect(await agree(bytes, input, (x) => model.run(params, null, x, {})[0])).toBeLessThan(1e-5);
  });
});

// Multi-head self-attention written with ops: softmax(Q Kᵀ / √d) V per head, heads merged and projected.
const D = 8, H = 2, DH = 4;
const proj = (k: number) => random.normal(key(k), [D, D], { stddev: 1 / Math.sqrt(D) });
const weights = { q: proj(10), k: proj(11), v: proj(12), o: proj(13) };

function attention(x: F3, mask?: Tensor<[number, number], "bool">): F3 {
  const [b, s] = [x.shape[0], x.shape[1]];
  const heads = (w: Tensor<[number, number]>) => permute(reshape(matmul(x, w), [b, s, H, DH]), [0, 2, 1, 3]);
  const [q, k, v] = [heads(weights.q), heads(weights.k), heads(weights.v)];
  const scores = div(matmul(q, swapLast(k)), sqrt(scalar(DH)));
  const masked = mask === undefined ? scores : where(mask, scores, scalar(-1e9));
  const merged = reshape(permute(matmul(nn.softmax(masked, -1), v), [0, 2, 1, 3]), [b, s, D]);
  return add(x, matmul(merged, weights.o));
}

describe("an attention block written with existing ops", () => {
  it("with a dynamic batch and a dynamic sequence length", async () => {
    const input = (b: number) => random.normal(key(b), [b, 3 + b, D]);
    const bytes = toOnnx(attention, [input(2)], { dynamicAxes: [{ 0: "batch", 1: "seq" }] });
    const s = await session(bytes);
    expect(s.inputMetadata[0]).toMatchObject({ shape: ["batch", "seq", 8] });
    await expect(agree(bytes, input, (x) => attention(x as F3))).resolves.toBeLessThan(1e-5);
  });

  it("causal, with a mask over the positions (a constant of the fixed sequence length)", async () => {
    // Position j is visible from position i when j ≤ i.
    const causal = less(reshape(arange(6), [1, 6]), add(reshape(arange(6), [6, 1]), scalar(1)));
    const input = (b: number) => random.normal(key(b), [b, 6, D]);
    const f = (x: F3) => attention(x, causal);
    const bytes = toOnnx(f, [input(2)], { dynamicAxes: [{ 0: "batch" }] });
    expect(await agree(bytes, input, (x) => f(x as F3))).toBeLessThan(1e-5);
  });
});

