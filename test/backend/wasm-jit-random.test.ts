// Random draws compiled to the Threefry kernel (src/backend/wasm/kernels/random) against the host
// samplers: for any key, size and parameters, the compiled uniform (float32 and float64) and
// bernoulli draws are the reference kernels' numbers bit for bit, with no fallback step; one
// compiled program serves every key; a jitted dropout step keeps eager evaluation's mask.

import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { valueAndGrad } from "../../src/ad/index.js";
import { jit } from "../../src/backend/jit/index.js";
import { createWasmBackend } from "../../src/backend/wasm-jit/index.js";
import { bernoulliThreshold } from "../../src/backend/wasm-jit/random.js";
import { withReferenceKernels } from "../../src/core/accelerate.js";
import * as lax from "../../src/core/lax.js";
import type { SampleParams } from "../../src/core/primitives.js";
import { dropout } from "../../src/nn/index.js";
import { cast, mul, sum } from "../../src/ops/index.js";
import { key, type Key } from "../../src/random/index.js";
import { bernoulli, uniform } from "../../src/random/samplers.js";
import { fromArray, type AnyTensor, type Tensor } from "../../src/tensor/index.js";
import { identical, programOf, reference, seeded } from "./wasm-jit-helpers.js";

const backend = createWasmBackend({ threads: false });
afterAll(() => backend.close());

const word = fc.integer({ min: 0, max: 0xffffffff });
const keyWords = fc.tuple(word, word).map(([hi, lo]) => fromArray([hi, lo], [2], "float64"));
const sizes = [0, 1, 2, 3, 4, 5, 7, 8, 9, 8191, 8192, 8193] as const;

/** A program drawing `params` from its one input, a key's words. */
const drawProgram = (params: SampleParams) =>
  programOf((k) => [lax.sample(k, params)], [fromArray([0, 0], [2], "float64")]);

/** Compiles `params`' draw once, and checks it against the reference for every given key. */
const expectSameDraws = (params: SampleParams, keys: readonly AnyTensor[]): void => {
  const program = drawProgram(params);
  const executable = backend.compile(program);
  expect(executable.stats.fallbacks).toEqual([]);
  expect(executable.stats.steps.random).toBe(1);
  for (const k of keys) {
    const [got] = executable.run([k]);
    const [want] = reference(program, [k]);
    if (got === undefined || want === undefined) throw new Error("no result");
    expect(identical(got, want), `key [${Array.from(k.toArray()).join(", ")}], ${JSON.stringify(params)}`).toBe(true);
  }
};

const someKeys = (n: number, seed: number): AnyTensor[] =>
  fc.sample(keyWords, { numRuns: n, seed });

describe("the Threefry kernel draws the host samplers' numbers", () => {
  for (const n of sizes) {
    it(`uniform float32, bernoulli and uniform float64 of ${n} values, for many keys`, () => {
      const keys = someKeys(n > 1000 ? 4 : 24, n);
      expectSameDraws({ sampler: "uniform", shape: [n], dtype: "float32", minval: 0, maxval: 1 }, keys);
      expectSameDraws({ sampler: "uniform", shape: [n], dtype: "float64", minval: 0, maxval: 1 }, keys);
      expectSameDraws({ sampler: "bernoulli", shape: [n], p: 0.5 }, keys);
    });
  }

  it("the draws are the ones of the counters 0 … n-1 whatever the shape", () => {
    const keys = someKeys(6, 77);
    expectSameDraws({ sampler: "uniform", shape: [3, 1, 5], dtype: "float32", minval: -2, maxval: 3 }, keys);
    expectSameDraws({ sampler: "bernoulli", shape: [64, 128], p: 0.5 }, keys);
    expectSameDraws({ sampler: "bernoulli", shape: [], p: 0.25 }, keys);
  });

  /** Bounds with lo < hi in `dtype` and a finite span (what the sampler accepts). */
  const bounds = (dtype: "float32" | "float64") =>
    fc
      .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 2 ** -20, max: 1e6, noNaN: true }))
      .map(([lo, width]) => [lo, lo + width] as const)
      .filter(([lo, hi]) => (dtype === "float32" ? Math.fround(lo) < Math.fround(hi) : lo < hi));

  for (const dtype of ["float32", "float64"] as const) {
    it(`uniform ${dtype} for any minval < maxval (including tiny spans and large offsets)`, () => {
      fc.assert(
        fc.property(bounds(dtype), keyWords, fc.constantFrom(1, 5, 33), ([minval, maxval], k, n) => {
          expectSameDraws({ sampler: "uniform", shape: [n], dtype, minval, maxval }, [k]);
        }),
        { numRuns: 60 },
      );
    });
  }

  it("uniform where rounding meets maxval: the largest value below it, as on the host", () => {
    // a span of 2^-24 around 1: most float32 draws round onto an end point
    const keys = someKeys(8, 5);
    expectSameDraws({ sampler: "uniform", shape: [257], dtype: "float32", minval: 1 - 2 ** -24, maxval: 1 }, keys);
    expectSameDraws({ sampler: "uniform", shape: [257], dtype: "float32", minval: 1e6, maxval: 1e6 + 0.25 }, keys);
    expectSameDraws({ sampler: "uniform", shape: [257], dtype: "float64", minval: 1e15, maxval: 1e15 + 0.5 }, keys);
  });

  it("bernoulli for any p in [0, 1], including 0, 1 and the neighbours of grid points", () => {
    const edges = [0, 1, 2 ** -52, 2 ** -53, 1 - 2 ** -53, 0.5, 0.5 + 2 ** -52, 0.1, Number.MIN_VALUE];
    const p = fc.oneof(fc.constantFrom(...edges), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(p, keyWords, fc.constantFrom(1, 6, 40), (prob, k, n) => {
        expectSameDraws({ sampler: "bernoulli", shape: [n], p: prob }, [k]);
      }),
      { numRuns: 80 },
    );
  });

  it("bernoulli's integer threshold: m < T exactly when m · 2^-52 < p", () => {
    const split = (m: number): readonly [number, number] => [Math.floor(m / 2 ** 20), m % 2 ** 20];
    const below = (m: number, [tHi, tLo]: readonly [number, number]): boolean => {
      const [mHi, mLo] = split(m);
      return mHi < tHi || (mHi === tHi && mLo < tLo);
    };
    const p = fc.oneof(fc.constantFrom(0, 1, 2 ** -52, 0.5, 1 - 2 ** -52), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(p, fc.integer({ min: -2, max: 2 }), fc.double({ min: 0, max: 1, noNaN: true }), (prob, offset, anywhere) => {
        const threshold = bernoulliThreshold(prob);
        const t = Math.ceil(prob * 2 ** 52);
        // m next to the threshold, and m anywhere in [0, 2^52)
        for (const m of [t + offset, Math.floor(anywhere * 2 ** 52)]) {
          if (m < 0 || m >= 2 ** 52) continue;
          expect(below(m, threshold)).toBe(m * 2 ** -52 < prob);
        }
      }),
      { numRuns: 300 },
    );
    expect(bernoulliThreshold(1)).toEqual([2 ** 32 - 1, 2 ** 20]);
    expect(bernoulliThreshold(0)).toEqual([0, 0]);
  });

  it("keeps the host's check of the key's words", () => {
    const program = drawProgram({ sampler: "bernoulli", shape: [4], p: 0.5 });
    const executable = backend.compile(program);
    for (const bad of [[1.5, 2], [-1, 0], [0, 2 ** 32]]) {
      const words = fromArray(bad, [2], "float64");
      expect(() => reference(program, [words])).toThrow(RangeError);
      expect(() => executable.run([words])).toThrow(/key's words must be two integers/);
    }
  });

  it("other samplers stay on the fallback path and keep working", () => {
    const keys = someKeys(3, 9);
    for (const params of [
      { sampler: "normal", shape: [5], dtype: "float32", mean: 0, stddev: 1 },
      { sampler: "randint", shape: [5], minval: -3, maxval: 9 },
    ] as const) {
      const program = drawProgram(params);
      const executable = backend.compile(program);
      expect(executable.stats.fallbacks).toEqual(["sample"]);
      for (const k of keys) expect(identical(executable.run([k])[0] ?? k, reference(program, [k])[0] ?? k)).toBe(true);
    }
  });
});

