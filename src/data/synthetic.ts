// Small synthetic datasets with known structure, for trying models and plotting decision regions.
// The classification sets are points in the plane: features float32 [n, 2], labels int32 class
// ids. Example i has class i mod classes, so the classes are balanced to within one example and
// interleaved (shuffle or batch with a key before training). The same key and options always give
// the same data.
//
// "noise" is the standard deviation of Gaussian noise added to each coordinate.

import { normalArray, uniformArray } from "../random/continuous.js";
import { bernoulliArray } from "../random/discrete.js";
import { split, type Key } from "../random/key.js";
import { Tensor } from "../tensor/tensor.js";
import { checkInteger, checkNonNegative, checkPositive } from "./checks.js";
import { makeDataset, type Dataset } from "./dataset.js";
import { wrapRows } from "./rows.js";

/** A classification dataset of points in the plane. */
export type PlaneDataset = Dataset<[2]>;

const PLANE: [2] = [2];

/** Builds a plane dataset from coordinates (x0, y0, x1, y1, …) computed in float64. */
const plane = (name: string, points: Float64Array, labels: Int32Array, classes: number): PlaneDataset =>
  makeDataset({
    name,
    features: wrapRows(labels.length, PLANE, "float32", Float32Array.from(points)),
    labels: wrapRows(labels.length, [], "int32", labels),
    classes,
  });

/** Class i mod classes for example i. */
const cyclicLabels = (n: number, classes: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i % classes);

/** Adds independent N(0, noise²) to every coordinate, in place on a buffer this module owns. */
const addNoise = (key: Key, points: Float64Array, noise: number): Float64Array => {
  const e = normalArray(key, points.length, "float64");
  for (let i = 0; i < points.length; i++) points[i] = (points[i] ?? 0) + noise * (e[i] ?? 0);
  return points;
};

// ---------------------------------------------------------------------------------------------

export interface SpiralsOptions {
  /** Number of examples (a positive integer). */
  readonly n: number;
  /** Number of arms, one per class (default 2). */
  readonly classes?: number;
  /** Default 0.1. */
  readonly noise?: number;
  /** How many times each arm winds around the centre (default 1). */
  readonly turns?: number;
}

/**
 * Interleaved spiral arms, one per class. A point of class c at position t ∈ [0, 1) along its arm
 * (t uniform) lies at radius t and angle 2π(c/classes + turns · t):
 *   (x, y) = t · (cos φ, sin φ),  φ = 2π (c / classes + turns · t).
 * Not linearly separable; a small MLP separates them.
 */
export const spirals = (key: Key, options: SpiralsOptions): PlaneDataset => {
  const op = "spirals";
  const n = checkInteger(op, "n", options.n, 1);
  const classes = checkInteger(op, "classes", options.classes ?? 2, 2);
  const noise = checkNonNegative(op, "noise", options.noise ?? 0.1);
  const turns = checkPositive(op, "turns", options.turns ?? 1);
  const [kt, kn] = split(key, 2);
  const t = uniformArray(kt, n, "float64");
  const labels = cyclicLabels(n, classes);
  const points = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const r = t[i] ?? 0;
    const phi = 2 * Math.PI * ((labels[i] ?? 0) / classes + turns * r);
    points[2 * i] = r * Math.cos(phi);
    points[2 * i + 1] = r * Math.sin(phi);
  }
  return plane(op, addNoise(kn, points, noise), labels, classes);
};

export interface NoiseOptions {
  /** Number of examples (a positive integer). */
  readonly n: number;
  /** Default 0.1. */
  readonly noise?: number;
}

/**
 * Two interleaving half circles of radius 1, θ uniform on [0, π]:
 *   class 0: (cos θ, sin θ),  class 1: (1 − cos θ, ½ − sin θ).
 */
export const moons = (key: Key, options: NoiseOptions): PlaneDataset => {
  const op = "moons";
  const n = checkInteger(op, "n", options.n, 1);
  const noise = checkNonNegative(op, "noise", options.noise ?? 0.1);
  const [kt, kn] = split(key, 2);
  const theta = uniformArray(kt, n, "float64", 0, Math.PI);
  const labels = cyclicLabels(n, 2);
  const points = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [c, s] = [Math.cos(theta[i] ?? 0), Math.sin(theta[i] ?? 0)];
    points[2 * i] = labels[i] === 0 ? c : 1 - c;
    points[2 * i + 1] = labels[i] === 0 ? s : 0.5 - s;
  }
  return plane(op, addNoise(kn, points, noise), labels, 2);
};

export interface BlobsOptions {
  /** Number of examples (a positive integer). */
  readonly n: number;
  /** Number of blobs, one per class (default 3); ignored when `centers` are given. */
  readonly classes?: number;
  /** Standard deviation of each blob (default 0.5). */
  readonly noise?: number;
  /** The blob centres; by default evenly spaced on a circle of radius `radius`. */
  readonly centers?: readonly (readonly [number, number])[];
  /** Radius of the default circle of centres (default 2). */
  readonly radius?: number;
}

