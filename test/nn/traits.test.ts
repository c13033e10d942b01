// Layer traits: what nn's layers declare about training and their state, and how sequential and
// residual combine their layers' declarations (undeclared stays unknown, so the laws check both modes).
import { describe, expect, it } from "vitest";
import * as nn from "../../src/nn/index.js";

const f64 = { dtype: "float64" } as const;
const undeclared = nn.makeLayer<nn.SameShape<"plain">, null>({ name: "plain", stateful: false, init: () => null, initState: () => null, run: (_p, s, x) => [x, s] });

describe("layer traits", () => {
  it("layers that ignore train say so; batch statistics and dropout say training differs", () => {
    for (const l of [nn.dense(2, 2), nn.conv2d(1, 1, 1), nn.maxPool2d(2), nn.avgPool2d(2), nn.layerNorm(2), nn.embedding(2, 2), nn.flatten(), nn.activation(nn.relu)]) {
      expect(l.traits, l.name).toEqual({ trainingDiffers: false });
    }
    expect(nn.batchNorm(2).traits).toEqual({ trainingDiffers: true });
    expect(nn.dropout(0.5).traits).toEqual({ trainingDiffers: true });
    expect(undeclared.traits).toBeUndefined();
  });

  it("sequential and residual: training differs if it does for any layer, is unknown if unknown for any, else does not", () => {
    expect(nn.sequential(nn.dense(2, 2, f64), nn.dense(2, 2, f64)).traits).toEqual({ trainingDiffers: false, differentiableState: false });
    expect(nn.sequential(nn.dense(2, 2, f64), nn.dropout(0.1), undeclared).traits).toEqual({ trainingDiffers: true, differentiableState: false });
    expect(nn.sequential(nn.dense(2, 2, f64), undeclared).traits).toEqual({ differentiableState: false });
    expect(nn.residual(nn.batchNorm(2)).traits).toEqual({ trainingDiffers: true, differentiableState: false });
  });

  it("a composed state is differentiable only when every stateful layer's is", () => {
    const cell = nn.makeLayer<nn.SameShape<"cell">, null>({
      name: "cell", stateful: true, traits: { differentiableState: true }, init: () => null, initState: () => null, run: (_p, s, x) => [x, s],
    });
    expect(nn.sequential(cell, nn.dense(2, 2, f64)).traits?.differentiableState).toBe(true);
    expect(nn.sequential(cell, nn.batchNorm(2, f64)).traits?.differentiableState).toBe(false);
  });
});
