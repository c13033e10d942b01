// Initializers: how a layer's first parameters are drawn. The variance-scaling family keeps the
// variance of activations (forward) or of gradients (backward) the same from layer to layer, the
// cure for signals that explode or vanish with depth. For a weight of shape [..., n_in, n_out]
// (dense: [n_in, n_out]; conv2d: [KH, KW, C_in, C_out]) the fans count the inputs and outputs
// each unit sees: fan_in = n_in · receptive field, fan_out = n_out · receptive field.
//
//   Glorot (Xavier):  Var W = 2 / (fan_in + fan_out)    uniform: U(±√(6 / (fan_in + fan_out)))
//   He (Kaiming):     Var W = 2 / fan_in                uniform: U(±√(6 / fan_in))
//   LeCun:            Var W = 1 / fan_in                uniform: U(±√(3 / fan_in))
//
// The normal variants draw N(0, Var W) (the distributions of the papers, untruncated).
// Every initializer is a pure function of (key, shape, dtype).

import type { Key } from "../random/key.js";
import { normal, uniform } from "../random/samplers.js";
import type { Shape } from "../shape/dim.js";
import { full, fromArray, type Dims } from "../tensor/create.js";
import type { FloatDType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { LayerConfigError, show } from "./errors.js";
import { defaultFloat } from "./float.js";

/** Draws a tensor of `shape` (float32 unless `dtype` says otherwise). */
export type Initializer = <const S extends Shape, D extends FloatDType = "float32">(key: Key, shape: S, dtype?: D) => Tensor<Dims<S>, D>;

/** fan_in and fan_out of a weight shape: the last axis is the outputs, the one before the inputs,
 *  the rest the receptive field. A vector counts its length as both; a scalar counts 1. */
export function fans(shape: readonly number[]): { readonly fanIn: number; readonly fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0] ?? 1, fanOut: shape[0] ?? 1 };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: (shape[shape.length - 2] ?? 1) * receptive, fanOut: (shape[shape.length - 1] ?? 1) * receptive };
}

type Mode = "fanIn" | "fanOut" | "fanAvg";

/** Var W = scale / n, n the fan named by mode; uniform draws U(±√(3 · scale / n)). */
function varianceScaling(name: string, scale: number, mode: Mode, distribution: "uniform" | "normal"): Initializer {
  return <const S extends Shape, D extends FloatDType = "float32">(key: Key, shape: S, dtype?: D): Tensor<Dims<S>, D> => {
    const { fanIn, fanOut } = fans(shape);
    const n = mode === "fanIn" ? fanIn : mode === "fanOut" ? fanOut : (fanIn + fanOut) / 2;
    if (!(n > 0)) throw new LayerConfigError(name, `shape ${show(shape)} with fan ${n}`, "a weight shape with at least one input and one output");
    const variance = scale / n;
    return distribution === "uniform"
      ? uniform(key, shape, { dtype, minval: -Math.sqrt(3 * variance), maxval: Math.sqrt(3 * variance) })
      : normal(key, shape, { dtype, stddev: Math.sqrt(variance) });
  };
}

/** Glorot & Bengio (2010): W ~ U(±√(6 / (fan_in + fan_out))). For tanh/sigmoid layers. */
export const glorotUniform: Initializer = varianceScaling("glorotUniform", 1, "fanAvg", "uniform");
/** W ~ N(0, 2 / (fan_in + fan_out)). */
export const glorotNormal: Initializer = varianceScaling("glorotNormal", 1, "fanAvg", "normal");
/** He et al. (2015): W ~ U(±√(6 / fan_in)). For ReLU layers, which zero half their inputs. */
export const heUniform: Initializer = varianceScaling("heUniform", 2, "fanIn", "uniform");
/** W ~ N(0, 2 / fan_in). */
export const heNormal: Initializer = varianceScaling("heNormal", 2, "fanIn", "normal");
/** LeCun et al. (1998): W ~ U(±√(3 / fan_in)). */
export const lecunUniform: Initializer = varianceScaling("lecunUniform", 1, "fanIn", "uniform");
/** W ~ N(0, 1 / fan_in). */
export const lecunNormal: Initializer = varianceScaling("lecunNormal", 1, "fanIn", "normal");

/** W ~ N(0, stddev²), whatever the shape (embedding tables use N(0, 1)). */
export const gaussian = (stddev = 1): Initializer =>
  <const S extends Shape, D extends FloatDType = "float32">(key: Key, shape: S, dtype?: D): Tensor<Dims<S>, D> => normal(key, shape, { dtype, stddev });

/** Every element `value` (the key is not used). */
export const constant = (value: number): Initializer =>
  <const S extends Shape, D extends FloatDType = "float32">(_key: Key, shape: S, dtype?: D): Tensor<Dims<S>, D> =>
    full(shape, value, dtype ?? defaultFloat<D>());

/** Saxe et al. (2014): the weight, viewed as a matrix [rows = all but the last axis, cols =
 *  the last], has orthonormal columns (or rows, when there are more columns than rows):
 *  WᵀW = I. Drawn as the Q of a QR factorization of a standard normal matrix, with the signs
 *  fixed by R's diagonal so that Q is uniformly (Haar) distributed. */
export const orthogonal: Initializer = <const S extends Shape, D extends FloatDType = "float32">(key: Key, shape: S, dtype?: D): Tensor<Dims<S>, D> => {
  if (shape.length < 2) throw new LayerConfigError("orthogonal", `shape ${show(shape)}`, "a shape of rank 2 or more");
  const cols = shape[shape.length - 1] ?? 0;
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  // Orthonormalize the columns of a tall matrix [tall × wide], then transpose if needed.
  const [tall, wide] = rows >= cols ? [rows, cols] : [cols, rows];
  const a = normal(key, [tall, wide], { dtype: "float64" }).toArray();
  const q = orthonormalColumns(a, tall, wide);
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) values[i * cols + j] = rows >= cols ? (q[i * wide + j] ?? 0) : (q[j * wide + i] ?? 0);
  }
  return fromArray(values, shape, dtype ?? defaultFloat<D>());
};

/** Modified Gram–Schmidt on the columns of a row-major [m × n] matrix (m ≥ n): each column
 *  has its components along the previous ones removed, then is scaled to length 1. Dividing by
 *  the norm is multiplying by 1/R_jj > 0, which is exactly the sign fix QR needs. */
function orthonormalColumns(a: Float64Array, m: number, n: number): Float64Array {
  const q = a.slice();
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += (q[i * n + k] ?? 0) * (q[i * n + j] ?? 0);
      for (let i = 0; i < m; i++) q[i * n + j] = (q[i * n + j] ?? 0) - dot * (q[i * n + k] ?? 0);
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += (q[i * n + j] ?? 0) ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[i * n + j] = (q[i * n + j] ?? 0) / norm;
  }
  return q;
}


/** Every initializer by name. `zeros` and `ones` live only here (the names are taken by the tensor constructors). */
export const initializers = {
  glorotUniform, glorotNormal, heUniform, heNormal, lecunUniform, lecunNormal, orthogonal, gaussian, constant,
  zeros: constant(0),
  ones: constant(1),
} as const;
