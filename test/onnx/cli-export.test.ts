// The trained default model end to end: `npm start -- --export-onnx` trains the MLP, writes
// model.onnx next to the checkpoint, and ONNX Runtime's predictions on the 2,000 held-out images
// are tygrad's, from the parameters in the checkpoint.

import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import { builtIn } from "../../src/cli/data-source.js";
import { mlp } from "../../src/cli/models.js";
import { defaultLearningRate, makeOptimizer } from "../../src/cli/optimizer.js";
import { flattenFeatures } from "../../src/data/index.js";
import { loadCheckpoint } from "../../src/io/checkpoint.js";
import { argmax } from "../../src/ops/index.js";
import { fold, key } from "../../src/random/index.js";
import { modelFromAnyLayer } from "../../src/train/index.js";
import type { Shape } from "../../src/shape/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { runCli } from "../cli/run-cli.js";
import { maxAbsDiff, runOrt, session } from "./ort.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("npm start -- --export-onnx", () => {
  it("writes model.onnx whose held-out predictions are the checkpoint's", { timeout: 120_000 }, async () => {
    const out = await mkdtemp(join(tmpdir(), "tygrad-onnx-"));
    dirs.push(out);
    const seed = 4;
    const run = await runCli(["--examples", "600", "--epochs", "2", "--seed", String(seed), "--quiet", "--export-onnx", "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const onnxPath = join(out, "model.onnx");
    expect(run.stdout).toContain(onnxPath);
    // 784·128 + 128 + 128·10 + 10 float32 weights, plus the graph.
    const size = (await stat(onnxPath)).size;
    expect(size).toBeGreaterThan(4 * 101_770);
    expect(size).toBeLessThan(4 * 101_770 + 4096);

    const layer = mlp(784, 10, 0);
    const model = modelFromAnyLayer<Tensor<Shape>, Tensor<[number, number]>>(layer);
    const init = model.init(fold(key(seed), 0));
    const optimizer = makeOptimizer("adam", defaultLearningRate("adam"), {});
    const loaded = await loadCheckpoint(join(out, "model.safetensors"), { params: init.params, optState: optimizer.init(init.params), modelState: init.state });
    if (E.isLeft(loaded)) throw new Error(`${loaded.left.path}: ${loaded.left.message}`);

    const heldOut = flattenFeatures(builtIn(key(seed), 600).test).features;
    expect(heldOut.shape).toEqual([2000, 784]);
    const ours = model.apply(loaded.right.params, init.state, heldOut, { key: key(seed), train: false }).output;
    const theirs = (await runOrt(await session(await readFile(onnxPath)), { input: heldOut })).output;
    expect(theirs?.dims).toEqual([2000, 10]);
    expect(maxAbsDiff(theirs?.data ?? [], ours.toArray())).toBeLessThan(1e-4);
    const predicted = Array.from(argmax(ours, 1).toArray());
    const ortPredicted = Array.from({ length: 2000 }, (_, i) => {
      const row = Array.from({ length: 10 }, (_, j) => Number(theirs?.data[10 * i + j]));
      return row.indexOf(Math.max(...row));
    });
    expect(ortPredicted).toEqual(predicted);
    // Trained, not a constant classifier: several classes are predicted.
    expect(new Set(predicted).size).toBeGreaterThan(5);
  });
});
