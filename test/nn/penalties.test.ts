// l2Penalty: λ/2 · Σθ² over a parameter tree, its gradient λθ, and leaf selection by path.
import { describe, expect, it } from "vitest";
import { grad } from "../../src/ad/api.js";
import { l2Penalty } from "../../src/nn/penalties.js";
import { DTypeError } from "../../src/core/errors.js";
import { tensor } from "../../src/tensor/create.js";

const params = {
  layers: [
    { w: tensor([[1, -2], [0.5, 3]], "float64"), b: tensor([4, -1], "float64") },
    { w: tensor([[2], [-1]], "float64"), b: tensor([0.25], "float64") },
  ],
};

describe("l2Penalty", () => {
  it("is λ/2 · Σθ² over every float leaf", () => {
    const squares = 1 + 4 + 0.25 + 9 + 16 + 1 + 4 + 1 + 0.0625;
    expect(l2Penalty(params).item()).toBeCloseTo(squares / 2, 14);
    expect(l2Penalty(params, { weight: 0.1 }).item()).toBeCloseTo(0.05 * squares, 14);
  });
  it("has gradient λθ", () => {
    const g = grad((p: typeof params) => l2Penalty(p, { weight: 0.3 }))(params);
    expect(Array.from(g.layers[0]?.w.toArray() ?? [])).toEqual([0.3, -0.6, 0.15, 0.3 * 3].map((v) => expect.closeTo(v, 14)));
    expect(Array.from(g.layers[1]?.b.toArray() ?? [])).toEqual([expect.closeTo(0.075, 14)]);
  });
  it("selects leaves by path, e.g. weights only", () => {
    const weightsOnly = l2Penalty(params, { include: (path) => path.endsWith(".w") });
    expect(weightsOnly.item()).toBeCloseTo((1 + 4 + 0.25 + 9 + 4 + 1) / 2, 14);
    const g = grad((p: typeof params) => l2Penalty(p, { include: (path) => path.endsWith(".w") }))(params);
    expect(Array.from(g.layers[0]?.b.toArray() ?? [])).toEqual([0, 0]);
  });
  it("is 0 for a tree without float leaves, and rejects mixed dtypes and negative weights", () => {
    expect(l2Penalty({}).item()).toBe(0);
    expect(() => l2Penalty({ a: tensor([1], "float64"), b: tensor([1]) })).toThrow(DTypeError);
    expect(() => l2Penalty(params, { weight: -1 })).toThrow(/l2Penalty: got weight -1/);
  });
});
