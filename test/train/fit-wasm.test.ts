// fit({ jit: true }) on the WebAssembly backend (jit's default once the package is imported), with
// dropout: each step draws the mask eager evaluation draws, from that step's key, in one compiled
// program. The compiled kernels sum float32 products in their own order (eager evaluation sums
// small products in float64), so history and parameters agree to float32 rounding, not bit for bit.
import "../../src/backend/wasm-jit/register.js";
import { describe, expect, it } from "vitest";
import { getDefaultBackend } from "../../src/backend/jit/index.js";
import { spirals } from "../../src/data/index.js";
import { activation, dense, dropout, relu, sequential } from "../../src/nn/index.js";
import { adam } from "../../src/optim/index.js";
import { key } from "../../src/random/index.js";
import { fit, modelFromLayer } from "../../src/train/index.js";
import { leavesWithPaths } from "../../src/tree/index.js";
import { crossEntropy, withoutTimes } from "./support.js";

const spiral = spirals(key(11), { n: 150, classes: 3, noise: 0.05 });
const data = { features: spiral.features, labels: spiral.labels };

/** ‖a − b‖ / ‖b‖ for each leaf of two trees of one structure. */
const relativeErrors = (a: unknown, b: unknown): Record<string, number> => {
  const others = new Map(leavesWithPaths(b));
  return Object.fromEntries(leavesWithPaths(a).map(([path, t]) => {
    const [x, y] = [t.toArray(), others.get(path)?.toArray() ?? []];
    let [diff, norm] = [0, 0];
    x.forEach((v, i) => {
      diff += (v - (y[i] ?? NaN)) ** 2;
      norm += (y[i] ?? NaN) ** 2;
    });
    return [path, Math.sqrt(diff / norm)];
  }));
};

describe("fit({ jit: true }) with dropout on the WebAssembly backend", () => {
  it("gives eager evaluation's history and parameters to within 1e-6 relative, compiled once", async () => {
    expect(getDefaultBackend().name).toBe("wasm");
    let traced = 0;
    const model = modelFromLayer(sequential(dense(2, 16), activation(relu, "relu"), dropout(0.3), dense(16, 3)));
    const counting = { ...model, apply: (...args: Parameters<typeof model.apply>) => {
      if (!args[2].isConcrete) traced++;
      return model.apply(...args);
    } };
    const run = (jit: boolean) =>
      fit({ model: counting, loss: crossEntropy, optimizer: adam(0.01), data, epochs: 3, batchSize: 24, key: key(3), validationSplit: 0.2, jit });
    const [eager, compiled] = [await run(false), await run(true)];
    expect(traced).toBe(1);
    const [e, c] = [withoutTimes(eager.history), withoutTimes(compiled.history)];
    c.forEach((r, i) => {
      const want = e[i];
      if (want === undefined) throw new Error(`no eager epoch ${i + 1}`);
      for (const field of ["loss", "valLoss"] as const) expect(Math.abs((r[field] ?? NaN) - (want[field] ?? NaN))).toBeLessThan(1e-6 * (want[field] ?? NaN));
      expect(r.accuracy).toBe(want.accuracy);
      expect(r.valAccuracy).toBe(want.valAccuracy);
    });
    for (const [path, error] of Object.entries(relativeErrors(compiled.params, eager.params))) expect(error, path).toBeLessThan(1e-6);
  });
});
