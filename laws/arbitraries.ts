// fast-check arbitraries for the laws: small shapes, broadcast-compatible shape pairs, tensors
// whose values stay inside a domain (and away from the kinks where a derivative jumps), random
// unit directions, and parameter trees. Shapes are small on purpose: the laws are about
// derivatives, not sizes, and a thousand small cases find more than ten big ones.

import fc from "fast-check";
import { fromArray, type Dims as TupleOf } from "../src/tensor/create.js";
import type { Shape } from "../src/shape/dim.js";
import type { DType } from "../src/tensor/dtype.js";
import type { AnyTensor, Tensor } from "../src/tensor/tensor.js";
import { flatten, unflatten, type Tree } from "../src/tree/tree.js";
import type { LayerCore, ParamsOf, ShapeFn } from "../src/nn/layer.js";
import { fold, key as makeKey, type Key } from "../src/random/key.js";
import { tensorLike, type Leaves } from "./numeric.js";

export type Dims = readonly number[];

// -- shapes ------------------------------------------------------------------------------------

export interface ShapeOptions {
  readonly minRank?: number;
  readonly maxRank?: number;
  readonly minDim?: number;
  readonly maxDim?: number;
}

const sizeOf = (s: Dims): number => s.reduce((n, d) => n * d, 1);

/** A shape of rank minRank..maxRank (default 0..3) with dims minDim..maxDim (default 1..3). */
export const shape = (options: ShapeOptions = {}): fc.Arbitrary<Dims> =>
  fc.array(fc.integer({ min: options.minDim ?? 1, max: options.maxDim ?? 3 }), {
    minLength: options.minRank ?? 0,
    maxLength: options.maxRank ?? 3,
  });

/** A shape that broadcasts to `out`: some leading axes dropped, some of the rest set to 1. */
export const broadcastableTo = (out: Dims): fc.Arbitrary<Dims> =>
  fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] === true ? 1 : d)));

/** NumPy broadcasting of two compatible shapes: align the trailing axes, take the non-1 dim. */
export function broadcastOf(a: Dims, b: Dims): Dims {
  const rank = Math.max(a.length, b.length);
  const at = (s: Dims, i: number): number => s[i - (rank - s.length)] ?? 1;
  return Array.from({ length: rank }, (_, i) => (at(a, i) === 1 ? at(b, i) : at(a, i)));
}

export interface BroadcastPair {
  readonly left: Dims;
  readonly right: Dims;
  /** The shape both broadcast to. */
  readonly out: Dims;
}

/** Two shapes that broadcast together, e.g. [2, 1, 3] and [4, 1]. */
export const broadcastPair = (options: ShapeOptions = {}): fc.Arbitrary<BroadcastPair> =>
  shape(options).chain((target) => fc.tuple(broadcastableTo(target), broadcastableTo(target)))
    .map(([left, right]) => ({ left, right, out: broadcastOf(left, right) }));

/** A permutation of 0..n-1. */
export const permutation = (n: number): fc.Arbitrary<readonly number[]> => {
  const all = Array.from({ length: n }, (_, i) => i);
  return fc.shuffledSubarray(all, { minLength: n, maxLength: n });
};

/** A sorted subset of the axes 0..rank-1 (possibly empty). */
export const axesOf = (rank: number): fc.Arbitrary<readonly number[]> =>
  fc.subarray(Array.from({ length: rank }, (_, i) => i));

// -- values --------------------------------------------------------------------------------------

/** Any double in [min, max] (fast-check favours the ends, 0 and small values). */
export const interval = (min: number, max: number): fc.Arbitrary<number> => fc.double({ min, max, noNaN: true });

/**
 * A double in [min, max] at least `margin` away from each of `points` (values that land closer
 * are pushed out to the margin). Used to keep inputs off kinks: relu and abs at 0, clip at its
 * bounds. The points must be 2·margin apart and lie at least `margin` inside [min, max].
 */
