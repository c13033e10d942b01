// saveCheckpoint never writes weights holding NaN or ±Infinity: the previous checkpoint stays
// byte for byte as it was, no temporary file is left, and the error names the first bad tensor.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveCheckpoint, type Checkpoint } from "../../src/io/checkpoint.js";
import { key } from "../../src/random/index.js";
import { fromArray, type Tensor } from "../../src/tensor/index.js";

type Params = { readonly w: Tensor<[2, 2]>; readonly layers: readonly [{ readonly b: Tensor<[3], "float64"> }] };
const params = (b: readonly number[]): Params => ({ w: fromArray([1, 2, 3, 4], [2, 2]), layers: [{ b: fromArray(b, [3], "float64") }] });
const good: Checkpoint<Params, null, { readonly mean: Tensor<[2]> }> = {
  params: params([0.5, -1, 2]), optState: null, modelState: { mean: fromArray([0, 1], [2]) }, step: 3, key: key(0), meta: null,
};

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-ckpt-nan-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("saveCheckpoint refuses non-finite weights", () => {
  it.each([
    ["NaN in a parameter", { ...good, params: params([0.5, Number.NaN, 2]) }, "params.layers.0.b", "holds NaN at element 1"],
    ["Infinity in the model state", { ...good, modelState: { mean: fromArray([0, Infinity], [2]) } }, "state.mean", "holds Infinity at element 1"],
    ["-Infinity in the best epoch's parameters", { ...good, best: { params: { ...params([1, 1, 1]), w: fromArray([1, -Infinity, 3, 4], [2, 2]) }, modelState: good.modelState ?? { mean: fromArray([0, 0], [2]) } } }, "best.params.w", "holds -Infinity at element 1"],
  ] as const)("%s: names the tensor and keeps the finite file on disk as it was", async (_what, bad, path, detail) => {
    const target = join(dir, `${path}.safetensors`);
    expect(E.isRight(await saveCheckpoint(target, good))).toBe(true);
    const before = await readFile(target);
    const saved = await saveCheckpoint(target, bad);
    expect(saved).toEqual(E.left({ _tag: "CheckpointError", path, message: `${detail}; refusing to save non-finite weights (the file on disk is left as it was)` }));
    expect(Buffer.compare(await readFile(target), before)).toBe(0);
    expect((await readdir(dir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});
