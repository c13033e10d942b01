// Checkpoint files of real models, checked against the safetensors format itself rather than
// against tygrad's own encoder: a file assembled byte by byte here loads into a model, a file
// written after a training epoch reads back with a reader written here, and damaged files
// (truncated, a flipped bit in the header, another architecture) are refused whole, with the
// place of the fault, never half loaded.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spirals } from "../../src/data/index.js";
import { decodeCheckpoint, loadCheckpoint, saveCheckpoint } from "../../src/io/index.js";
import { activation, dense, relu, sequential } from "../../src/nn/index.js";
import { adam, sgd } from "../../src/optim/index.js";
import { key, keyData } from "../../src/random/index.js";
import { fromArray } from "../../src/tensor/index.js";
import { fit, modelFromLayer } from "../../src/train/index.js";
import { leavesWithPaths } from "../../src/tree/index.js";
import { bits, crossEntropy, snapshot } from "../train/support.js";

// ---------------------------------------------------------------------------------------------
// The format, written and read here from its description (8-byte little-endian header length,
// a JSON header of {dtype, shape, data_offsets} per tensor plus "__metadata__", then the data).

interface Written {
  readonly dtype: "F32" | "I32";
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

/** A safetensors file: tensors in the order given, header padded with spaces to 8 bytes. */
function writeSafetensors(tensors: readonly (readonly [string, Written])[], metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, { dtype, shape, values }] of tensors) {
    const chunk = new Uint8Array(4 * values.length);
    const view = new DataView(chunk.buffer);
    values.forEach((v, i) => (dtype === "F32" ? view.setFloat32(4 * i, v, true) : view.setInt32(4 * i, v, true)));
    header[name] = { dtype, shape, data_offsets: [offset, offset + chunk.length] };
    offset += chunk.length;
    chunks.push(chunk);
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const file = new Uint8Array(8 + headerLength + offset).fill(0x20, 8, 8 + headerLength);
  new DataView(file.buffer).setBigUint64(0, BigInt(headerLength), true);
  file.set(json, 8);
  let at = 8 + headerLength;
  for (const chunk of chunks) {
    file.set(chunk, at);
    at += chunk.length;
  }
  return file;
}

interface Read {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly bytes: Uint8Array;
}

/** The tensors and metadata of a safetensors file. */
function readSafetensors(file: Uint8Array): { tensors: Map<string, Read>; metadata: Record<string, string> } {
  const headerLength = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  const tensors = new Map<string, Read>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") {
      metadata = entry as Record<string, string>; // the format's metadata is a map of strings
      continue;
    }
    const { dtype, shape, data_offsets: [begin, end] } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    tensors.set(name, { dtype, shape, bytes: file.subarray(8 + headerLength + begin, 8 + headerLength + end) });
  }
  return { tensors, metadata };
}

// ---------------------------------------------------------------------------------------------