export function awayFrom(min: number, max: number, points: readonly number[], margin: number): fc.Arbitrary<number> {
  const sorted = [...points].sort((a, b) => a - b);
  sorted.forEach((p, i) => {
    const next = sorted[i + 1];
    if (p - margin < min || p + margin > max || (next !== undefined && next - p < 2 * margin)) {
      throw new RangeError(`awayFrom: points ${JSON.stringify(points)} must be ${2 * margin} apart and at least ${margin} inside [${min}, ${max}]`);
    }
  });
  return interval(min, max).map((v) => {
    const p = sorted.find((q) => Math.abs(v - q) < margin);
    return p === undefined ? v : v >= p ? p + margin : p - margin;
  });
}

/** k + t for an integer k in [minInt, maxInt] and t in [lo, hi]: two such sets with disjoint offsets never tie. */
export const offsetFromIntegers = (minInt: number, maxInt: number, lo: number, hi: number): fc.Arbitrary<number> =>
  fc.tuple(fc.integer({ min: minInt, max: maxInt }), interval(lo, hi)).map(([k, t]) => k + t);

// -- domains --------------------------------------------------------------------------------------
// Where a function is smooth: finite differences need an input whose neighbourhood of the step's
// size stays inside the domain (log, sqrt at 0) and off the kinks (relu, abs at 0; max at ties).

/** Positive numbers in [min, max] (default [1e-3, 4]): inputs of log, sqrt, a variance. */
export const positive = (min = 1e-3, max = 4): fc.Arbitrary<number> => {
  if (!(min > 0 && max > min)) throw new RangeError(`positive: need 0 < min < max, got [${min}, ${max}]`);
  return interval(min, max);
};

/** Numbers in the unit interval [margin, 1 − margin] (default margin 1e-3, so a log of p or 1 − p stays finite). */
export const unitInterval = (margin = 1e-3): fc.Arbitrary<number> => {
  if (!(margin >= 0 && margin < 0.5)) throw new RangeError(`unitInterval: the margin must be in [0, 0.5), got ${margin}`);
  return interval(margin, 1 - margin);
};

/** The functions whose kinks `awayFromKinks` avoids: relu and abs bend at 0, max at a tie. */
export type Kink = "relu" | "abs" | "max";

export interface KinkOptions {
  /** How far from a kink (default 0.05): from 0 for relu and abs, between any two elements for max. */
  readonly margin?: number;
  /** The range of the elements (default [-2, 2]). */
  readonly min?: number;
  readonly max?: number;
}

/**
 * Float64 tensors of `dims` at least `margin` away from the kinks of `kink`: every element at
 * least `margin` from 0 (relu, abs), or every two elements at least `margin` apart (max, whose
 * derivative jumps where two elements tie).
 */
export function awayFromKinks<const S extends Shape>(kink: Kink, dims: S, options: KinkOptions = {}): fc.Arbitrary<Tensor<TupleOf<S>, "float64">> {
  const { margin = 0.05, min = -2, max = 2 } = options;
  return kink === "max" ? distinctTensor(dims, min, max, margin) : tensorOf(dims, awayFrom(min, max, [0], margin));
}

// -- tensors ---------------------------------------------------------------------------------------

/**
 * A tensor of the given shape and dtype (float64 by default) with elements drawn from `values`
 * (default [-2, 2]), typed by its shape: `tensorOf([4, 3])` is an
 * `Arbitrary<Tensor<[4, 3], "float64">>`.
 */
export function tensorOf<const S extends Shape>(dims: S, values?: fc.Arbitrary<number>): fc.Arbitrary<Tensor<TupleOf<S>, "float64">>;
export function tensorOf<const S extends Shape, D extends DType>(dims: S, values: fc.Arbitrary<number>, dtype: D): fc.Arbitrary<Tensor<TupleOf<S>, D>>;
export function tensorOf<const S extends Shape>(dims: S, values: fc.Arbitrary<number> = interval(-2, 2), dtype: DType = "float64"): fc.Arbitrary<Tensor<TupleOf<S>, DType>> {
  return fc.array(values, { minLength: sizeOf(dims), maxLength: sizeOf(dims) }).map((vs) => fromArray(vs, dims, dtype));
}

export interface BatchOptions {
  /** Batch sizes drawn from minBatch..maxBatch (default 1..4). */
  readonly minBatch?: number;
  readonly maxBatch?: number;
  /** The elements (default [-2, 2]). */
  readonly values?: fc.Arbitrary<number>;
}

