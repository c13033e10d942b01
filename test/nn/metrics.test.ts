// Metrics: accuracy and top-k accuracy against hand-counted examples, including ties.
import { describe, expect, it } from "vitest";
import { accuracy, topK } from "../../src/nn/metrics.js";
import { LayerConfigError } from "../../src/nn/errors.js";
import { tensor } from "../../src/tensor/create.js";
import { labelsOf } from "./inputs.js";

const scores = tensor([
  [0.1, 0.7, 0.2], // best 1, then 2, then 0
  [0.5, 0.1, 0.4], // best 0, then 2, then 1
  [0.3, 0.3, 0.4], // best 2; 0 and 1 tie below it
  [0.2, 0.5, 0.5], // 1 and 2 tie for best
]);

describe("accuracy", () => {
  it("counts the rows whose first maximum is at the label", () => {
    expect(accuracy(scores, labelsOf([1, 0, 2, 1], [4])).item()).toBe(1);
    expect(accuracy(scores, labelsOf([1, 2, 2, 2], [4])).item()).toBe(0.5); // row 4 ties: argmax is the first, 1
    expect(accuracy(scores, labelsOf([0, 1, 0, 0], [4])).item()).toBe(0);
  });
  it("works for a single row and for leading batch axes", () => {
    expect(accuracy(tensor([0.1, 0.9]), labelsOf([1], [])).item()).toBe(1);
    expect(accuracy(tensor([[[1, 0], [0, 1]], [[0, 1], [0, 1]]]), labelsOf([0, 1, 0, 1], [2, 2])).item()).toBe(0.75);
  });
});

describe("topK", () => {
  it("k = 1 agrees with accuracy except at ties, which count for the label", () => {
    expect(topK(scores, labelsOf([1, 0, 2, 1], [4]), 1).item()).toBe(1);
    expect(topK(scores, labelsOf([1, 0, 2, 2], [4]), 1).item()).toBe(1); // label 2 ties for best in row 4
    expect(topK(scores, labelsOf([0, 2, 0, 0], [4]), 1).item()).toBe(0);
  });
  it("k = 2 counts labels among the two highest scores", () => {
    // row 1: label 2 is second → hit; row 2: label 1 is third → miss; row 3: label 0 ties for second → hit; row 4: label 0 is third → miss
    expect(topK(scores, labelsOf([2, 1, 0, 0], [4]), 2).item()).toBe(0.5);
    expect(topK(scores, labelsOf([0, 1, 0, 0], [4]), 3).item()).toBe(1);
  });
  it("rejects k outside [1, classes]", () => {
    expect(() => topK(scores, labelsOf([0, 0, 0, 0], [4]), 0)).toThrow(LayerConfigError);
    expect(() => topK(scores, labelsOf([0, 0, 0, 0], [4]), 4)).toThrow(/topK: got k 4 \(expected an integer k in \[1, 3\]/);
  });
});