const FORMAT_DTYPE: Record<string, string> = { float32: "F32", float64: "F64", int32: "I32" };
const layer = () => sequential(dense(2, 3), activation(relu, "relu"), dense(3, 2));
const template = () => {
  const params = layer().init(key(0));
  return { params, optState: adam(0.01).init(params) };
};

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-ckpt-files-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a checkpoint written by another safetensors writer", () => {
  // Parameters of x ↦ relu(x·W1 + b1)·W2 + b2, chosen exact in float32.
  const w1 = [0.5, -1, 0.25, 0.75, -0.5, 1.5]; // [2, 3], row-major
  const b1 = [0.125, -0.25, 0.5];
  const w2 = [1, -2, 0.5, 3, -0.75, 0.25]; // [3, 2]
  const b2 = [-1, 0.5];
  const count = (n: number): Written => ({ dtype: "I32", shape: [], values: [n] });
  const floats = (shape: number[], f: (i: number) => number): Written => ({ dtype: "F32", shape, values: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });
  // Names are tree paths: layer 0 and layer 2 of the sequential hold weights (1 is the relu);
  // Adam's state is [scaleByAdam {count, mu, nu}, scaleByLearningRate {count}]. Deliberately in
  // an order of our own, optimizer state first.
  const file = writeSafetensors([
    ["opt.1.count", count(7)],
    ["opt.0.nu.2.w", floats([3, 2], (i) => 0.01 * (i + 1))],
    ["opt.0.nu.2.b", floats([2], (i) => 0.02 * (i + 1))],
    ["opt.0.nu.0.w", floats([2, 3], (i) => 0.03 * (i + 1))],
    ["opt.0.nu.0.b", floats([3], (i) => 0.04 * (i + 1))],
    ["opt.0.mu.2.w", floats([3, 2], (i) => -0.1 * (i + 1))],
    ["opt.0.mu.2.b", floats([2], (i) => -0.2 * (i + 1))],
    ["opt.0.mu.0.w", floats([2, 3], (i) => -0.3 * (i + 1))],
    ["opt.0.mu.0.b", floats([3], (i) => -0.4 * (i + 1))],
    ["opt.0.count", count(7)],
    ["params.2.w", { dtype: "F32", shape: [3, 2], values: w2 }],
    ["params.2.b", { dtype: "F32", shape: [2], values: b2 }],
    ["params.0.w", { dtype: "F32", shape: [2, 3], values: w1 }],
    ["params.0.b", { dtype: "F32", shape: [3], values: b1 }],
  ], { format: "tygrad-checkpoint/1", step: "7", key: "[0, 42]", user: JSON.stringify({ note: "written by hand" }) });

  it("loads into the model: every tensor, the step, the key and the metadata", async () => {
    const path = join(dir, "foreign.safetensors");
    await writeFile(path, file);
    const loaded = await loadCheckpoint(path, template());
    if (E.isLeft(loaded)) throw new Error(`${loaded.left.path}: ${loaded.left.message}`);
    const c = loaded.right;
    expect(c.step).toBe(7);
    expect(keyData(c.key)).toEqual([0, 42]);
    expect(keyData(c.key)).toEqual(keyData(key(42)));
    expect(c.meta).toEqual({ note: "written by hand" });
    expect(snapshot(c.params)).toEqual({ "0.b": b1, "0.w": w1, "2.b": b2, "2.w": w2 }); // all exact in float32
    const opt = snapshot(c.optState);
    expect(opt["0.count"]).toEqual([7]);
    expect(opt["1.count"]).toEqual([7]);
    expect(opt["0.mu.0.w"]).toEqual([-0.3, -0.6, -0.9, -1.2, -1.5, -1.8].map((v) => Math.fround(v)));
    expect(opt["0.nu.2.b"]).toEqual([0.02, 0.04].map((v) => Math.fround(v)));
  });

  it("and the loaded model computes relu(x·W1 + b1)·W2 + b2 with those numbers", () => {
    const loaded = decodeCheckpoint(file, template());
    if (E.isLeft(loaded)) throw new Error(loaded.left.message);
    const x = [[1, 2], [-1, 0.5], [0.25, -3]];
    const expected = x.map((row) => {
      const hidden = [0, 1, 2].map((j) => Math.max(0, row.reduce((a, v, i) => a + v * (w1[i * 3 + j] ?? NaN), b1[j] ?? NaN)));
      return [0, 1].map((k) => hidden.reduce((a, h, j) => a + h * (w2[j * 2 + k] ?? NaN), b2[k] ?? NaN));
    });
    const model = modelFromLayer(layer());
    const y = model.apply(loaded.right.params, null, fromArray(x.flat(), [3, 2]), { key: key(0), train: false }).output;
    Array.from(y.toArray()).forEach((v, i) => expect(v).toBeCloseTo(expected.flat()[i] ?? NaN, 5));
  });
});

