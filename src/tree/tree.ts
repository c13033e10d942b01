// Parameter trees: nested records, arrays and tuples whose leaves are tensors. Every
// transformation accepts trees, so a model's parameters can be one typed record and `grad`
// returns a record of the very same type.
//
// Values that are not tensors, arrays or plain records (numbers, strings, null, …) are static:
// they are kept in the tree's structure, never differentiated. So is a value marked with `KEEP`
// (a PRNG key): kept whole, by reference, never walked into.

import { Tensor, type AnyTensor } from "../tensor/tensor.js";
import type { Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";

/** Any tree of tensors. */
export type Tree = AnyTensor | readonly Tree[] | { readonly [key: string]: Tree } | Static;
export type Static = number | string | boolean | null | undefined;

/** Marks an object that trees keep whole as a static part of their structure (PRNG keys carry it). */
export const KEEP: unique symbol = Symbol("tygrad.tree.keep");

/** An object marked with KEEP. */
export interface Kept {
  readonly [KEEP]: true;
}

export const isKept = (x: unknown): x is Kept => typeof x === "object" && x !== null && KEEP in x;

/** The structure of a tree with its leaves removed. */
export type TreeDef =
  | { readonly _tag: "leaf" }
  | { readonly _tag: "static"; readonly value: Static | Kept }
  | { readonly _tag: "array"; readonly children: readonly TreeDef[] }
  | { readonly _tag: "record"; readonly keys: readonly string[]; readonly children: readonly TreeDef[] };

/** The same tree with each tensor leaf mapped: `Grad<P>` has P's shape and dtype at every leaf. */
export type MapLeaves<T, L> =
  T extends AnyTensor ? L
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: MapLeaves<T[K], L> }
  : T extends Static ? T
  : { -readonly [K in keyof T]: MapLeaves<T[K], L> };

/** A gradient (cotangent) has exactly the type of what it differentiates. */
export type Grad<T> =
  T extends Tensor<infer S, infer D> ? Tensor<S, D>
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: Grad<T[K]> }
  : T extends Static ? T
  : { -readonly [K in keyof T]: Grad<T[K]> };
export type Tangent<T> = Grad<T>;

export class TreeMismatchError extends Error {
  readonly _tag = "TreeMismatchError";
  constructor(readonly op: string, readonly path: string, readonly expected: string, readonly got: string) {
    super(`${op}: trees differ at ${path}: expected ${expected}, got ${got}`);
  }
}