/**
 * Gaussian blobs: class c is N(center_c, noise² I). The default centres are
 * radius · (cos 2πc/classes, sin 2πc/classes).
 */
export const blobs = (key: Key, options: BlobsOptions): PlaneDataset => {
  const op = "blobs";
  const n = checkInteger(op, "n", options.n, 1);
  const noise = checkNonNegative(op, "noise", options.noise ?? 0.5);
  const radius = checkNonNegative(op, "radius", options.radius ?? 2);
  const classes = options.centers === undefined ? checkInteger(op, "classes", options.classes ?? 3, 1) : options.centers.length;
  const centers = options.centers ?? Array.from({ length: classes }, (_, c) => {
    const a = (2 * Math.PI * c) / classes;
    return [radius * Math.cos(a), radius * Math.sin(a)] as const;
  });
  if (centers.length === 0) throw new RangeError(`${op}: centers must hold at least one point, got []`);
  for (const [c, p] of centers.entries()) {
    if (p.length !== 2 || !p.every(Number.isFinite)) {
      throw new RangeError(`${op}: centers[${c}] must be a pair of finite numbers [x, y], got [${p.join(", ")}]`);
    }
  }
  const labels = cyclicLabels(n, classes);
  const points = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const center = centers[labels[i] ?? 0] ?? [0, 0];
    points[2 * i] = center[0];
    points[2 * i + 1] = center[1];
  }
  return plane(op, addNoise(key, points, noise), labels, classes);
};

/**
 * The XOR problem: points in the four quadrants of [−1, 1]², class 0 where x and y have the same
 * sign, class 1 where they differ. Each point's distance from each axis is uniform on (0, 1]; the
 * quadrant is chosen at random among the two of its class. The classic set no linear model fits.
 */
export const xor = (key: Key, options: NoiseOptions): PlaneDataset => {
  const op = "xor";
  const n = checkInteger(op, "n", options.n, 1);
  const noise = checkNonNegative(op, "noise", options.noise ?? 0.1);
  const [ku, ks, kn] = split(key, 3);
  // 1 − u lies in (0, 1], so no point sits on an axis, where its class would be ambiguous.
  const u = uniformArray(ku, 2 * n, "float64");
  const flip = bernoulliArray(ks, n, 0.5);
  const labels = cyclicLabels(n, 2);
  const points = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const sx = flip[i] === 1 ? -1 : 1;
    const sy = labels[i] === 0 ? sx : -sx;
    points[2 * i] = sx * (1 - (u[2 * i] ?? 0));
    points[2 * i + 1] = sy * (1 - (u[2 * i + 1] ?? 0));
  }
  return plane(op, addNoise(kn, points, noise), labels, 2);
};

// ---------------------------------------------------------------------------------------------

export interface LinearRegressionOptions<F extends number> {
  /** Number of examples (a positive integer). */
  readonly n: number;
  /** Number of features (a positive integer). */
  readonly features: F;
  /** Standard deviation of the noise added to each target (default 0.1). */
  readonly noise?: number;
  /** The true weights, one per feature; drawn from N(0, 1) when absent. */
  readonly weights?: readonly number[];
  /** The true intercept (default 0). */
  readonly bias?: number;
}

export interface LinearRegressionData<F extends number> {
  /** Features [n, F] and float32 targets [n]. */
  readonly dataset: Dataset<[F], [], "float32">;
  /** The weights that generated the targets, [F]. */
  readonly weights: Tensor<[F]>;
  readonly bias: number;
}

/**
 * A regression problem with a known answer: x ~ N(0, I) in F dimensions and
 *   y = x · w + b + ε,  ε ~ N(0, noise²),
 * returned with the true w and b, so a fitted model can be compared with them.
 */
export const linearRegression = <const F extends number>(key: Key, options: LinearRegressionOptions<F>): LinearRegressionData<F> => {
  const op = "linearRegression";
  const n = checkInteger(op, "n", options.n, 1);
  const f = checkInteger(op, "features", options.features, 1);
  const noise = checkNonNegative(op, "noise", options.noise ?? 0.1);
  const bias = options.bias ?? 0;
  if (!Number.isFinite(bias)) throw new RangeError(`${op}: bias must be a finite number, got ${bias}`);
  const [kw, kx, ke] = split(key, 3);
  const given = options.weights;
  if (given !== undefined && (given.length !== f || !given.every(Number.isFinite))) {
    throw new RangeError(`${op}: weights must be ${f} finite numbers (one per feature), got ${given.length}`);
  }
  const w = Float32Array.from(given ?? normalArray(kw, f, "float64"));
  const x = normalArray(kx, n * f, "float32");
  const e = normalArray(ke, n, "float64");
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let j = 0; j < f; j++) dot += (x[i * f + j] ?? 0) * (w[j] ?? 0);
    y[i] = dot + bias + noise * (e[i] ?? 0);
  }
  const shape: [F] = [options.features];
  const scalar: [] = [];
  const dataset = makeDataset({ name: op, features: wrapRows(n, shape, "float32", x), labels: wrapRows(n, scalar, "float32", y) });
  return { dataset, weights: new Tensor<[F], "float32">(shape, "float32", w), bias };
};
