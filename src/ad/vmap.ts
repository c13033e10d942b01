// vmap: automatic batching over parameter trees. `vmap(f)` is f applied to every example of a
// batch at once, f written for one example:
//
//   vmap(f)(stack_a(x₀, x₁, …)) = stack_o(f(x₀), f(x₁), …)
//
// where stack_a stacks along axis a. Each argument (or each leaf of it, by a tree of axes) is
// batched along an axis of its own (inAxes: 0, 1, …, negative from the end) or shared by all
// examples (null); each output leaf gets the batch on its outAxes axis (default 0), or, with
// null, must not depend on the batch. A batch of PRNG keys — an array of keys where f takes one
// key, e.g. `splitKey(k, B)` — gives each example its own key.

import * as lax from "../core/lax.js";
import { isKey, stageKey, type Key } from "../random/key-repr.js";
import { flattenWithKeys, keyFromWords, keyToWords } from "../random/staged.js";
import type { Shape } from "../shape/index.js";
import type { ShapeError } from "../shape/index.js";
import type { IsSame } from "../shape/same.js";
import type { DType } from "../tensor/dtype.js";
import { Tensor, type AnyTensor } from "../tensor/tensor.js";
import { flatten, unflatten, type Kept, type Static, type TreeDef } from "../tree/tree.js";
import { batchFlatParts } from "./batch-trace.js";
import { exampleOf, materialize } from "./batch-rules.js";

export class VmapError extends TypeError {
  readonly _tag = "VmapError";
}

// -- types ---------------------------------------------------------------------------------------

/** Where a value's batch axis is: an axis (negative counts from the end), or null (not batched). */
export type Axis = number | null;
/** One axis for a whole value, or a tree of axes matching the value's structure (one per leaf or subtree). */
export type AxisTree = Axis | readonly AxisTree[] | { readonly [key: string]: AxisTree };
/** Per argument: its axis or tree of axes. */
export type InAxes = readonly AxisTree[];

type Counter = readonly 0[];

/** S with B inserted so that A counts it from the front: [B, …S] for 0, [s₀, B, …] for 1. */
type InsertFront<S extends Shape, A extends number, B extends number, C extends Counter = []> =
  C["length"] extends A ? [B, ...S]
  : S extends readonly [infer H extends number, ...infer T extends Shape] ? [H, ...InsertFront<T, A, B, [...C, 0]>]
  : never; // the axis is beyond the batched rank (vmap throws the same at runtime)

/** S with B inserted so that it is axis -P of the result: [...S, B] for -1, [..., B, s_last] for -2. */
type InsertBack<S extends Shape, P extends number, B extends number, C extends Counter = [0]> =
  C["length"] extends P ? [...S, B]
  : S extends readonly [...infer I extends Shape, infer L extends number] ? [...InsertBack<I, P, B, [...C, 0]>, L]
  : never;

/** The batched shape: S with the batch B at axis A of the result (negative A from the end). */
export type InsertAxis<S extends Shape, A extends number, B extends number> =
  number extends A ? Shape
  : `${A}` extends `-${infer P extends number}` ? InsertBack<S, P, B>
  : InsertFront<S, A, B>;

/**
 * T with every tensor leaf given a batch axis of size B at axis A (default 0):
 * Tensor<S, D> ↦ Tensor<InsertAxis<S, A, B>, D>; a key becomes a batch of keys, one per example.
 * A leaf whose rank is unknown to the types (Shape, number[]) stays as it is.
 */
export type Batched<T, B extends number, A extends number = 0> =
  T extends Tensor<infer S extends Shape, infer D extends DType> ? (number extends S["length"] ? T : Tensor<InsertAxis<S, A, B>, D>)
  : T extends Key ? readonly Key[]
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: Batched<T[K], B, A> }
  : T extends Static | Kept ? T
  : { -readonly [K in keyof T]: Batched<T[K], B, A> };