describe("a checkpoint written after a training epoch", () => {
  const spiral = spirals(key(71), { n: 60, classes: 2, noise: 0.05 });
  /** Trains one epoch, saving from onEpoch; returns the file's path and the trained state. */
  const trainAndSave = async (name: string) => {
    const path = join(dir, name);
    const result = await fit({
      model: modelFromLayer(layer()), loss: crossEntropy, optimizer: adam(0.01), epochs: 1, batchSize: 20, key: key(3),
      data: { features: spiral.features, labels: spiral.labels },
      onEpoch: async (s) => {
        const saved = await saveCheckpoint(path, { params: s.params, optState: s.optState, step: s.epoch, key: key(3), meta: { history: s.history } });
        if (E.isLeft(saved)) throw new Error(saved.left.message);
      },
    });
    return { path, result, bytes: new Uint8Array(await readFile(path)) };
  };

  it("reads back with an independent reader: names are tree paths, data is little-endian, metadata is strings", async () => {
    const { bytes, result } = await trainAndSave("trained.safetensors");
    const { tensors, metadata } = readSafetensors(bytes);
    expect(metadata.format).toBe("tygrad-checkpoint/1");
    expect(metadata.step).toBe("1");
    expect(JSON.parse(metadata.user ?? "null")).toEqual({ history: JSON.parse(JSON.stringify(result.history)) });
    const expected = [
      ...leavesWithPaths(result.params).map(([p, leaf]) => [`params.${p}`, leaf] as const),
      ...leavesWithPaths(result.optState).map(([p, leaf]) => [`opt.${p}`, leaf] as const),
    ];
    expect([...tensors.keys()].sort()).toEqual(expected.map(([name]) => name).sort());
    for (const [name, leaf] of expected) {
      const t = tensors.get(name);
      expect(t?.dtype).toBe(FORMAT_DTYPE[leaf.dtype]);
      expect(t?.shape).toEqual(leaf.shape);
      const data = leaf.toArray();
      expect(Buffer.from(t?.bytes ?? []).toString("hex")).toBe(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("hex"));
    }
  });

  it("a flipped bit in the length or the header is refused, unless it only alters the metadata's text", async () => {
    const { bytes } = await trainAndSave("flips.safetensors");
    const expected = template();
    const original = decodeCheckpoint(bytes, expected);
    if (E.isLeft(original)) throw new Error(original.left.message);
    const headerEnd = 8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    // Where the metadata block lies: the format has no checksum, so a flip inside its strings
    // (a digit of the step, a letter of the history) can go unseen.
    const header = new TextDecoder().decode(bytes.subarray(8, headerEnd));
    const metadataText = `"__metadata__":${JSON.stringify((JSON.parse(header) as { __metadata__: unknown }).__metadata__)}`;
    const metadataStart = 8 + header.indexOf(metadataText);
    expect(metadataStart).toBeGreaterThanOrEqual(8);
    const inMetadata = (byte: number) => byte >= metadataStart && byte < metadataStart + metadataText.length;

    const unseenOutsideMetadata: number[] = [];
    for (let bit = 0; bit < headerEnd * 8; bit++) {
      const byte = bit >> 3;
      const damaged = bytes.slice();
      damaged[byte] = (damaged[byte] ?? 0) ^ (1 << (bit & 7));
      const r = decodeCheckpoint(damaged, expected);
      if (E.isLeft(r)) {
        expect(r.left.path).not.toBe("");
        expect(r.left.message).not.toBe("");
        continue;
      }
      if (!inMetadata(byte)) unseenOutsideMetadata.push(bit);
      // Even then the load is whole: every tensor exactly as saved.
      expect(bits(r.right.params)).toEqual(bits(original.right.params));
      expect(bits(r.right.optState)).toEqual(bits(original.right.optState));
    }
    // Every flip in the length, a name, a dtype, a shape, an offset or the JSON around them is refused.
    expect(unseenOutsideMetadata).toEqual([]);
  });

  it("every truncation is refused with a message naming the problem", async () => {
    const { bytes, path } = await trainAndSave("truncated.safetensors");
    const expected = template();
    for (let length = 0; length < bytes.length; length++) {
      const r = decodeCheckpoint(bytes.subarray(0, length), expected);
      expect(E.isLeft(r)).toBe(true);
    }
    await writeFile(path, bytes.subarray(0, bytes.length - 1));
    const r = await loadCheckpoint(path, expected);
    expect(E.isLeft(r) && r.left.message).toMatch(/belong to no tensor|past the end/);
  });

  it("another architecture or optimizer is refused, naming the first tensor that differs", async () => {
    const { path } = await trainAndSave("shapes.safetensors");
    const wider = sequential(dense(2, 5), activation(relu, "relu"), dense(5, 2)).init(key(0));
    const r1 = await loadCheckpoint(path, { params: wider, optState: adam(0.01).init(wider) });
    expect(E.isLeft(r1) && r1.left).toEqual({ _tag: "CheckpointError", path: "params.0.b", message: "has shape [3], expected [5]" });
    const deeper = sequential(dense(2, 3), activation(relu, "relu"), dense(3, 2), dense(2, 2)).init(key(0));
    const r2 = await loadCheckpoint(path, { params: deeper, optState: adam(0.01).init(deeper) });
    expect(E.isLeft(r2) && r2.left.path).toBe("params.3.b");
    expect(E.isLeft(r2) && r2.left.message).toMatch(/missing from the checkpoint \(expected float32\[2\]\)/);
    const params = layer().init(key(0));
    const r3 = await loadCheckpoint(path, { params, optState: sgd(0.1, { momentum: 0.9 }).init(params) });
    expect(E.isLeft(r3) && r3.left.message).toMatch(/not part of the expected model/);
  });
});
