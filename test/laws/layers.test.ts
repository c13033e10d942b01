// The enumeration test: checkLayer passes for every layer of tygrad/nn, each configuration in
// the layer registry (laws/layers/registry.ts), whose type has a key for every export of nn
// that returns a layer, so a new layer cannot skip it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkLayer } from "../../laws/layers/check-layer.js";
import { LAYER_REGISTRY } from "../../laws/layers/registry.js";
import * as nn from "../../src/nn/index.js";

// A fixed seed keeps CI deterministic (every entry passed 200 inputs per mode with TYGRAD_LAW_RUNS=200
// and random seeds when this was written).
fc.configureGlobal({ seed: 20261204 });

const entries = Object.entries(LAYER_REGISTRY);

describe("checkLayer on every layer in the registry", () => {
  for (const [name, examples] of entries) {
    for (const { layer, options } of examples()) {
      it(`${name}: ${layer.name}`, () => checkLayer(layer, options));
    }
  }

  it("registers only layer-making exports of nn, each with at least one configuration", () => {
    for (const [name, examples] of entries) {
      expect(typeof (nn as Record<string, unknown>)[name], name).toBe("function");
      expect(examples().length, name).toBeGreaterThan(0);
    }
  });
});
