// Inference of the 784-128-10 MLP (the CLI's default model), side by side on the same batch:
// tygrad's `jit` on the WebAssembly backend against the same model exported with `tygrad/onnx`
// and run by ONNX Runtime (CPU, onnxruntime-node, one intra-op thread and its default). Both
// through their public APIs; the feed is built once, so each figure is a forward pass plus the
// runtime's own call overhead.
//
// Run: npx tsx bench/onnx-mlp.ts [batch …]   (default batches 1, 128, 1024)

import * as ort from "onnxruntime-node";
import { jit, key, nn, random, type Tensor } from "../src/index.js";
import { layerToOnnx } from "../src/onnx/index.js";

const model = nn.sequential(nn.flatten(), nn.dense(784, 128), nn.activation(nn.relu, "relu"), nn.dense(128, 10));
const params = model.init(key(0));
const forward = jit((x: Tensor<[number, 784]>) => model.apply(params, x));
const bytes = layerToOnnx(model, params, null, random.normal(key(1), [1, 784]));

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Median ms per call of `f` over blocks of calls lasting ≈ 20 ms each, after a warm-up. */
async function time(f: () => unknown): Promise<number> {
  for (let i = 0; i < 5; i++) await f();
  const t0 = performance.now();
  await f();
  const reps = Math.max(1, Math.round(20 / Math.max(performance.now() - t0, 1e-3)));
  const blocks: number[] = [];
  for (let b = 0; b < 9; b++) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) await f();
    blocks.push((performance.now() - start) / reps);
  }
  return median(blocks);
}

const batches = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
const sessions = {
  "ort 1 thread": await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 }),
  "ort default": await ort.InferenceSession.create(bytes),
};
console.log(`MLP 784-128-10 inference; model.onnx ${(bytes.length / 1024).toFixed(1)} KiB`);
console.log("batch | tygrad jit (ms) | " + Object.keys(sessions).map((k) => `${k} (ms)`).join(" | ") + " | max |Δ| vs jit");
for (const b of batches.length > 0 ? batches : [1, 128, 1024]) {
  const x = random.normal(key(b), [b, 784]);
  const feed = { input: new ort.Tensor("float32", x.toArray(), [b, 784]) };
  const ours = forward(x).toArray();
  const jitMs = await time(() => forward(x).toArray());
  const cells: string[] = [];
  let diff = 0;
  for (const s of Object.values(sessions)) {
    const out = (await s.run(feed)).output?.data as Float32Array;
    diff = Math.max(diff, ...out.map((v, i) => Math.abs(v - (ours[i] ?? NaN))));
    const ms = await time(() => s.run(feed));
    cells.push(`${ms.toFixed(3)} (jit / ort = ${(jitMs / ms).toFixed(2)})`);
  }
  console.log(`${b} | ${jitMs.toFixed(3)} | ${cells.join(" | ")} | ${diff.toExponential(2)}`);
}
