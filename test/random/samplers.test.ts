import { describe, expect, it } from "vitest";
import { normalArray, truncatedNormalArray, uniformArray } from "../../src/random/continuous.js";
import { bernoulliArray, categoricalArray, choiceArray, permutationArray, randintArray } from "../../src/random/discrete.js";
import { key } from "../../src/random/key.js";
import {
  bernoulli,
  categorical,
  choice,
  normal,
  permutation,
  randint,
  truncatedNormal,
  uniform,
} from "../../src/random/samplers.js";
import { fromArray } from "../../src/tensor/index.js";

const k = key(2024);

describe("tensor samplers", () => {
  it("uniform: the flat sampler's numbers in the requested shape and dtype", () => {
    const t = uniform(k, [2, 3]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe("float32");
    expect(t.toArray()).toEqual(uniformArray(k, 6, "float32"));
    const d = uniform(k, [4], { dtype: "float64", minval: -1, maxval: 3 });
    expect(d.dtype).toBe("float64");
    expect(d.toArray()).toEqual(uniformArray(k, 4, "float64", -1, 3));
  });

  it("uniform of shape [] is a scalar; JAX gives 0.947667 for key(0)", () => {
    const t = uniform(key(0), []);
    expect(t.shape).toEqual([]);
    expect(t.item()).toBeCloseTo(0.947667, 6);
  });

  it("normal and truncatedNormal", () => {
    expect(normal(k, [3, 2], { dtype: "float64", mean: 1, stddev: 2 }).toArray()).toEqual(normalArray(k, 6, "float64", 1, 2));
    expect(normal(k, [5]).toArray()).toEqual(normalArray(k, 5, "float32"));
    const t = truncatedNormal(k, [10, 10]);
    expect(t.shape).toEqual([10, 10]);
    expect(t.toArray()).toEqual(truncatedNormalArray(k, 100, "float32"));
    expect(truncatedNormal(k, [4], 0, 1, { dtype: "float64" }).toArray()).toEqual(truncatedNormalArray(k, 4, "float64", 0, 1));
  });

  it("bernoulli is bool, randint and permutation and choice are int32", () => {
    const b = bernoulli(k, 0.25, [4, 5]);
    expect(b.dtype).toBe("bool");
    expect(b.toArray()).toEqual(bernoulliArray(k, 20, 0.25));
    const r = randint(k, [3, 3], 0, 10);
    expect(r.dtype).toBe("int32");
    expect(r.toArray()).toEqual(randintArray(k, 9, 0, 10));
    const p = permutation(k, 8);
    expect(p.shape).toEqual([8]);
    expect(p.toArray()).toEqual(permutationArray(k, 8));
    expect(choice(k, 10, [2, 2], { replace: false }).toArray()).toEqual(choiceArray(k, 10, 4, false));
    expect(choice(k, 10, [3]).toArray()).toEqual(choiceArray(k, 10, 3, true));
  });

  it("categorical drops the sampled axis", () => {
    const logits = fromArray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [2, 3, 2]);
    const last = categorical(k, logits);
    expect(last.shape).toEqual([2, 3]);
    expect(last.toArray()).toEqual(categoricalArray(k, logits.toArray(), [2, 3, 2], -1).data);
    const middle = categorical(k, logits, 1);
    expect(middle.shape).toEqual([2, 2]);
    expect(middle.toArray()).toEqual(categoricalArray(k, logits.toArray(), [2, 3, 2], 1).data);
  });

  it("validates shapes, naming the sampler", () => {
    expect(() => uniform(k, [2, -1])).toThrow(/^uniform: shape \[2, -1\] is invalid/);
    expect(() => normal(k, [1.5])).toThrow(/^normal: shape \[1.5\] is invalid/);
    expect(() => bernoulli(k, 0.5, [Number.NaN])).toThrow(/^bernoulli: shape \[NaN\] is invalid/);
    expect(() => randint(k, [2 ** 20, 2 ** 20], 0, 2)).toThrow(/^randint: shape \[1048576, 1048576\] has 1099511627776 elements/);
    expect(() => bernoulli(k, 2, [3])).toThrow(/^bernoulli: p must be a probability in \[0, 1\], got 2/);
    expect(() => permutation(k, 2.5)).toThrow(/^permutation: n must be an integer/);
  });
});