/** T batched as the axis tree X says: an axis for the whole of T, null for none, or a tree matching T's. */
export type BatchedBy<T, X, B extends number> =
  X extends null ? T
  : X extends number ? Batched<T, B, X>
  : X extends readonly unknown[] ? (T extends readonly unknown[] ? { -readonly [K in keyof T]: K extends keyof X ? BatchedBy<T[K], X[K], B> : never } : never)
  : { -readonly [K in keyof T]: K extends keyof X ? BatchedBy<T[K], X[K], B> : never };

export interface VmapOptions<I extends InAxes = InAxes, O extends AxisTree = AxisTree> {
  /** One entry per argument (default: every argument batched along axis 0). */
  readonly inAxes?: I;
  /** Where each output leaf gets the batch (default 0): an axis, null (an output that does not depend on the batch), or a tree. */
  readonly outAxes?: O;
}

/** The arguments vmap(f) takes: each batched as its inAxes entry says, with a batch of size B. */
export type BatchedArgs<Args extends readonly unknown[], I extends InAxes, B extends number> = {
  -readonly [K in keyof Args]: K extends keyof I ? BatchedBy<Args[K], I[K], B> : Batched<Args[K], B>;
};

/** The leading dims of T's tensor leaves, as a union (never for a tree without tensors). */
type LeadingDims<T> =
  T extends Tensor<infer S extends Shape, infer _D extends DType> ? (S extends readonly [infer N, ...unknown[]] ? N : never)
  : T extends Static | Kept ? never
  : T extends readonly unknown[] ? LeadingDims<T[number]>
  : LeadingDims<T[keyof T]>;

/** The leading dims of the arguments batched along axis 0 (the default), in argument order;
 *  arguments batched along other axes or by a tree of axes are left to the runtime check. */
type BatchDims<A extends readonly unknown[], I extends InAxes, K extends unknown[] = []> =
  A extends readonly [infer X, ...infer Rest]
    ? (I[K["length"]] extends 0 | undefined
        ? (X extends Key | readonly Key[] ? BatchDims<Rest, I, [...K, X]> : [LeadingDims<X>, ...BatchDims<Rest, I, [...K, X]>]) // keys: no dims to compare
        : BatchDims<Rest, I, [...K, X]>)
    : [];

/** The first pair of batch sizes that cannot be the same: two different literals (or names).
 *  Identity is tested first, so a type parameter B against itself is decided in generic bodies;
 *  `number` is known only at runtime, where the sizes are checked, and agrees with anything. */
type Disagreeing<First, Rest extends readonly unknown[]> =
  Rest extends readonly [infer D, ...infer R]
    ? IsSame<D, First> extends true ? Disagreeing<First, R>
    : IsSame<D, number> extends true ? Disagreeing<First, R>
    : IsSame<First, number> extends true ? Disagreeing<D, R>
    : [First, D]
    : undefined;

type ShowSize<D> = D extends number ? `${D}` : "?";

/** `unknown` when the batched arguments can share one batch size, else a ShapeError naming vmap
 *  and the two sizes: `vmap: batched arguments have different batch sizes: 4 vs 5`. */
export type SameBatch<A extends readonly unknown[], I extends InAxes> =
  BatchDims<A, I> extends readonly [infer First, ...infer Rest]
    ? Disagreeing<First, Rest> extends readonly [infer X, infer Y]
      ? ShapeError<`vmap: batched arguments have different batch sizes: ${ShowSize<X>} vs ${ShowSize<Y>}`, X, Y>
      : unknown
    : unknown;


// -- axes at runtime ---------------------------------------------------------------------------------

const describe = (a: unknown): string => (a === undefined ? "undefined" : JSON.stringify(a) ?? String(a));
const isAxisArray = (s: AxisTree): s is readonly AxisTree[] => Array.isArray(s);
const isAxisRecord = (s: AxisTree): s is { readonly [key: string]: AxisTree } => typeof s === "object" && s !== null && !Array.isArray(s);
const isPlainRecord = (x: unknown): x is { readonly [key: string]: unknown } =>
  typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Tensor) && !isKey(x);
