// Registry entries for the randomness primitives, keyChild and sample, applied to random keys
// (any two uint32 words, as a float64[2] operand) with the arguments each sampler accepts. Their
// outputs are integer words, draws and indices: derivative exactly zero. Each variant also states
// what the host code computes — Threefry at the counter, the flat sampler of src/random called
// directly — for the law that the kernel computes exactly that.

import fc from "fast-check";
import type { SampleParams } from "../../src/core/primitives.js";
import { normalArray, truncatedNormalArray, uniformArray } from "../../src/random/continuous.js";
import { bernoulliArray, categoricalArray, choiceArray, permutationArray, randintArray } from "../../src/random/discrete.js";
import { keyFromData, type Key } from "../../src/random/key.js";
import { threefry2x32 } from "../../src/random/threefry.js";
import { fromArray } from "../../src/tensor/create.js";
import type { AnyData } from "../../src/tensor/dtype.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { interval, shape, tensorOf } from "../arbitraries.js";
import { diff, fixed } from "../cases.js";
import { application, operandValues, type AnyPrimApplication } from "../primitive-case.js";
import { primitive, primitiveVariant } from "./build.js";
import type { PrimitiveEntry, PrimitiveVariant } from "./types.js";

const uint32 = fc.integer({ min: 0, max: 0xffffffff });

/** A key's words [hi, lo] as the float64[2] operand the primitives take. */
const keyWords: fc.Arbitrary<AnyTensor> = fc.tuple(uint32, uint32).map((w): AnyTensor => fromArray(w, [2], "float64"));

/** The key an application's first operand holds. */
const keyOf = (app: AnyPrimApplication): Key => {
  const words = operandValues(app)[0]?.toArray() ?? [];
  const k = keyFromData(Array.from(words));
  if (k._tag === "Left") throw k.left;
  return k.right;
};

const size = (s: readonly number[]): number => s.reduce((n, d) => n * d, 1);

/** The child at `counter`: Threefry-2x32 of the key at the counter's 64-bit two's-complement words. */
const childOf = (app: AnyPrimApplication): AnyTensor => {
  if (app.prim !== "keyChild") throw new TypeError(`not a keyChild application: ${app.prim}`);
  const c = BigInt.asUintN(64, BigInt(app.params.counter));
  const counter = [Number(c >> 32n), Number(c & 0xffffffffn)] as const;
  const words = keyOf(app).data;
  return fromArray(threefry2x32(words, counter), [2], "float64");
};

/** The draw of a sample application, by its flat sampler called directly. */
const drawOf = (app: AnyPrimApplication): AnyTensor => {
  if (app.prim !== "sample") throw new TypeError(`not a sample application: ${app.prim}`);
  const k = keyOf(app);
  const p: SampleParams = app.params;
  const as = (data: AnyData, s: readonly number[], dtype: AnyTensor["dtype"]): AnyTensor => fromArray(data, s, dtype);
  switch (p.sampler) {
    case "uniform":
      return as(uniformArray(k, size(p.shape), p.dtype, p.minval, p.maxval), p.shape, p.dtype);
    case "normal":
      return as(normalArray(k, size(p.shape), p.dtype, p.mean, p.stddev), p.shape, p.dtype);
    case "truncatedNormal":
      return as(truncatedNormalArray(k, size(p.shape), p.dtype, p.lower, p.upper), p.shape, p.dtype);
    case "bernoulli":
      return as(bernoulliArray(k, size(p.shape), p.p), p.shape, "bool");
    case "randint":
      return as(randintArray(k, size(p.shape), p.minval, p.maxval), p.shape, "int32");
    case "categorical": {
      const logits = operandValues(app)[1];
      if (logits === undefined) throw new TypeError("categorical needs logits");
      const drawn = categoricalArray(k, logits.toArray(), logits.shape, p.axis);
      return as(drawn.data, drawn.shape, "int32");
    }
    case "permutation":
      return as(permutationArray(k, p.n), [p.n], "int32");
    case "choice":
      return as(choiceArray(k, p.n, size(p.shape), p.replace), p.shape, "int32");
  }
};

const withHost = (variant: PrimitiveVariant, host: (app: AnyPrimApplication) => AnyTensor): PrimitiveVariant => ({ ...variant, host });

/** A sample variant: `params` drawn, then applied to a random key. */
const sampled = (label: string, params: fc.Arbitrary<SampleParams>): PrimitiveVariant =>
  withHost(primitiveVariant(label, "zero",
    fc.tuple(keyWords, params).map(([words, p]) => application("sample", p, [fixed(words)]))), drawOf);

const floatDType = fc.constantFrom("float32" as const, "float64" as const);
const small = shape({ maxRank: 3 });

/** [lower, upper] pairs: both finite, one side open, far tails. */
const truncation = fc.constantFrom<readonly [number, number]>([-2, 2], [-1, 0.5], [-Infinity, 0], [0.5, Infinity], [-Infinity, Infinity], [3, 5]);

export const RANDOM_ENTRIES: readonly PrimitiveEntry[] = [
  primitive("keyChild", withHost(primitiveVariant("any key, split and fold counters", "zero",
    fc.tuple(keyWords, fc.oneof(fc.nat(8), uint32, fc.maxSafeInteger()))
      .map(([words, counter]) => application("keyChild", { counter }, [fixed(words)]))), childOf)),
  primitive("sample",
    sampled("uniform", fc.record({ shape: small, dtype: floatDType, minval: interval(-3, 1), width: interval(0.5, 4) })
      .map(({ shape: s, dtype, minval, width }) => ({ sampler: "uniform", shape: s, dtype, minval, maxval: minval + width }))),
    sampled("normal", fc.record({ shape: small, dtype: floatDType, mean: interval(-2, 2), stddev: interval(0, 3) })
      .map(({ shape: s, dtype, mean, stddev }) => ({ sampler: "normal", shape: s, dtype, mean, stddev }))),
    sampled("truncatedNormal", fc.record({ shape: small, dtype: floatDType, bounds: truncation })
      .map(({ shape: s, dtype, bounds: [lower, upper] }) => ({ sampler: "truncatedNormal", shape: s, dtype, lower, upper }))),
    sampled("bernoulli", fc.record({ shape: small, p: fc.oneof(interval(0.2, 0.8), fc.constantFrom(0, 1)) })
      .map(({ shape: s, p }) => ({ sampler: "bernoulli", shape: s, p }))),
    sampled("randint", fc.record({ shape: small, minval: fc.integer({ min: -100, max: 100 }), range: fc.integer({ min: 1, max: 1000 }) })
      .map(({ shape: s, minval, range }) => ({ sampler: "randint", shape: s, minval, maxval: minval + range }))),
    sampled("permutation", fc.nat(20).map((n) => ({ sampler: "permutation", n }))),
    sampled("choice", fc.record({ n: fc.integer({ min: 1, max: 30 }), replace: fc.boolean(), shape: shape({ maxRank: 2 }) })
      .filter(({ n, replace, shape: s }) => replace || size(s) <= n)
      .map(({ n, replace, shape: s }) => ({ sampler: "choice", shape: s, n, replace }))),
    withHost(primitiveVariant("categorical, logits differentiated", "zero",
      shape({ minRank: 1, maxRank: 3 }).chain((s) => fc.tuple(keyWords, tensorOf(s, interval(-3, 3)), fc.integer({ min: -s.length, max: s.length - 1 })))
        .map(([words, logits, axis]) => application("sample", { sampler: "categorical", axis }, [fixed(words), diff(logits)]))), drawOf),
  ),
];
