// maxPool / avgPool: against direct loops (padding never wins a max nor dilutes a mean), the
// derivative rules (the max's gradient goes to the winner), and the layers.
import { describe, expect, it } from "vitest";
import { grad } from "../../src/ad/api.js";
import { avgPool, maxPool } from "../../src/nn/functional/pool.js";
import { avgPool2d, maxPool2d } from "../../src/nn/layers/pool.js";
import { windowGeometry, type Size2, type WindowOptions } from "../../src/nn/shape/window.js";
import { LayerConfigError } from "../../src/nn/errors.js";
import { sum } from "../../src/ops/reduce.js";
import { fold, key } from "../../src/random/key.js";
import { fromArray, tensor, zeros } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectGradientsMatch, forSeeds, gradientCheck } from "./gradient-check.js";
import { distinct, gaussian64 } from "./inputs.js";
import { poolReference } from "./windows-reference.js";

const x = gaussian64(key(1), [2, 7, 6, 3]);

describe("pooling values", () => {
  const configs: readonly [Size2, WindowOptions][] = [
    [2, {}],
    [3, { stride: 1 }],
    [[3, 2], { stride: [2, 1] }],
    [2, { padding: 1 }],
    [3, { padding: "same", stride: 2 }],
    [2, { dilation: 2, stride: 1 }],
  ];
  for (const [window, options] of configs) {
    it(`match the direct loops for window ${JSON.stringify(window)}, ${JSON.stringify(options)}`, () => {
      const g = windowGeometry("test", x.shape, window, options, window);
      const expected = poolReference(x.toArray(), x.shape, typeof window === "number" ? [window, window] : window, g);
      const mx = maxPool(x, window, options);
      const av = avgPool(x, window, options);
      expect(mx.shape).toEqual([2, g.out[0], g.out[1], 3]);
      expect(av.shape).toEqual(mx.shape);
      expect(Array.from(mx.toArray())).toEqual(Array.from(expected.max));
      Array.from(av.toArray()).forEach((v, i) => expect(v).toBeCloseTo(expected.mean[i] ?? Number.NaN, 13));
    });
  }
  it("padding never wins a max, even when every real value is negative", () => {
    const negative = fromArray([-5, -3, -4, -1], [1, 2, 2, 1], "float64");
    expect(Array.from(maxPool(negative, 2, { padding: 1, stride: 1 }).toArray())).toEqual([-5, -3, -3, -4, -1, -1, -4, -1, -1]);
  });
  it("a padded corner averages only its real elements", () => {
    const ones = fromArray([1, 2, 3, 4], [1, 2, 2, 1], "float64");
    expect(Array.from(avgPool(ones, 2, { padding: 1, stride: 2 }).toArray())).toEqual([1, 2, 3, 4]);
  });
});

describe("pooling derivatives", () => {
  it("maxPool sends each cotangent to its window's maximum", () => {
    const v = tensor([[[[1], [5]], [[3], [2]]]], "float64"); // one 2×2 window, max 5 at (0, 1)
    const g = grad((u: Tensor<[1, 2, 2, 1], "float64">) => sum(maxPool(u, 2)))(v);
    expect(Array.from(g.toArray())).toEqual([0, 1, 0, 0]);
  });
  it("a tie shares the cotangent evenly", () => {
    const v = tensor([[[[5], [5]], [[3], [2]]]], "float64");
    const g = grad((u: Tensor<[1, 2, 2, 1], "float64">) => sum(maxPool(u, 2)))(v);
    expect(Array.from(g.toArray())).toEqual([0.5, 0.5, 0, 0]);
  });
  it("maxPool matches finite differences (distinct values: no ties within reach)", () => forSeeds(5, (s) => {
    const f = (u: Tensor<[2, 5, 4, 2], "float64">) => maxPool(u, [2, 3], { stride: 1, padding: 1 });
    expectGradientsMatch(gradientCheck(f, [distinct(s, [2, 5, 4, 2])], fold(s, 1)));
  }));
  it("avgPool matches finite differences", () => forSeeds(5, (s) => {
    const f = (u: Tensor<[2, 5, 4, 2], "float64">) => avgPool(u, 3, { stride: 2, padding: "same" });
    expectGradientsMatch(gradientCheck(f, [gaussian64(s, [2, 5, 4, 2])], fold(s, 1)));
  }));
});

describe("pooling layers", () => {
  it("have no parameters and compute the functional forms", () => {
    const mp = maxPool2d(2);
    const ap = avgPool2d([3, 2], { stride: 1 });
    expect(mp.init(key(0))).toBeNull();
    expect(Array.from(mp.apply(null, x).toArray())).toEqual(Array.from(maxPool(x, 2).toArray()));
    expect(Array.from(ap.apply(null, x).toArray())).toEqual(Array.from(avgPool(x, [3, 2], { stride: 1 }).toArray()));
    expect(mp.name).toBe("maxPool2d(2×2)");
  });
  it("reject a bad configuration when built, and a window wider than the input when applied", () => {
    expect(() => maxPool2d(0)).toThrow(LayerConfigError);
    expect(() => avgPool2d(2, { stride: -1 })).toThrow(/avgPool2d\(2×2\): got stride -1/);
    expect(() => maxPool2d(2, { padding: [0, 2] })).toThrow(/maxPool2d\(2×2\): got padding 2 for a width window spanning 2/);
    expect(() => avgPool(x, 2, { padding: 2 })).toThrow(/avgPool: got padding 2 for a height window spanning 2 \(expected padding below the window's span/);
    expect(() => maxPool(x, 3, { padding: 2, stride: 1 })).not.toThrow();
    // @ts-expect-error a compile error too: the window 3 is wider than the input 2
    expect(() => maxPool(zeros([1, 2, 2, 1]), 3)).toThrow(/maxPool: the height window 3 .* is wider than the padded input height 2/);
  });
});