/**
 * Float64 batches of examples of shape `example`, the batch size drawn: `batchOf([3])` is an
 * `Arbitrary<Tensor<[number, 3], "float64">>`, for code generic over the batch size
 * (`<B extends number>(x: Tensor<[B, 3]>)`), which a law should see at several sizes.
 */
export function batchOf<const S extends Shape>(example: S, options: BatchOptions = {}): fc.Arbitrary<Tensor<[number, ...S], "float64">> {
  const { minBatch = 1, maxBatch = 4 } = options;
  if (!(Number.isSafeInteger(minBatch) && minBatch >= 1 && maxBatch >= minBatch)) {
    throw new RangeError(`batchOf: need 1 ≤ minBatch ≤ maxBatch, got ${minBatch}..${maxBatch}`);
  }
  return fc.integer({ min: minBatch, max: maxBatch }).chain((n) => {
    const dims: [number, ...S] = [n, ...example];
    return tensorOf(dims, options.values);
  });
}

/**
 * A float64 tensor whose elements are pairwise at least `gap` apart, in [min, max]: no ties for
 * max/argmax, and no tie created by a finite-difference step smaller than gap/2.
 */
export function distinctTensor<const S extends Shape>(dims: S, min = -2, max = 2, gap = 0.05): fc.Arbitrary<Tensor<TupleOf<S>, "float64">> {
  const n = sizeOf(dims);
  const slot = (max - min) / Math.max(n, 1);
  if (slot <= gap) throw new RangeError(`distinctTensor: ${n} elements ${gap} apart do not fit in [${min}, ${max}]`);
  // Element i lies in slot rank[i] of n equal slots, at most slot − gap into it.
  return fc.tuple(permutation(n), fc.array(interval(0, slot - gap), { minLength: n, maxLength: n }))
    .map(([rank, jitter]) => fromArray(rank.map((r, i) => min + r * slot + (jitter[i] ?? 0)), dims, "float64"));
}

/** An int32 tensor with elements in [min, max] (indices, labels). */
export const int32Tensor = <const S extends Shape>(dims: S, min: number, max: number): fc.Arbitrary<Tensor<TupleOf<S>, "int32">> =>
  tensorOf(dims, fc.integer({ min, max }), "int32");

/** A bool tensor (masks, predicates). */
export const boolTensor = <const S extends Shape>(dims: S): fc.Arbitrary<Tensor<TupleOf<S>, "bool">> =>
  fc.array(fc.boolean(), { minLength: sizeOf(dims), maxLength: sizeOf(dims) })
    .map((bs) => fromArray(bs.map(Number), dims, "bool"));

// -- directions ------------------------------------------------------------------------------------

/** Unit-norm parts shaped like `likes` from raw numbers (the zero vector becomes the all-equal direction). */
function normalizedParts(likes: Leaves, raw: readonly number[]): AnyTensor[] {
  // Divide by the largest entry first so that tiny entries do not underflow when squared.
  const big = raw.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const scaled = big === 0 ? raw.map(() => 1) : raw.map((v) => v / big);
  const norm = Math.sqrt(scaled.reduce((s, v) => s + v * v, 0));
  let offset = 0;
  return likes.map((x) => {
    const part = scaled.slice(offset, offset + x.size).map((v) => v / norm);
    offset += x.size;
    return tensorLike(x, part);
  });
}

/**
 * A random direction of unit Euclidean norm over all of `likes` together, each part with its
 * leaf's shape and dtype: a tangent for jvp, a cotangent for vjp. Drawn from the cube [-1, 1]ⁿ
 * and normalized.
 */
export function unitDirection(likes: Leaves): fc.Arbitrary<AnyTensor[]> {
  const n = likes.reduce((k, x) => k + x.size, 0);
  return fc.array(interval(-1, 1), { minLength: n, maxLength: n }).map((raw) => normalizedParts(likes, raw));
}

/**
 * The unit direction that the integer `seed` selects, shaped like `likes`. For vectors whose
 * shapes are known only inside a property (the cotangent of f's outputs): the seed is drawn
 * by fast-check, so a failure replays from its seed and path. The numbers come from
 * Marsaglia's xorshift32 generator.
 */
export function seededUnitDirection(seed: number, likes: Leaves): AnyTensor[] {
  let state = (seed | 0) === 0 ? 0x9e3779b9 : seed | 0;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 31 - 1; // in [-1, 1)
  };
  const n = likes.reduce((k, x) => k + x.size, 0);
  return normalizedParts(likes, Array.from({ length: n }, next));
}

