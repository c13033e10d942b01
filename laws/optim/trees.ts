// Exact comparison of parameter trees, for the optimizer laws: same structure, leaf shapes,
// dtypes and bit-identical values (Object.is, so −0 and NaN count as themselves).

import { flatten, leaves } from "../../src/tree/tree.js";

/** The leaves of a tree as plain number arrays, in flatten order. */
export const numbersOf = (tree: unknown): number[][] => leaves(tree).map((x) => Array.from(x.toArray(), Number));

/** Two trees are identical: same structure, leaf shapes, dtypes and bit-identical values. */
export function identicalTrees(a: unknown, b: unknown): boolean {
  const [la, da] = flatten(a);
  const [lb, db] = flatten(b);
  if (JSON.stringify(da) !== JSON.stringify(db) || la.length !== lb.length) return false;
  return la.every((x, i) => {
    const y = lb[i];
    if (y === undefined || x.dtype !== y.dtype || x.shape.join() !== y.shape.join()) return false;
    const [xs, ys] = [x.toArray(), y.toArray()];
    return xs.length === ys.length && Array.from(xs).every((v, j) => Object.is(v, ys[j]));
  });
}

/** The leaves of two trees have identical values (the structures may nest differently). */
export function identicalLeaves(a: unknown, b: unknown): boolean {
  const [la, lb] = [leaves(a), leaves(b)];
  return la.length === lb.length && la.every((x, i) => identicalTrees(x, lb[i]));
}
