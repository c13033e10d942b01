// Shared test helpers: float64 trees from numbers and back, exact and approximate comparison of
// trees, and fast-check arbitraries for random parameter trees with matching gradients.

import fc from "fast-check";
import { fromArray } from "../../src/tensor/index.js";
import { flatten, unflatten, type TreeDef } from "../../src/tree/index.js";

export { identicalLeaves, identicalTrees, numbersOf } from "../../laws/optim/trees.js";

/** |a − b| ≤ atol + rtol·|b| for every element (b is the reference). */
export function closeNumbers(a: readonly number[], b: readonly number[], rtol = 1e-12, atol = 1e-14): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - (b[i] ?? NaN)) <= atol + rtol * Math.abs(b[i] ?? NaN));
}

export function expectCloseLeaves(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[], rtol = 1e-12, atol = 1e-14): void {
  if (actual.length !== expected.length) throw new Error(`expected ${expected.length} leaves, got ${actual.length}`);
  actual.forEach((a, i) => {
    const e = expected[i] ?? [];
    if (!closeNumbers(a, e, rtol, atol)) throw new Error(`leaf ${i}: expected [${e.join(", ")}], got [${a.join(", ")}]`);
  });
}

// -- random trees -------------------------------------------------------------------------------

/** A tree's structure: the positions and shapes of its leaves, without values. */
export interface TreeTemplate {
  readonly def: TreeDef;
  readonly shapes: readonly (readonly number[])[];
}

const shapeArb = fc.constantFrom<readonly number[]>([], [1], [3], [2, 2], [2, 3]);

type Node = { readonly leaf: readonly number[] } | { readonly array: readonly Node[] } | { readonly record: readonly (readonly [string, Node])[] };

const nodeArb: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    shapeArb.map((leaf) => ({ leaf })),
    fc.array(tie("node"), { minLength: 1, maxLength: 2 }).map((array) => ({ array })),
    fc.uniqueArray(fc.tuple(fc.constantFrom("w", "b", "kernel", "bias", "scale"), tie("node")), { minLength: 1, maxLength: 3, selector: ([k]) => k })
      .map((record) => ({ record })),
  ),
})).node;

/** A placeholder tree of zero tensors with the template's structure (used only for its shape). */
function build(node: Node): unknown {
  if ("leaf" in node) return fromArray(new Array<number>(node.leaf.reduce((n, d) => n * d, 1)).fill(0), node.leaf, "float64");
  if ("array" in node) return node.array.map(build);
  return Object.fromEntries(node.record.map(([k, child]) => [k, build(child)]));
}

/** Random tree structures with 1–8 float64 leaves. */
export const templateArb: fc.Arbitrary<TreeTemplate> = nodeArb
  .map((node) => {
    const [ls, def] = flatten(build(node));
    return { def, shapes: ls.map((x) => x.shape) };
  })
  .filter((t) => t.shapes.length >= 1 && t.shapes.length <= 8);

const sizeOf = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/**
 * Values in [−3, 3]: "any" doubles (zeros, subnormals and values near the ends included), or
 * "moderate" ones (0 or 1e−3 ≤ |x| ≤ 3), for comparisons with a relative tolerance.
 */
export type ValueKind = "any" | "moderate";

const valueArb = (kind: ValueKind): fc.Arbitrary<number> =>
  kind === "any"
    ? fc.double({ min: -3, max: 3, noNaN: true })
    : fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 3, noNaN: true }), fc.double({ min: -3, max: -1e-3, noNaN: true }));

/** Leaf values for a template. */
export const valuesArb = (t: TreeTemplate, kind: ValueKind = "any"): fc.Arbitrary<number[][]> =>
  fc.tuple(...t.shapes.map((s) => fc.array(valueArb(kind), { minLength: sizeOf(s), maxLength: sizeOf(s) })));

/** A tree of float64 tensors with the template's structure and the given values. */
export function instantiate(t: TreeTemplate, values: readonly (readonly number[])[]): unknown {
  return unflatten(t.def, t.shapes.map((s, i) => fromArray(values[i] ?? [], s, "float64")));
}

/** A random float64 tree and `steps` random gradient trees of the same structure. */
export const problemArb = (steps: number, kind: ValueKind = "any"): fc.Arbitrary<{ template: TreeTemplate; params: number[][]; grads: number[][][] }> =>
  templateArb.chain((template) =>
    fc.record({
      template: fc.constant(template),
      params: valuesArb(template, kind),
      grads: fc.array(valuesArb(template, kind), { minLength: steps, maxLength: steps }),
    }));

/** Deep-freezes the records and arrays of a tree (tensors are immutable already), so any write throws. */
export function deepFreeze<T>(tree: T): T {
  if (Array.isArray(tree)) tree.forEach(deepFreeze);
  else if (typeof tree === "object" && tree !== null && Object.getPrototypeOf(tree) === Object.prototype) Object.values(tree).forEach(deepFreeze);
  return Object.freeze(tree);
}

