// The vanishing-gradient story, measured. Twenty dense layers of width 32 on a batch of 64,
// float64, an MSE loss; we compare the gradient norm of the first dense layer's parameters with
// the last one's. In a plain sigmoid MLP every layer multiplies the backward signal by σ' ≤ 1/4
// (times a Glorot-scaled weight), so the first layer's gradient is about 12 orders of
// magnitude below the last's. The three cures keep the ratio within a factor of 10:
//   - ReLU with He initialization: ReLU' = 1 on the active half, and Var W = 2/n makes up for
//     the inactive half;
//   - batch normalization before each sigmoid: each layer's backward gain is rescaled by the
//     1/σ_B of its pre-activations;
//   - residual connections (pre-activation blocks x + W·σ(x)): the identity path carries the
//     gradient past every block unchanged.
import { describe, expect, it } from "vitest";
import { grad } from "../../src/ad/api.js";
import { relu, sigmoid } from "../../src/nn/activations.js";
import { layerGradientNorms, gradientNorm } from "../../src/nn/diagnostics.js";
import { heNormal } from "../../src/nn/init.js";
import { activation } from "../../src/nn/layers/activation.js";
import { batchNorm } from "../../src/nn/layers/batch-norm.js";
import { dense } from "../../src/nn/layers/dense.js";
import { residual } from "../../src/nn/layers/residual.js";
import { sequential } from "../../src/nn/layers/sequential.js";
import type { AnyLayer } from "../../src/nn/layer.js";
import { mse } from "../../src/nn/losses.js";
import { key } from "../../src/random/key.js";
import { tensor } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { gaussian64 } from "./inputs.js";

const DEPTH = 20;
const WIDTH = 32;
const f64 = { dtype: "float64" } as const;
const x = gaussian64(key(1), [64, WIDTH]);
const y = gaussian64(key(2), [64, WIDTH]);

type Block = () => readonly AnyLayer[];

/** first-layer / last-layer gradient norm of the dense layers of DEPTH blocks. */
function firstOverLast(block: Block): number {
  const layers = Array.from({ length: DEPTH }, block).flat();
  // A model built from a runtime list of layers: its types are the general ones.
  const model = sequential(...layers);
  const params = model.init(key(7));
  const state = model.initState();
  const loss = (p: typeof params): Tensor<[], "float64"> => {
    const [out] = model.run(p, state, x, { train: true }); // training mode: batch statistics
    return mse(out as Tensor<[64, 32], "float64">, y); // every block maps [64, 32] to [64, 32]
  };
  const norms = layerGradientNorms(model, grad(loss)(params)).filter((n) => n.name.includes("dense"));
  const first = norms[0]?.norm ?? Number.NaN;
  const last = norms[norms.length - 1]?.norm ?? Number.NaN;
  expect(norms).toHaveLength(DEPTH);
  return first / last;
}

const sigmoidLayer = activation(sigmoid, "sigmoid");

describe(`vanishing gradients in a ${DEPTH}-layer MLP (first-layer / last-layer gradient norm)`, () => {
  it("sigmoid with Glorot init: the ratio is below 1e-9 (the gradient vanishes)", () => {
    expect(firstOverLast(() => [dense(WIDTH, WIDTH, f64), sigmoidLayer])).toBeLessThan(1e-9);
  });
  it("ReLU with He init: the ratio is between 0.1 and 10", () => {
    const ratio = firstOverLast(() => [dense(WIDTH, WIDTH, { ...f64, init: heNormal }), activation(relu, "relu")]);
    expect(ratio).toBeGreaterThan(0.1);
    expect(ratio).toBeLessThan(10);
  });
  it("sigmoid with batchNorm before each activation: the ratio is between 0.1 and 10", () => {
    const ratio = firstOverLast(() => [dense(WIDTH, WIDTH, f64), batchNorm(WIDTH, f64), sigmoidLayer]);
    expect(ratio).toBeGreaterThan(0.1);
    expect(ratio).toBeLessThan(10);
  });
  it("sigmoid in residual blocks x + W·σ(x): the ratio is between 0.1 and 10", () => {
    const ratio = firstOverLast(() => [residual(sequential(sigmoidLayer, dense(WIDTH, WIDTH, f64)))]);
    expect(ratio).toBeGreaterThan(0.1);
    expect(ratio).toBeLessThan(10);
  });
});

describe("gradient norms", () => {
  it("gradientNorm is the Euclidean norm over every leaf", () => {
    expect(gradientNorm({ a: tensor([3, 0], "float64"), b: [tensor([[4]], "float64")] })).toBe(5);
    expect(gradientNorm(null)).toBe(0);
  });
  it("layerGradientNorms lists the layers with parameters, by position and name", () => {
    const model = sequential(dense(2, 2), sigmoidLayer, dense(2, 1));
    const grads = [{ w: tensor([[3, 4], [0, 0]]), b: tensor([0, 0]) }, null, { w: tensor([[1], [0]]), b: tensor([0]) }];
    expect(layerGradientNorms(model, grads)).toEqual([
      { layer: 1, name: "dense(2 → 2)", norm: 5 },
      { layer: 3, name: "dense(2 → 1)", norm: 1 },
    ]);
    expect(() => layerGradientNorms(model, [null])).toThrow(/expected one gradient per layer \(3\), got 1/);
  });
});