describe("jit with random draws", () => {
  it("one compiled program serves every key, and draws what eager evaluation draws", () => {
    const f = (k: Key, x: Tensor<[6, 7]>) => mul(x, cast(bernoulli(k, 0.3, [6, 7]), "float32"));
    const compiled = jit(f, { backend });
    const x = fromArray(seeded(42, 3, 1, 2), [6, 7]);
    for (let seed = 0; seed < 10; seed++) {
      const k = key(seed);
      expect(identical(compiled(k, x), withReferenceKernels(() => f(k, x)))).toBe(true);
    }
    expect(compiled.stats().compilations).toBe(1);
    expect(backend.compile(jit(f).program(key(0), x)).stats.fallbacks).toEqual([]);
  });

  it("a key captured by the jitted function (a constant of the program) draws the same numbers", () => {
    const captured = key(21);
    const f = (x: Tensor<[300]>) => mul(x, uniform(captured, [300], { minval: -1, maxval: 1 }));
    const x = fromArray(seeded(300, 4, 1, 2), [300]);
    expect(identical(jit(f, { backend })(x), withReferenceKernels(() => f(x)))).toBe(true);
    expect(backend.compile(jit(f).program(x)).stats.fallbacks).toEqual([]);
  });

  it("a dropout training step under jit keeps eager evaluation's mask", () => {
    const layer = dropout(0.5);
    // d loss / d w = dropout(x): the mask scaled by 1 / (1 - rate) times x, elementwise
    const loss = (w: Tensor<[64, 128]>, x: Tensor<[64, 128]>, k: Key) => sum(mul(layer.apply(null, x, { train: true, key: k }), w));
    const step = (w: Tensor<[64, 128]>, x: Tensor<[64, 128]>, k: Key) => valueAndGrad(loss)(w, x, k);
    const compiled = jit(step, { backend });
    const w = fromArray(seeded(64 * 128, 11, -1, 1), [64, 128]);
    const x = fromArray(seeded(64 * 128, 12, 0.5, 1.5), [64, 128]);
    for (const seed of [1, 2, 3]) {
      const k = key(seed);
      const [, grad] = compiled(w, x, k);
      const [, eagerGrad] = withReferenceKernels(() => step(w, x, k));
      expect(identical(grad, eagerGrad)).toBe(true);
      const kept = Array.from(grad.toArray(), (g) => (g !== 0 ? 1 : 0));
      expect(kept).toEqual(Array.from(bernoulli(k, 0.5, [64, 128]).toArray()));
    }
    expect(compiled.stats().compilations).toBe(1);
    const stats = backend.compile(jit(step).program(w, x, key(1))).stats;
    expect(stats.fallbacks).not.toContain("sample");
  });
});
