// Samplers that return typed tensors. The shape you ask for is the shape in the result's type,
// literal dims included, without `as const`: `uniform(k, [2, 3])` is a `Tensor<[2, 3]>`.
//
// Each names a flat-array sampler (continuous.ts, discrete.ts), where the methods are described,
// and its arguments (a `sample` primitive's parameters); the tensor holds exactly its numbers.
// A concrete key draws them now, on the host. A staged key (inside jit) draws them as a `sample`
// equation of the program, whose kernel runs the same host code on the words when the program
// runs, so the numbers are the same. Samplers read no global state: the same key and arguments
// always give the same tensor.

import { abstractEval } from "../core/abstract-eval.js";
import * as lax from "../core/lax.js";
import { sampleData } from "../core/impl/random.js";
import type { SampleParams } from "../core/primitives.js";
import { avalOf } from "../core/trace.js";
import { typed } from "../ops/typed.js";
import type { Guard, Ok, Reduce, Shape } from "../shape/index.js";
import type { Dims } from "../tensor/create.js";
import type { DType } from "../tensor/dtype.js";
import { concreteData, Tensor, type AnyTensor } from "../tensor/tensor.js";
import type { FloatDType } from "./checks.js";
import { stagedWords, type Key } from "./key-repr.js";
import { keyToWords } from "./staged.js";

/** The words operand of a `sample` equation, for shape checks of a concrete draw. */
const WORDS_AVAL = { shape: [2], dtype: "float64" } as const;

/**
 * The values `params` asks for, drawn from `k` (and, for categorical, `logits`): on the host when
 * everything is concrete, else as a `sample` equation of the enclosing transformation.
 */
const draw = (k: Key, params: SampleParams, logits?: AnyTensor): AnyTensor => {
  const words = stagedWords(k);
  if (words !== undefined || (logits !== undefined && !logits.isConcrete)) return lax.sample(words ?? keyToWords(k), params, logits);
  const out = abstractEval("sample", logits === undefined ? [WORDS_AVAL] : [WORDS_AVAL, avalOf(logits)], params);
  const host = logits === undefined ? undefined : { shape: logits.shape, dtype: logits.dtype, data: concreteData(logits, "categorical") };
  return new Tensor<Shape, DType>(out.shape, out.dtype, sampleData(k, params, host));
};

export interface UniformOptions<D extends FloatDType> {
  /** "float32" (default) or "float64". */
  readonly dtype?: D;
  /** Inclusive lower end, default 0. */
  readonly minval?: number;
  /** Exclusive upper end, default 1. */
  readonly maxval?: number;
}

/**
 * Values uniform on [minval, maxval) (default [0, 1)). For float32 these are the numbers JAX's
 * `jax.random.uniform` gives for the same key.
 */
export const uniform = <const S extends Shape, D extends FloatDType = "float32">(
  k: Key,
  shape: S,
  options: UniformOptions<D> = {},
): Tensor<Dims<S>, D> =>
  typed(draw(k, { sampler: "uniform", shape, dtype: options.dtype ?? "float32", minval: options.minval ?? 0, maxval: options.maxval ?? 1 }));

export interface NormalOptions<D extends FloatDType> {
  /** "float32" (default) or "float64". */
  readonly dtype?: D;
  /** Default 0. */
  readonly mean?: number;
  /** Default 1. */
  readonly stddev?: number;
}

/** Normal values (standard unless mean/stddev are given), by the Box–Muller transform. */
export const normal = <const S extends Shape, D extends FloatDType = "float32">(
  k: Key,
  shape: S,
  options: NormalOptions<D> = {},
): Tensor<Dims<S>, D> =>
  typed(draw(k, { sampler: "normal", shape, dtype: options.dtype ?? "float32", mean: options.mean ?? 0, stddev: options.stddev ?? 1 }));

export interface FloatOptions<D extends FloatDType> {
  /** "float32" (default) or "float64". */
  readonly dtype?: D;
}

/**
 * Standard normal values conditioned to lie strictly between `lower` and `upper` (default
 * -2 and 2; either may be infinite), by inverting the normal distribution function.
 */
export const truncatedNormal = <const S extends Shape, D extends FloatDType = "float32">(
  k: Key,
  shape: S,
  lower: number = -2,
  upper: number = 2,
  options: FloatOptions<D> = {},
): Tensor<Dims<S>, D> => typed(draw(k, { sampler: "truncatedNormal", shape, dtype: options.dtype ?? "float32", lower, upper }));

/** A bool tensor whose elements are true with probability p, independently. */
export const bernoulli = <const S extends Shape>(k: Key, p: number, shape: S): Tensor<Dims<S>, "bool"> =>
  typed(draw(k, { sampler: "bernoulli", shape, p }));

/** int32 values uniform on [minval, maxval), exactly unbiased. */
export const randint = <const S extends Shape>(
  k: Key,
  shape: S,
  minval: number,
  maxval: number,
): Tensor<Dims<S>, "int32"> => typed(draw(k, { sampler: "randint", shape, minval, maxval }));

/**
 * For each slice of `logits` along `axis` (default -1, the last), an int32 index drawn with
 * probabilities softmax(logits) along that axis (the Gumbel-max trick). The result has the
 * logits' shape without that axis; an axis out of range is a type error naming it. Traced logits
 * (inside jit or grad) are fine: the draw has derivative zero.
 */
export const categorical = <S extends Shape, D extends FloatDType, const A extends number = -1>(
  k: Key,
  logits: Tensor<S, D> & Guard<Reduce<S, A, false, "categorical">>,
  axis?: A,
): Tensor<Ok<Reduce<S, A, false, "categorical">>, "int32"> =>
  // The runtime shape drops the same axis that Reduce drops from the type.
  typed(draw(k, { sampler: "categorical", axis: axis ?? -1 }, logits));

/** A uniformly random permutation of 0 … n-1 (Fisher–Yates), as an int32 tensor of shape [n]. */
export const permutation = <const N extends number>(k: Key, n: N): Tensor<[N], "int32"> =>
  typed(draw(k, { sampler: "permutation", n }));

export interface ChoiceOptions {
  /** Whether an index may be drawn more than once (default true). */
  readonly replace?: boolean;
}

/**
 * Indices drawn uniformly from 0 … n-1 into an int32 tensor of `shape`: independently with
 * replacement (the default), or all distinct without, in which case the shape must have at
 * most n elements.
 */
export const choice = <const S extends Shape>(
  k: Key,
  n: number,
  shape: S,
  options: ChoiceOptions = {},
): Tensor<Dims<S>, "int32"> => typed(draw(k, { sampler: "choice", shape, n, replace: options.replace ?? true }));