// Plain records only: an object literal, or one made with Object.create(null) (as fast-check's
// fc.record builds them). Class instances are not trees.
const isRecord = (x: unknown): x is { readonly [key: string]: Tree } => {
  if (typeof x !== "object" || x === null || Array.isArray(x) || x instanceof Tensor || isKept(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

const describeNode = (x: unknown): string =>
  x instanceof Tensor ? `a tensor ${x.dtype}[${x.shape.join(", ")}]`
  : Array.isArray(x) ? `an array of length ${x.length}`
  : isRecord(x) ? `a record with keys {${Object.keys(x).sort().join(", ")}}`
  : `the static value ${String(x)}`;

export class TreeLeafError extends TypeError {
  readonly _tag = "TreeLeafError";
}

/** The leaves of a tree in a fixed order (record keys sorted) and its structure. */
export function flatten(tree: unknown): [AnyTensor[], TreeDef] {
  const leaves: AnyTensor[] = [];
  const walk = (x: unknown, path: string): TreeDef => {
    if (x instanceof Tensor) {
      leaves.push(x);
      return { _tag: "leaf" };
    }
    if (Array.isArray(x)) return { _tag: "array", children: x.map((c, i) => walk(c, `${path}[${i}]`)) };
    if (isRecord(x)) {
      const keys = Object.keys(x).sort();
      return { _tag: "record", keys, children: keys.map((k) => walk(x[k], `${path}.${k}`)) };
    }
    if (x === null || x === undefined || typeof x === "number" || typeof x === "string" || typeof x === "boolean" || isKept(x)) {
      return { _tag: "static", value: x };
    }
    throw new TreeLeafError(`tree: unsupported value at ${path}: ${Object.prototype.toString.call(x)} (trees hold tensors, arrays, plain records and static numbers/strings/booleans)`);
  };
  const def = walk(tree, "$");
  return [leaves, def];
}

/** Rebuilds a tree of structure `def` from its leaves (normally tensors; any value is placed as given). */
export function unflatten(def: TreeDef, leaves: readonly unknown[]): unknown {
  let next = 0;
  const build = (d: TreeDef): unknown => {
    switch (d._tag) {
      case "leaf": {
        const leaf = leaves[next++];
        if (leaf === undefined) throw new RangeError(`unflatten: the structure needs more than ${leaves.length} leaves`);
        return leaf;
      }
      case "static": return d.value;
      case "array": return d.children.map(build);
      case "record": return Object.fromEntries(d.keys.map((k, i) => [k, build(d.children[i] ?? { _tag: "static", value: undefined })]));
    }
  };
  const out = build(def);
  if (next !== leaves.length) throw new RangeError(`unflatten: the structure takes ${next} leaves, got ${leaves.length}`);
  return out;
}

/**
 * The tree with each node for which `replace` returns a value replaced by that value (its
 * children are not visited); arrays and plain records are rebuilt around their children, and
 * every other node is kept. E.g. jit replaces the PRNG keys among its arguments by tensors.
 */
export function substitute(tree: unknown, replace: (node: unknown) => unknown): unknown {
  const walk = (x: unknown): unknown => {
    const replaced = replace(x);
    if (replaced !== undefined) return replaced;
    if (Array.isArray(x)) return x.map(walk);
    if (isRecord(x)) return Object.fromEntries(Object.keys(x).map((k) => [k, walk(x[k])]));
    return x;
  };
  return walk(tree);
}

export const leafCount = (def: TreeDef): number =>
  def._tag === "leaf" ? 1 : def._tag === "static" ? 0 : def.children.reduce((n, c) => n + leafCount(c), 0);

/** Throws a TreeMismatchError naming the first path where two trees differ in structure or leaf shape. */
export function assertSameStructure(op: string, expected: unknown, got: unknown, path = "$"): void {
  if (expected instanceof Tensor || got instanceof Tensor) {
    if (!(expected instanceof Tensor) || !(got instanceof Tensor)) throw new TreeMismatchError(op, path, describeNode(expected), describeNode(got));
    const same = expected.dtype === got.dtype && expected.shape.length === got.shape.length && expected.shape.every((d: number, i: number) => d === got.shape[i]);
    if (!same) throw new TreeMismatchError(op, path, describeNode(expected), describeNode(got));
    return;
  }
  if (Array.isArray(expected) || Array.isArray(got)) {
    if (!Array.isArray(expected) || !Array.isArray(got) || expected.length !== got.length) throw new TreeMismatchError(op, path, describeNode(expected), describeNode(got));
    expected.forEach((e, i) => assertSameStructure(op, e, got[i], `${path}[${i}]`));
    return;
  }
  if (isRecord(expected) || isRecord(got)) {
    if (!isRecord(expected) || !isRecord(got)) throw new TreeMismatchError(op, path, describeNode(expected), describeNode(got));
    const ek = Object.keys(expected).sort();
    const gk = Object.keys(got).sort();
    if (ek.length !== gk.length || ek.some((k, i) => k !== gk[i])) throw new TreeMismatchError(op, path, describeNode(expected), describeNode(got));
    for (const k of ek) assertSameStructure(op, expected[k], got[k], `${path}.${k}`);
  }
}

const sameAval = (a: AnyTensor, b: AnyTensor): boolean =>
  a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);

/**
 * Maps every tensor leaf with a function that keeps each leaf's shape and dtype, so the result
 * has the tree's own type (checked at runtime: a leaf that changes shape is an error).
 */
export function map<T>(tree: T, f: (leaf: AnyTensor, index: number) => AnyTensor, op = "tree.map"): T {
  return mapN(op, [tree], (xs, i) => f(xs[0] ?? missingLeaf(i), i));
}

/** Maps the leaves of two trees of identical structure pairwise (e.g. params and grads). */
export function map2<T>(a: T, b: Grad<T> | T, f: (x: AnyTensor, y: AnyTensor, index: number) => AnyTensor, op = "tree.map2"): T {
  return mapN(op, [a, b], (xs, i) => f(xs[0] ?? missingLeaf(i), xs[1] ?? missingLeaf(i), i));
}

/** Maps the leaves of several trees of identical structure together; the first tree gives the type. */
export function mapN<T>(op: string, trees: readonly [T, ...unknown[]], f: (leaves: readonly AnyTensor[], index: number) => AnyTensor): T {
  const [first, ...rest] = trees;
  rest.forEach((t) => assertSameStructure(op, first, t));
  const [firstLeaves, def] = flatten(first);
  const all = trees.map((t) => flatten(t)[0]);
  const out = firstLeaves.map((x, i) => {
    const y = f(all.map((ls) => ls[i] ?? x), i);
    if (!sameAval(x, y)) throw new TreeMismatchError(op, `leaf ${i}`, describeNode(x), `${describeNode(y)} from the mapped function`);
    return y;
  });
  return unflatten(def, out) as T; // same structure and leaf shapes as T, checked above
}

/** Maps leaves to arbitrary tensors (shapes may change); the result type says so. */
export function mapLeaves<T, L extends AnyTensor>(tree: T, f: (leaf: AnyTensor, index: number) => L): MapLeaves<T, L> {
  const [ls, def] = flatten(tree);
  return unflatten(def, ls.map(f)) as MapLeaves<T, L>; // T's structure with each leaf replaced by an L
}

/** The pairs of corresponding leaves of two trees of identical structure. */
export function zip(a: unknown, b: unknown, op = "tree.zip"): [AnyTensor, AnyTensor][] {
  assertSameStructure(op, a, b);
  const lb = flatten(b)[0];
  return flatten(a)[0].map((x, i) => [x, lb[i] ?? x]);
}

const missingLeaf = (i: number): never => {
  throw new RangeError(`tree: missing leaf ${i}`);
};

/**
 * The leaves with their paths, in flatten order: `{ w1, layers: [{ b }] }` gives the paths
 * "w1" and "layers.0.b" (the names a checkpoint stores them under).
 */
export function leavesWithPaths(tree: unknown): [string, Tensor][] {
  const out: [string, Tensor][] = [];
  const join = (path: string, part: string): string => (path === "" ? part : `${path}.${part}`);
  const walk = (x: unknown, path: string): void => {
    if (x instanceof Tensor) out.push([path, x]);
    else if (Array.isArray(x)) x.forEach((c, i) => walk(c, join(path, String(i))));
    else if (isRecord(x)) for (const k of Object.keys(x).sort()) walk(x[k], join(path, k));
  };
  walk(tree, "");
  return out;
}

/** The tensor leaves in flatten order. */
export const leaves = (tree: unknown): AnyTensor[] => flatten(tree)[0];

export type { Shape, DType };