const isKeyBatch = (x: unknown): x is readonly Key[] => Array.isArray(x) && x.length > 0 && x.every(isKey);

/** One tensor leaf of the arguments (or the outputs) and the axis its batch is on. */
interface Placed {
  readonly path: string;
  readonly axis: Axis;
}

/**
 * Walks a value and its axis tree together, in flatten order (record keys sorted), and returns
 * the value with each batch of keys replaced by their stacked words, and the axis of each tensor
 * leaf. `what` names the value in errors (`argument 1`, `output`); `option` the option.
 */
function place(value: unknown, spec: AxisTree, what: string, option: string, keys: Set<AnyTensor>): { readonly tree: unknown; readonly leaves: readonly Placed[] } {
  const leaves: Placed[] = [];
  const at = (path: string): string => `${what}${path === "" ? "" : ` at ${path}`}`;
  const walk = (x: unknown, s: AxisTree, path: string): unknown => {
    if (isAxisArray(s)) {
      if (!Array.isArray(x) || x.length !== s.length) throw new VmapError(`vmap: ${option} for ${at(path)} is an array of ${s.length} axes, but the value there is ${Array.isArray(x) ? `an array of length ${x.length}` : "not an array"}; give one axis for the whole value or a tree matching it`);
      return x.map((c, i) => walk(c, s[i] ?? null, `${path}[${i}]`));
    }
    if (isAxisRecord(s)) {
      const sk = Object.keys(s).sort();
      const xk = isPlainRecord(x) ? Object.keys(x).sort() : undefined;
      if (!isPlainRecord(x) || xk === undefined || xk.join(",") !== sk.join(",")) {
        throw new VmapError(`vmap: ${option} for ${at(path)} is a record of axes {${sk.join(", ")}}, but the value there is ${xk === undefined ? "not a record" : `a record {${xk.join(", ")}}`}; give one axis for the whole value or a tree matching it`);
      }
      return Object.fromEntries(sk.map((k) => [k, walk(x[k], s[k] ?? null, path === "" ? k : `${path}.${k}`)]));
    }
    if (s !== null && !Number.isInteger(s)) throw new VmapError(`vmap: ${option} for ${at(path)} is ${describe(s)}; use an integer axis (negative counts from the end) or null`);
    if (x instanceof Tensor) {
      leaves.push({ path, axis: s });
      return x;
    }
    if (isKey(x)) {
      if (s === null) return x;
      throw new VmapError(`vmap: ${at(path)} is a single key in a batched position; pass one key per example (splitKey(k, B)) or give it ${option} null to share it`);
    }
    if (isKeyBatch(x) && s !== null) {
      const words = lax.concatenate(x.map((k) => lax.reshape(keyToWords(k), [1, 2])), 0);
      keys.add(words);
      leaves.push({ path, axis: 0 });
      return words;
    }
    if (Array.isArray(x)) return x.map((c, i) => walk(c, s, `${path}[${i}]`));
    if (isPlainRecord(x)) return Object.fromEntries(Object.keys(x).sort().map((k) => [k, walk(x[k], s, path === "" ? k : `${path}.${k}`)]));
    return x;
  };
  const tree = walk(value, spec, "");
  return { tree, leaves };
}

/** `axis` of a value of rank `rank` as a position in [0, rank), with an error naming the leaf. */
function normalAxis(axis: number, rank: number, where: string, option: string, shape: readonly number[]): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    throw new VmapError(rank === 0
      ? `vmap: ${where} is a scalar, so it has no batch axis; give it ${option} null, or give it an axis`
      : `vmap: ${option} for ${where} is ${axis}, but its shape [${shape.join(", ")}] has ${rank} axes; use an axis in [${-rank}, ${rank - 1}]`);
  }
  return a;
}

/** x with axis `from` moved to position `to` (the others in order). */
function moveAxis(x: AnyTensor, from: number, to: number): AnyTensor {
  if (from === to) return x;
  const rest = x.shape.map((_, i) => i).filter((i) => i !== from);
  const perm = [...rest.slice(0, to), from, ...rest.slice(to)];
  return lax.transpose(x, perm);
}

