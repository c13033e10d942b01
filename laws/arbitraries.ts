// fast-check arbitraries for the laws: small shapes, broadcast-compatible shape pairs, tensors
// whose values stay inside a domain (and away from the kinks where a derivative jumps), random
// unit directions, and parameter trees. Shapes are small on purpose: the laws are about
// derivatives, not sizes, and a thousand small cases find more than ten big ones.

import fc from "fast-check";
import { fromArray } from "../src/tensor/create.js";
import type { DType } from "../src/tensor/dtype.js";
import type { AnyTensor } from "../src/tensor/tensor.js";
import type { Tree } from "../src/tree/tree.js";
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

// -- tensors ---------------------------------------------------------------------------------------

/** A tensor of the given shape and dtype (float64 by default) with elements drawn from `values` (default [-2, 2]). */
export const tensorOf = (dims: Dims, values: fc.Arbitrary<number> = interval(-2, 2), dtype: DType = "float64"): fc.Arbitrary<AnyTensor> =>
  fc.array(values, { minLength: sizeOf(dims), maxLength: sizeOf(dims) }).map((vs): AnyTensor => fromArray(vs, dims, dtype));

/**
 * A float64 tensor whose elements are pairwise at least `gap` apart, in [min, max]: no ties for
 * max/argmax, and no tie created by a finite-difference step smaller than gap/2.
 */
export function distinctTensor(dims: Dims, min = -2, max = 2, gap = 0.05): fc.Arbitrary<AnyTensor> {
  const n = sizeOf(dims);
  const slot = (max - min) / Math.max(n, 1);
  if (slot <= gap) throw new RangeError(`distinctTensor: ${n} elements ${gap} apart do not fit in [${min}, ${max}]`);
  // Element i lies in slot rank[i] of n equal slots, at most slot − gap into it.
  return fc.tuple(permutation(n), fc.array(interval(0, slot - gap), { minLength: n, maxLength: n }))
    .map(([rank, jitter]): AnyTensor => fromArray(rank.map((r, i) => min + r * slot + (jitter[i] ?? 0)), dims, "float64"));
}

/** An int32 tensor with elements in [min, max] (indices, labels). */
export const int32Tensor = (dims: Dims, min: number, max: number): fc.Arbitrary<AnyTensor> =>
  tensorOf(dims, fc.integer({ min, max }), "int32");

/** A bool tensor (masks, predicates). */
export const boolTensor = (dims: Dims): fc.Arbitrary<AnyTensor> =>
  fc.array(fc.boolean(), { minLength: sizeOf(dims), maxLength: sizeOf(dims) })
    .map((bs): AnyTensor => fromArray(bs.map(Number), dims, "bool"));

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
