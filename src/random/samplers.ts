// Samplers that return typed tensors. The shape you ask for is the shape in the result's type,
// literal dims included, without `as const`: `uniform(k, [2, 3])` is a `Tensor<[2, 3]>`.
//
// Each is a thin wrapper over the flat-array sampler of the same name (continuous.ts,
// discrete.ts), where the methods are described; the tensor holds exactly those numbers.
// Samplers read no global state: the same key and arguments always give the same tensor.

import type { Guard, Ok, Reduce, Shape } from "../shape/index.js";
import { fromArray, type Dims, type Tensor } from "../tensor/index.js";
import { shapeSize, type FloatDType } from "./checks.js";
import { normalArray, truncatedNormalArray, uniformArray } from "./continuous.js";
import { bernoulliArray, categoricalArray, choiceArray, permutationArray, randintArray } from "./discrete.js";
import type { Key } from "./key.js";

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
): Tensor<Dims<S>, D> => {
  const n = shapeSize("uniform", shape);
  const data = uniformArray(k, n, options.dtype ?? "float32", options.minval, options.maxval);
  return fromArray(data, shape, options.dtype);
};

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
): Tensor<Dims<S>, D> => {
  const n = shapeSize("normal", shape);
  const data = normalArray(k, n, options.dtype ?? "float32", options.mean, options.stddev);
  return fromArray(data, shape, options.dtype);
};

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
): Tensor<Dims<S>, D> => {
  const n = shapeSize("truncatedNormal", shape);
  const data = truncatedNormalArray(k, n, options.dtype ?? "float32", lower, upper);
  return fromArray(data, shape, options.dtype);
};

/** A bool tensor whose elements are true with probability p, independently. */
export const bernoulli = <const S extends Shape>(k: Key, p: number, shape: S): Tensor<Dims<S>, "bool"> =>
  fromArray(bernoulliArray(k, shapeSize("bernoulli", shape), p), shape, "bool");

/** int32 values uniform on [minval, maxval), exactly unbiased. */
export const randint = <const S extends Shape>(
  k: Key,
  shape: S,
  minval: number,
  maxval: number,
): Tensor<Dims<S>, "int32"> => fromArray(randintArray(k, shapeSize("randint", shape), minval, maxval), shape, "int32");

/**
 * For each slice of `logits` along `axis` (default -1, the last), an int32 index drawn with
 * probabilities softmax(logits) along that axis (the Gumbel-max trick). The result has the
 * logits' shape without that axis; an axis out of range is a type error naming it.
 * The logits must be concrete: sampling inside a transformation is not supported.
 */
export const categorical = <S extends Shape, D extends FloatDType, const A extends number = -1>(
  k: Key,
  logits: Tensor<S, D> & Guard<Reduce<S, A, false, "categorical">>,
  axis?: A,
): Tensor<Ok<Reduce<S, A, false, "categorical">>, "int32"> => {
  const draw = categoricalArray(k, logits.toArray(), logits.shape, axis ?? -1);
  // The runtime shape drops the same axis that Reduce drops from the type.
  return fromArray(draw.data, draw.shape, "int32") as Tensor<Ok<Reduce<S, A, false, "categorical">>, "int32">;
};

/** A uniformly random permutation of 0 … n-1 (Fisher–Yates), as an int32 tensor of shape [n]. */
export const permutation = <const N extends number>(k: Key, n: N): Tensor<[N], "int32"> =>
  fromArray(permutationArray(k, n), [n], "int32");

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
): Tensor<Dims<S>, "int32"> =>
  fromArray(choiceArray(k, n, shapeSize("choice", shape), options.replace ?? true), shape, "int32");