// -- parameter trees ---------------------------------------------------------------------------------

export interface TreeOptions {
  /** Nesting depth of arrays and records (default 2). */
  readonly maxDepth?: number;
  /** Record keys to draw from. */
  readonly keys?: readonly string[];
}

/** Parameter trees: nested records and arrays (1–3 children each) whose leaves come from `leaf`. */
export function parameterTree(leaf: fc.Arbitrary<AnyTensor>, options: TreeOptions = {}): fc.Arbitrary<Tree> {
  const keys = options.keys ?? ["w", "b", "scale", "layers"];
  // Records get Object.prototype (noNullPrototype): tygrad's trees accept only plain records.
  const { tree } = fc.letrec<{ tree: Tree; array: readonly Tree[]; record: { readonly [key: string]: Tree } }>((tie) => ({
    tree: fc.oneof({ maxDepth: options.maxDepth ?? 2, depthIdentifier: "parameterTree" }, leaf, tie("array"), tie("record")),
    array: fc.array(tie("tree"), { minLength: 1, maxLength: 3, depthIdentifier: "parameterTree" }),
    record: fc.dictionary(fc.constantFrom(...keys), tie("tree"), { minKeys: 1, maxKeys: 3, depthIdentifier: "parameterTree", noNullPrototype: true }),
  }));
  return tree;
}

/**
 * Trees of the structure, leaf shapes and dtypes of `example`, with float leaves drawn from
 * `values` (default [-2, 2]) and other leaves (int32 ids, bool masks) kept as they are: an
 * `Arbitrary<P>` for parameters of type P, e.g. `treeLike(layer.init(key(0)))`.
 */
export function treeLike<T>(example: T, values: fc.Arbitrary<number> = interval(-2, 2)): fc.Arbitrary<T> {
  const [leaves, def] = flatten(example);
  const drawn = leaves.map((l): fc.Arbitrary<AnyTensor> => (l.dtype === "float32" || l.dtype === "float64" ? tensorOf(l.shape, values, l.dtype) : fc.constant(l)));
  // unflatten rebuilds example's own structure, with leaves of the same shapes and dtypes: a T
  return fc.tuple(...drawn).map((ls) => unflatten(def, ls) as T);
}

export interface ParamsOptions {
  /** The key the layer's init is given folded with a drawn integer (default key(0)). */
  readonly key?: Key;
  /** Each float element is moved by a drawn offset in [−jitter, jitter] (default 0.5), so that
   *  an init's constants (zero biases, unit scales) are not the only values seen. 0 keeps init's. */
  readonly jitter?: number;
}

/** A layer's own parameters, `init(fold(key, n))` for drawn n, each float element jittered:
 *  an `Arbitrary<ParamsOf<L>>`. */
export function paramsOf<L extends LayerCore<ShapeFn, unknown, unknown, DType, DType | "same">>(layer: L, options: ParamsOptions = {}): fc.Arbitrary<ParamsOf<L>> {
  const base = options.key ?? makeKey(0);
  const jitter = options.jitter ?? 0.5;
  // init of L returns ParamsOf<L>
  const initAt = (n: number): ParamsOf<L> => layer.init(fold(base, n)) as ParamsOf<L>;
  if (jitter === 0) return fc.nat().map(initAt);
  return fc.nat().chain((n) => {
    const params = initAt(n);
    const [leaves, def] = flatten(params);
    const size = leaves.reduce((k, l) => k + (l.dtype === "float32" || l.dtype === "float64" ? l.size : 0), 0);
    return fc.array(interval(-jitter, jitter), { minLength: size, maxLength: size }).map((offsets) => {
      let next = 0;
      const moved = leaves.map((l) => {
        if (l.dtype !== "float32" && l.dtype !== "float64") return l;
        const vs = Float64Array.from(l.toArray(), (v) => v + (offsets[next++] ?? 0));
        return fromArray(vs, l.shape, l.dtype);
      });
      // the same structure with leaves of the same shapes and dtypes: ParamsOf<L>
      return unflatten(def, moved) as ParamsOf<L>;
    });
  });
}