// -- vmap --------------------------------------------------------------------------------------------

/**
 * Vectorizes f over a batch axis: `vmap(f)(xs)` equals stacking `f(x)` for each example x of
 * xs, computed by one pass over the whole batch (each primitive runs once, on all examples)
 * rather than a loop. f is written for one example and sees one example's shapes. It composes
 * with every transformation: per-example gradients are `vmap(grad(loss))`, and `grad`, `jit` and
 * `vmap` itself apply to a vmapped function (nested vmaps batch over two axes).
 *
 * `options.inAxes` says, per argument, where its batch axis is: an axis (`0` by default; `1`,
 * `-1` from the end, …), `null` (shared by all examples), or a tree of axes matching the
 * argument's structure (`{ w: null, b: 0 }`). Every batched tensor must have the same batch
 * size. A batched argument holding an array of keys where f takes one key gives each example
 * its own key. `options.outAxes` places the batch axis of the outputs the same way.
 *
 * @example
 * // per-example gradients: params shared, inputs and labels batched
 * const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(params, xs, ys);
 * // each example's own dropout mask
 * const masks = vmap((x: Tensor<[3]>, k: Key) => nn.dropout(x, 0.5, k), { inAxes: [0, 0] })(xs, splitKey(k, B));
 */
export function vmap<Args extends readonly unknown[], R, const I extends InAxes = readonly [], const O extends AxisTree = 0>(
  f: (...args: Args) => R, options?: VmapOptions<I, O>,
): <B extends number, const A extends readonly unknown[]>(...args: BatchedArgs<Args, I, B> & A & SameBatch<A, I>) => BatchedBy<R, O, B> {
  // f's parameter types are Args; it is called with values of those structures rebuilt from leaves.
  const call = f as unknown as (...xs: unknown[]) => unknown;
  return <B extends number, const A extends readonly unknown[]>(...args: BatchedArgs<Args, I, B> & A & SameBatch<A, I>): BatchedBy<R, O, B> => {
    const axes: InAxes = options?.inAxes ?? args.map(() => 0);
    if (axes.length !== args.length) throw new VmapError(`vmap: inAxes has ${axes.length} entries for ${args.length} argument(s); give one per argument`);
    const keyWords = new Set<AnyTensor>();
    const placed = args.map((arg, i) => place(arg, axes[i] ?? null, `argument ${i}`, `inAxes[${i}]`, keyWords));
    const [leaves, def] = flatten(placed.map((p) => p.tree));
    const spots = placed.flatMap((p, i) => p.leaves.map((l) => ({ ...l, where: `argument ${i}${l.path === "" ? "" : ` at ${l.path}`}`, option: `inAxes[${i}]` })));
    if (spots.length !== leaves.length) throw new Error("internal: vmap placed a different number of leaves than the arguments hold");

    // The batch size, and every batched leaf with its batch moved to axis 0.
    let first: { readonly where: string; readonly size: number } | undefined;
    const inputs = leaves.map((leaf, i) => {
      const spot = spots[i];
      if (spot === undefined || spot.axis === null) return leaf;
      const a = normalAxis(spot.axis, leaf.shape.length, spot.where, spot.option, leaf.shape);
      const size = leaf.shape[a] ?? 0;
      if (first === undefined) first = { where: spot.where, size };
      else if (first.size !== size) {
        throw new VmapError(`vmap: every batched input needs the same batch size, but ${first.where} has ${first.size} and ${spot.where} has ${size} (shape [${leaf.shape.join(", ")}], axis ${spot.axis})`);
      }
      return moveAxis(leaf, a, 0);
    });
    if (first === undefined) throw new VmapError("vmap: no argument has a batched tensor, so the batch size is unknown; batch at least one (inAxes 0)");
    const size = first.size;

    let outDef: TreeDef | undefined;
    let outIsKey: readonly boolean[] = [];
    const flat = (...xs: AnyTensor[]): AnyTensor[] => {
      // a batch of keys reaches f as one key per example, standing for its words
      const given = xs.map((x, i) => (keyWords.has(leaves[i] ?? x) ? stageKey(x) : x));
      const rebuilt = unflatten(def, given);
      const out = call(...(Array.isArray(rebuilt) ? rebuilt : [rebuilt]));
      // a key f returns leaves the batch as its words, and comes back as one key per example
      const { leaves: outLeaves, keys, def: d } = flattenWithKeys(out);
      outDef = d;
      outIsKey = keys;
      return outLeaves;
    };
    const parts = batchFlatParts(flat, inputs, inputs.map((_, i) => (spots[i]?.axis ?? null) !== null), size);
    if (outDef === undefined) throw new Error("internal: the function did not run");

    // Each output leaf with its batch where outAxes puts it.
    const outSpec: AxisTree = options?.outAxes ?? 0;
    const outTree = unflatten(outDef, parts.map((_, i) => new LeafIndex(i)));
    const outPlaced = placeOutputs(outTree, outSpec);
    const results = parts.map((part, i) => {
      const spot = outPlaced[i];
      const where = `output${spot === undefined || spot.path === "" ? "" : ` at ${spot.path}`}`;
      if (outIsKey[i] === true) {
        const words = materialize(part, size);
        return Object.freeze(Array.from({ length: size }, (_, b) => keyFromWords(exampleOf(words, b))));
      }
      if (spot === undefined || spot.axis === null) {
        if (part.batched) throw new VmapError(`vmap: outAxes for ${where} is null, but that output depends on the batch; give it an axis`);
        return part.value;
      }
      const value = materialize(part, size);
      return moveAxis(value, 0, normalAxis(spot.axis, value.shape.length, where, "outAxes", value.shape));
    });
    return unflatten(outDef, results) as BatchedBy<R, O, B>; // f's own output structure, each leaf batched as outAxes says
  };
}

