// Loading foreign weights (PyTorch's names and [out, in] layout, half precision) into a typed
// parameter tree: the values land where the model reads them, and every mismatch is named.

import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { decodeSafetensors, encodeSafetensors, type Safetensors } from "../../src/io/safetensors.js";
import { treeFromSafetensors, type WeightMapping } from "../../src/io/load-weights.js";
import { fromFloat16Bits, toFloat16Bits } from "../../src/io/half-floats.js";
import { fromArray, key, nn } from "../../src/index.js";

const model = nn.sequential(nn.dense(3, 4), nn.activation(nn.relu, "relu"), nn.dense(4, 2));
const template = model.init(key(0));
const half = (x: number) => fromFloat16Bits(toFloat16Bits(x));

// A PyTorch state dict: fc1.weight is [out, in] = [4, 3], stored as F16.
const w1 = Array.from({ length: 12 }, (_, i) => (i - 5.5) / 7);
const b1 = [0.1, -0.2, 0.3, 0.05];
const w2 = Array.from({ length: 8 }, (_, i) => (i % 3) - 1.25);
const b2 = [0.5, -0.5];
const torchFile = (extra: Record<string, number[]> = {}): Safetensors => {
  const r = decodeSafetensors(encodeSafetensors({
    "fc1.weight": { dtype: "float32", shape: [4, 3], data: Float32Array.from(w1) },
    "fc1.bias": { dtype: "float32", shape: [4], data: Float32Array.from(b1) },
    "fc2.weight": { dtype: "float32", shape: [2, 4], data: Float32Array.from(w2) },
    "fc2.bias": { dtype: "float32", shape: [2], data: Float32Array.from(b2) },
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, { dtype: "float32" as const, shape: [v.length], data: Float32Array.from(v) }])),
  }, {}, { dtypes: { "fc1.weight": "F16", "fc2.bias": "BF16" } }));
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

const NAMES: Record<string, string> = { "0.w": "fc1.weight", "0.b": "fc1.bias", "2.w": "fc2.weight", "2.b": "fc2.bias" };
const torch: WeightMapping = { name: (path) => NAMES[path] ?? path, transposed: (path) => path.endsWith(".w") };

describe("treeFromSafetensors", () => {
  it("PyTorch names and layout: the model computes relu(x·W1ᵀ + b1)·W2ᵀ + b2 with the file's weights", () => {
    const loaded = treeFromSafetensors(torchFile(), template, torch);
    if (E.isLeft(loaded)) throw new Error(loaded.left.message);
    const x = [1, -2, 0.5];
    const h = [0, 1, 2, 3].map((o) => Math.max(0, b1[o]! + x.reduce((s, xi, i) => s + xi * half(w1[o * 3 + i]!), 0)));
    const bf16 = [0.5, -0.5]; // exact in bfloat16
    const y = [0, 1].map((o) => bf16[o]! + h.reduce((s, hi, i) => s + hi * w2[o * 4 + i]!, 0));
    const out = model.apply(loaded.right, fromArray(x, [1, 3])).toArray();
    expect(Math.max(...Array.from(out, (v, i) => Math.abs(v - (y[i] ?? NaN))))).toBeLessThan(1e-5);
    expect(loaded.right[0].w.shape).toEqual([3, 4]);
  });

  it("a shape mismatch names the leaf, the tensor and both shapes", () => {
    const r = treeFromSafetensors(torchFile(), template, { name: torch.name });
    expect(E.isLeft(r) && r.left).toEqual({ _tag: "WeightsError", path: "0.w", tensor: "fc1.weight", message: 'treeFromSafetensors: 0.w: tensor "fc1.weight" has shape [4, 3], but the model expects [3, 4]' });
  });

  it("a missing tensor, an unconvertible dtype and (strict) an unread tensor are named", () => {
    const missing = treeFromSafetensors(torchFile(), template);
    expect(E.isLeft(missing) && missing.left.message).toBe('treeFromSafetensors: 0.b: the file has no tensor "0.b" (expected float32[4])');
    const mask = decodeSafetensors(encodeSafetensors({ "0.b": { dtype: "uint8", shape: [4], data: Uint8Array.from([1, 0, 1, 1]) } }, {}, { dtypes: { "0.b": "BOOL" } }));
    if (E.isLeft(mask)) throw new Error(mask.left.message);
    const wrongType = treeFromSafetensors(mask.right, { b: template[0].b }, { name: () => "0.b" });
    expect(E.isLeft(wrongType) && wrongType.left.message).toBe('treeFromSafetensors: b: tensor "0.b" (BOOL) does not fit float32[4]: a uint8 tensor cannot be read as float32');
    const extra = treeFromSafetensors(torchFile({ "fc3.bias": [1] }), template, { ...torch, strict: true });
    expect(E.isLeft(extra) && extra.left.message).toBe('treeFromSafetensors: tensor "fc3.bias" is read by no parameter (strict)');
    expect(E.isRight(treeFromSafetensors(torchFile({ "fc3.bias": [1] }), template, torch))).toBe(true);
  });

  it("integers read as int32 only when every value fits", () => {
    const ids = (values: number[]) => {
      const r = decodeSafetensors(encodeSafetensors({ ids: { dtype: "float64", shape: [values.length], data: Float64Array.from(values) } }, {}, { dtypes: { ids: "I64" } }));
      if (E.isLeft(r)) throw new Error(r.left.message);
      return r.right;
    };
    const want = { ids: fromArray([0, 0, 0], [3], "int32") };
    const good = treeFromSafetensors(ids([1, -2, 3]), want);
    expect(E.isRight(good) && Array.from(good.right.ids.toArray())).toEqual([1, -2, 3]);
    const big = treeFromSafetensors(ids([1, 2 ** 40, 3]), want);
    expect(E.isLeft(big) && big.left.message).toBe(`treeFromSafetensors: ids: tensor "ids" (I64) does not fit int32[3]: element 1 is ${2 ** 40}, which int32 cannot hold`);
  });
});
