// Losses: values against hand computations and independent formulas, derivatives against
// finite differences in float64, and the errors for bad labels and batches.
import { describe, expect, it } from "vitest";
import { DTypeError } from "../../src/core/errors.js";
import { LabelError, LayerConfigError } from "../../src/nn/errors.js";
import {
  binaryCrossEntropy, crossEntropy, huber, mae, mse, sigmoidBinaryCrossEntropy, softmaxCrossEntropy, sparseSoftmaxCrossEntropy,
} from "../../src/nn/losses.js";
import { sigmoid, softmax } from "../../src/nn/activations.js";
import { oneHot } from "../../src/ops/structure.js";
import { grad } from "../../src/ad/api.js";
import { fold, key } from "../../src/random/key.js";
import { uniform } from "../../src/random/samplers.js";
import { TensorShapeError } from "../../src/shape/runtime/error.js";
import { fromArray, tensor, zeros } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectGradientsMatch, forSeeds, gradientCheck } from "./gradient-check.js";
import { gaussian64, labelsOf } from "./inputs.js";

const logits = tensor([[2, 1, 0.1], [0.5, 2.5, -1]], "float64");
const labels = labelsOf([0, 2], [2]);

describe("loss values", () => {
  it("softmaxCrossEntropy matches a hand computation", () => {
    // Row 1: log Σ e^z = log(e² + e¹ + e^0.1) = log 11.2125 = 2.4170300; −log p_0 = 2.4170300 − 2 = 0.4170300.
    // Row 2: log(e^0.5 + e^2.5 + e^−1) = log 14.1991 = 2.6531782; −log p_2 = 2.6531782 + 1 = 3.6531782.
    const expected = (0.41703002 + 3.65317821) / 2;
    const targets = tensor([[1, 0, 0], [0, 0, 1]], "float64");
    expect(softmaxCrossEntropy(logits, targets).item()).toBeCloseTo(expected, 7);
    expect(sparseSoftmaxCrossEntropy(logits, labels).item()).toBeCloseTo(expected, 7);
  });
  it("softmaxCrossEntropy takes soft targets: −Σ t log softmax(z)", () => {
    const t = tensor([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]], "float64");
    const p = softmax(logits).toArray();
    const ts = t.toArray();
    const byHand = -(ts.reduce((acc, v, i) => acc + v * Math.log(p[i] ?? 1), 0)) / 2;
    expect(softmaxCrossEntropy(logits, t).item()).toBeCloseTo(byHand, 14);
  });
  it("softmaxCrossEntropy is finite and exact for logits of 1e4", () => {
    const z = tensor([[1e4, 0, -1e4]], "float64");
    expect(softmaxCrossEntropy(z, tensor([[0, 1, 0]], "float64")).item()).toBe(1e4);
    expect(Math.abs(sparseSoftmaxCrossEntropy(z, labelsOf([0], [1])).item())).toBe(0);
  });
  it("crossEntropy of probabilities equals softmaxCrossEntropy of their logits, and clips at ε", () => {
    const targets = oneHot(labels, 3, "float64");
    expect(crossEntropy(softmax(logits), targets).item()).toBeCloseTo(softmaxCrossEntropy(logits, targets).item(), 12);
    const certainWrong = crossEntropy(tensor([[1, 0]], "float64"), tensor([[0, 1]], "float64"));
    expect(certainWrong.item()).toBeCloseTo(-Math.log(1e-7), 10);
    expect(crossEntropy(tensor([[1, 0]], "float64"), tensor([[0, 1]], "float64"), { epsilon: 1e-3 }).item()).toBeCloseTo(-Math.log(1e-3), 10);
  });
  it("mse, mae and huber by hand", () => {
    const p = tensor([1, -2, 0.5, 4], "float64");
    const t = tensor([0, 0, 0, 1], "float64");
    expect(mse(p, t).item()).toBeCloseTo((1 + 4 + 0.25 + 9) / 4, 15);
    expect(mae(p, t).item()).toBeCloseTo((1 + 2 + 0.5 + 3) / 4, 15);
    // r = 1, −2, 0.5, 3 with δ = 1: ½, 1·(2 − ½), ⅛, 1·(3 − ½)
    expect(huber(p, t).item()).toBeCloseTo((0.5 + 1.5 + 0.125 + 2.5) / 4, 15);
    // δ = 2.5: ½, 2, ⅛, 2.5·(3 − 1.25)
    expect(huber(p, t, 2.5).item()).toBeCloseTo((0.5 + 2 + 0.125 + 4.375) / 4, 15);
  });
  it("huber keeps the gradient of a tiny residual: d/dp ½r² = r, not lost to cancellation", () => {
    const g = grad((p: Tensor<[2], "float64">) => huber(p, zeros([2], "float64")))(tensor([1e-150, 3], "float64"));
    expect(Array.from(g.toArray())).toEqual([1e-150 / 2, 0.5]);
  });
  it("binary cross-entropies: probabilities and logits agree, and the logit form survives z = ±800", () => {
    const z = tensor([[-2, 0.3], [1.5, 4]], "float64");
    const t = tensor([[0, 1], [1, 0.25]], "float64");
    const byHand = -[[-2, 0], [0.3, 1], [1.5, 1], [4, 0.25]].reduce((acc, [zi = 0, ti = 0]) => {
      const p = 1 / (1 + Math.exp(-zi));
      return acc + ti * Math.log(p) + (1 - ti) * Math.log(1 - p);
    }, 0) / 4;
    expect(sigmoidBinaryCrossEntropy(z, t).item()).toBeCloseTo(byHand, 13);
    expect(binaryCrossEntropy(sigmoid(z), t).item()).toBeCloseTo(byHand, 12);
    const extreme = sigmoidBinaryCrossEntropy(tensor([800, -800], "float64"), tensor([0, 0], "float64"));
    expect(extreme.item()).toBe(400); // (softplus(800) + softplus(−800)) / 2 = (800 + 0) / 2
  });
});