/** Stands for output leaf `i` in a copy of the output tree. */
class LeafIndex {
  constructor(readonly i: number) {}
}

/** The outAxes entry of each output leaf, in flatten order (`tree` holds each leaf's LeafIndex). */
function placeOutputs(tree: unknown, spec: AxisTree): readonly Placed[] {
  const found: Placed[] = [];
  const walk = (x: unknown, s: AxisTree, path: string): void => {
    if (x instanceof LeafIndex) {
      if (isAxisArray(s) || isAxisRecord(s)) throw new VmapError(`vmap: outAxes for output${path === "" ? "" : ` at ${path}`} is a tree, but the output there is one tensor; give it one axis`);
      if (s !== null && !Number.isInteger(s)) throw new VmapError(`vmap: outAxes for output${path === "" ? "" : ` at ${path}`} is ${describe(s)}; use an integer axis (negative counts from the end) or null`);
      found[x.i] = { path, axis: s };
      return;
    }
    if (Array.isArray(x)) {
      if (isAxisArray(s) && s.length !== x.length) throw new VmapError(`vmap: outAxes for output${path === "" ? "" : ` at ${path}`} is an array of ${s.length} axes, but the output there is an array of length ${x.length}`);
      x.forEach((c, i) => walk(c, isAxisArray(s) ? (s[i] ?? null) : s, `${path}[${i}]`));
      return;
    }
    if (isPlainRecord(x)) {
      const xk = Object.keys(x).sort();
      if (isAxisRecord(s) && Object.keys(s).sort().join(",") !== xk.join(",")) {
        throw new VmapError(`vmap: outAxes for output${path === "" ? "" : ` at ${path}`} is a record of axes {${Object.keys(s).sort().join(", ")}}, but the output there is a record {${xk.join(", ")}}`);
      }
      for (const k of xk) walk(x[k], isAxisRecord(s) ? (s[k] ?? null) : s, path === "" ? k : `${path}.${k}`);
    }
  };
  walk(tree, spec, "");
  return found;
}
