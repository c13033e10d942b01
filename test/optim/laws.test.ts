// The laws of gradient transformations on random trees, random gradients and random
// hyperparameters: chain is associative with identity as its unit and composes in order, a zero
// gradient is a fixed point of sgd, and update is pure.

import fc from "fast-check";
import { describe, it } from "vitest";
import { sgd } from "../../src/optim/index.js";
import { instantiate, problemArb } from "./helpers.js";
import { chainComposesInOrder, chainIsAssociative, identityIsUnit, updateIsPure, zeroGradientIsFixedPoint } from "./laws.js";
import { learningRateArb, optimizerArb, transformationArb } from "./transformations.js";

const STEPS = 3;
const problem = problemArb(STEPS).map(({ template, params, grads }) => ({
  params: instantiate(template, params),
  gradients: grads.map((g) => instantiate(template, g)),
}));

describe("chain", () => {
  it("is associative: chain(a, chain(b, c)) and chain(chain(a, b), c) give identical updates and state leaves", () => {
    fc.assert(fc.property(transformationArb, transformationArb, transformationArb, problem, (a, b, c, { params, gradients }) =>
      chainIsAssociative(a, b, c, params, gradients)), { numRuns: 40 });
  });

  it("has identity() as its unit on both sides", () => {
    fc.assert(fc.property(transformationArb, problem, (t, { params, gradients }) => identityIsUnit(t, params, gradients)), { numRuns: 40 });
  });

  it("feeds the first transformation's updates to the second", () => {
    fc.assert(fc.property(transformationArb, transformationArb, problem, (a, b, { params, gradients }) =>
      chainComposesInOrder(a, b, params, gradients)), { numRuns: 40 });
  });
});

describe("fixed points", () => {
  it("sgd (with or without momentum, any learning rate) does not move the parameters when the gradient is zero", () => {
    fc.assert(fc.property(learningRateArb, fc.option(fc.double({ min: 0, max: 0.99, noNaN: true }), { nil: undefined }), problem, (lr, m, { params }) =>
      zeroGradientIsFixedPoint(m === undefined ? sgd(lr) : sgd(lr, { momentum: m }), params, STEPS)), { numRuns: 30 });
  });
});

describe("purity", () => {
  it("update never changes its arguments, and the same arguments give identical results", () => {
    fc.assert(fc.property(optimizerArb, problem, (t, { params, gradients }) => updateIsPure(t, params, gradients)), { numRuns: 40 });
  });
});