describe("loss derivatives match finite differences (float64)", () => {
  const probabilities = (k: ReturnType<typeof key>): Tensor<[4, 3], "float64"> => softmax(gaussian64(k, [4, 3]));
  const targets = (k: ReturnType<typeof key>): Tensor<[4, 3], "float64"> => uniform(k, [4, 3], { dtype: "float64" });
  it("mse", () => forSeeds(6, (k) => expectGradientsMatch(gradientCheck(mse, [gaussian64(k, [4, 3]), gaussian64(fold(k, 1), [4, 3])], fold(k, 2)))));
  it("mae (residuals away from 0)", () => forSeeds(6, (k) => {
    const t = gaussian64(fold(k, 1), [4, 3]);
    const offsets = gaussian64(k, [4, 3]).toArray().map((v) => v + (v < 0 ? -0.1 : 0.1));
    const p = fromArray(t.toArray().map((v, i) => v + (offsets[i] ?? 0)), [4, 3], "float64");
    expectGradientsMatch(gradientCheck(mae, [p, t], fold(k, 2)));
  }));
  it("huber (both regimes)", () => forSeeds(6, (k) => expectGradientsMatch(gradientCheck((p: Tensor<[4, 3], "float64">, t: Tensor<[4, 3], "float64">) => huber(p, t, 0.7), [gaussian64(k, [4, 3], 2), gaussian64(fold(k, 1), [4, 3])], fold(k, 2)))));
  it("crossEntropy", () => forSeeds(6, (k) => expectGradientsMatch(gradientCheck(crossEntropy, [probabilities(k), targets(fold(k, 1))], fold(k, 2)))));
  it("softmaxCrossEntropy", () => forSeeds(6, (k) => expectGradientsMatch(gradientCheck(softmaxCrossEntropy, [gaussian64(k, [4, 3], 3), targets(fold(k, 1))], fold(k, 2)))));
  it("sparseSoftmaxCrossEntropy (for the logits)", () => forSeeds(6, (k) => {
    const y = labelsOf([0, 2, 1, 2], [4]);
    expectGradientsMatch(gradientCheck((z: Tensor<[4, 3], "float64">) => sparseSoftmaxCrossEntropy(z, y), [gaussian64(k, [4, 3], 3)], fold(k, 2)));
  }));
  it("binaryCrossEntropy", () => forSeeds(6, (k) => expectGradientsMatch(gradientCheck(binaryCrossEntropy, [sigmoid(gaussian64(k, [4, 3])), targets(fold(k, 1))], fold(k, 2)))));
  it("sigmoidBinaryCrossEntropy", () => forSeeds(6, (k) => expectGradientsMatch(gradientCheck(sigmoidBinaryCrossEntropy, [gaussian64(k, [4, 3], 3), targets(fold(k, 1))], fold(k, 2)))));
});

describe("bad input to losses", () => {
  it("labels of the wrong dtype are a LabelError naming the loss (and a non-integer value)", () => {
    const floatLabels = fromArray([0, 1.5], [2], "float32");
    // @ts-expect-error labels must be int32 at compile time too
    const call = () => sparseSoftmaxCrossEntropy(logits, floatLabels);
    expect(call).toThrow(LabelError);
    expect(call).toThrow(/sparseSoftmaxCrossEntropy: got labels of dtype float32, with the non-integer value 1.5 at position 1 \(expected int32/);
  });
  it("negative and out-of-range labels name the value and its position", () => {
    expect(() => sparseSoftmaxCrossEntropy(logits, labelsOf([0, -1], [2]))).toThrow(/sparseSoftmaxCrossEntropy: got label -1 at position 1 \(expected labels in \[0, 3\)\)/);
    expect(() => sparseSoftmaxCrossEntropy(logits, labelsOf([3, 0], [2]))).toThrow(/got label 3 at position 0/);
  });
  it("labels that do not match the rows of logits", () => {
    // @ts-expect-error a compile error too: 3 labels for 2 rows
    const call = () => sparseSoftmaxCrossEntropy(logits, labelsOf([0, 1, 2], [3]));
    expect(call).toThrow(TensorShapeError);
    expect(call).toThrow(/labels of shape \[2\]/);
  });
  it("an empty batch is a shape error, not NaN", () => {
    const none = zeros([0, 3], "float64");
    expect(() => softmaxCrossEntropy(none, none)).toThrow(/softmaxCrossEntropy: got an empty batch \[0, 3\] \(expected at least one example\)/);
    expect(() => sparseSoftmaxCrossEntropy(none, fromArray([], [0], "int32"))).toThrow(/empty batch/);
    expect(() => mse(none, none)).toThrow(/mse: got an empty batch/);
  });
  it("predictions and targets of different shapes or dtypes", () => {
    const p = zeros([2, 3], "float64");
    // @ts-expect-error a compile error too: the shapes differ
    expect(() => mse(p, zeros([3, 2], "float64"))).toThrow(/mse: predictions \[2, 3\] and targets \[3, 2\] differ/);
    // @ts-expect-error the dtypes differ
    expect(() => mse(p, zeros([2, 3], "int32"))).toThrow(DTypeError);
  });
  it("configuration values outside their domain", () => {
    const p = zeros([2, 3], "float64");
    expect(() => huber(p, p, 0)).toThrow(LayerConfigError);
    expect(() => crossEntropy(p, p, { epsilon: 0.7 })).toThrow(/crossEntropy: got epsilon 0.7 \(expected an epsilon in \(0, 0.5\)\)/);
  });
});
