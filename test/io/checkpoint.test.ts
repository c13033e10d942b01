import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { decodeCheckpoint, encodeCheckpoint, loadCheckpoint, saveCheckpoint, type Checkpoint } from "../../src/io/checkpoint.js";
import { key, keyData } from "../../src/random/index.js";
import { fromArray, scalar, type Tensor } from "../../src/tensor/index.js";

type Params = { readonly w: Tensor<[2, 3]>; readonly layers: readonly [{ readonly b: Tensor<[3], "float64"> }] };
type State = { readonly count: Tensor<[], "int32">; readonly mu: Params };

const params: Params = { w: fromArray([1, 2, 3, 4, 5, 6], [2, 3]), layers: [{ b: fromArray([0.5, -1, 1e-300], [3], "float64") }] };
const state: State = { count: scalar(7, "int32"), mu: { w: fromArray([6, 5, 4, 3, 2, 1], [2, 3]), layers: [{ b: fromArray([1, 2, 3], [3], "float64") }] } };
const ckpt: Checkpoint<Params, State> = { params, optState: state, step: 123, key: key(42), meta: { lr: 0.01, note: "ünïcode" } };

const right = <A>(e: E.Either<{ message: string; path?: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${e.left.path ?? ""}: ${e.left.message}`);
  return e.right;
};
const left = <A>(e: E.Either<{ message: string; path: string }, A>): { message: string; path: string } => {
  if (E.isRight(e)) throw new Error("expected Left");
  return e.left;
};

describe("checkpoints", () => {
  it("round-trips params, optimizer state, step, key and metadata exactly", () => {
    const back = right(decodeCheckpoint(encodeCheckpoint(ckpt), { params, optState: state }));
    expect(back.params.w.toArray()).toEqual(params.w.toArray());
    expect(back.params.layers[0].b.dtype).toBe("float64");
    expect(back.params.layers[0].b.toArray()).toEqual(params.layers[0].b.toArray());
    expect(back.optState.count.item()).toBe(7);
    expect(back.optState.mu.w.toArray()).toEqual(state.mu.w.toArray());
    expect(back.step).toBe(123);
    expect(keyData(back.key)).toEqual(keyData(key(42)));
    expect(back.meta).toEqual({ lr: 0.01, note: "ünïcode" });
  });

  it("round-trips the model's state and the best epoch's parameters", () => {
    const running = { mean: fromArray([0.1, 0.2, 0.3], [3], "float64"), variance: fromArray([1, 2, 3], [3], "float64") };
    const best: Params = { w: fromArray([9, 8, 7, 6, 5, 4], [2, 3]), layers: [{ b: fromArray([1, 1, 1], [3], "float64") }] };
    const bytes = encodeCheckpoint({ ...ckpt, modelState: running, best: { params: best, modelState: running } });
    const back = right(decodeCheckpoint(bytes, { params, optState: state, modelState: running }));
    expect(back.modelState?.variance.toArray()).toEqual(running.variance.toArray());
    expect(back.best?.params.w.toArray()).toEqual(best.w.toArray());
    expect(back.best?.modelState.mean.toArray()).toEqual(running.mean.toArray());
    // Without best params in the file, none come back; a model state the file lacks is an error naming it.
    expect(right(decodeCheckpoint(encodeCheckpoint(ckpt), { params, optState: state })).best).toBeUndefined();
    expect(left(decodeCheckpoint(encodeCheckpoint(ckpt), { params, optState: state, modelState: running })).path).toBe("state.mean");
  });

  it("stores tensors under their tree paths so other frameworks can read them", () => {
    const bytes = encodeCheckpoint(ckpt);
    const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
    expect(Object.keys(header).sort()).toEqual(["__metadata__", "opt.count", "opt.mu.layers.0.b", "opt.mu.w", "params.layers.0.b", "params.w"]);
  });

  it("reports a wrong shape with the field's path", () => {
    const other = { ...params, w: fromArray([1, 2, 3, 4, 5, 6], [3, 2]) };
    const err = left(decodeCheckpoint(encodeCheckpoint(ckpt), { params: other, optState: state }));
    expect(err.path).toBe("params.w");
    expect(err.message).toContain("shape [2, 3], expected [3, 2]");
  });

  it("reports a missing tensor and an unexpected one", () => {
    const bigger = { ...params, extra: fromArray([1], [1]) };
    expect(left(decodeCheckpoint(encodeCheckpoint(ckpt), { params: bigger, optState: state })).path).toBe("params.extra");
    const smaller = { w: params.w, layers: params.layers };
    const withExtra = encodeCheckpoint({ params: { ...smaller, more: fromArray([1], [1]) }, optState: state, step: 1, key: key(0), meta: null });
    expect(left(decodeCheckpoint(withExtra, { params: smaller, optState: state })).path).toBe("params.more");
  });

  it("reports a wrong dtype", () => {
    const f32 = { ...params, layers: [{ b: fromArray([1, 2, 3], [3]) }] as const };
    const err = left(decodeCheckpoint(encodeCheckpoint(ckpt), { params: f32, optState: state }));
    expect(err.path).toBe("params.layers.0.b");
    expect(err.message).toContain("float64");
  });

  it("rejects every truncation of the file", () => {
    const bytes = encodeCheckpoint(ckpt);
    for (let n = 0; n < bytes.length; n += Math.max(1, Math.floor(bytes.length / 97))) {
      expect(E.isLeft(decodeCheckpoint(bytes.subarray(0, n), { params, optState: state }))).toBe(true);
    }
  });

  it("rejects corrupted metadata with its path", () => {
    const bytes = encodeCheckpoint(ckpt);
    const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
    expect(header).toContain('"step":"123"');
    const corrupted = bytes.slice();
    corrupted.set(new TextEncoder().encode(header.replace('"step":"123"', '"step":"-12"')), 8); // same length: offsets stay valid
    expect(left(decodeCheckpoint(corrupted, { params, optState: state }))).toEqual({
      _tag: "CheckpointError", path: "metadata.step", message: 'expected a non-negative integer, got "-12"',
    });
  });

  it("saves atomically and loads from disk", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tygrad-ckpt-"));
    const path = join(dir, "model.safetensors");
    right(await saveCheckpoint(path, ckpt));
    const first = readFileSync(path);
    right(await saveCheckpoint(path, { ...ckpt, step: 124 }));
    expect(right(await loadCheckpoint(path, { params, optState: state })).step).toBe(124);
    writeFileSync(path, first.subarray(0, first.length - 5));
    expect(left(await loadCheckpoint(path, { params, optState: state })).path).not.toBe("");
  });
});
