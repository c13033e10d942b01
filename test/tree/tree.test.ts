// Parameter trees: flatten/unflatten round trips (records with sorted keys, arrays, tuples,
// static leaves), the structure-preserving maps, zip, leaf paths, and errors that name the
// first path where two trees differ.
import { describe, expect, it } from "vitest";
import * as lax from "../../src/core/lax.js";
import { add, mul } from "../../src/ops/elementwise.js";
import { scalar, tensor, zeros } from "../../src/tensor/create.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import {
  assertSameStructure, flatten, leafCount, leaves, leavesWithPaths, map, map2, mapLeaves, mapN, TreeLeafError, TreeMismatchError,
  unflatten, zip,
} from "../../src/tree/tree.js";
import { catchError, values } from "../tensor/helpers.js";

const [a, b, c, d] = [tensor([1]), tensor([2, 2]), tensor([[3]]), scalar(4)];

describe("flatten and unflatten", () => {
  it("orders leaves by sorted record keys, then array order, depth first", () => {
    const tree = { z: a, a: [b, { y: c, x: d }] };
    const [ls, def] = flatten(tree);
    expect(ls).toEqual([b, d, c, a]);
    expect(ls[0]).toBe(b); // the leaves themselves, not copies
    expect(def).toEqual({
      _tag: "record", keys: ["a", "z"], children: [
        { _tag: "array", children: [{ _tag: "leaf" }, { _tag: "record", keys: ["x", "y"], children: [{ _tag: "leaf" }, { _tag: "leaf" }] }] },
        { _tag: "leaf" },
      ],
    });
    expect(leafCount(def)).toBe(4);
  });
  it("insertion order of keys does not matter", () => {
    expect(flatten({ p: a, q: b })).toEqual(flatten({ q: b, p: a }));
  });
  it("round-trips records, arrays, tuples, nesting and static leaves", () => {
    const trees: unknown[] = [
      a,
      [a, b],
      { w: a, b: [c, "relu", 3, true, null], nested: { deep: [[d]] } },
      [],
      {},
      { only: "static" },
    ];
    for (const tree of trees) {
      const [ls, def] = flatten(tree);
      expect(unflatten(def, ls)).toEqual(tree);
    }
  });
  it("keeps static values in the structure, not among the leaves", () => {
    const [ls, def] = flatten({ act: "tanh", rate: 0.5, w: a, none: undefined });
    expect(ls).toEqual([a]);
    expect(unflatten(def, [b])).toEqual({ act: "tanh", none: undefined, rate: 0.5, w: b });
  });
  it("unflatten with new leaves builds the same structure around them", () => {
    const [, def] = flatten({ x: [a, b] });
    const out = unflatten(def, [c, d]);
    expect(out).toEqual({ x: [c, d] });
  });
  it("unflatten refuses too few or too many leaves", () => {
    const [, def] = flatten([a, b]);
    expect(catchError(() => unflatten(def, [a])).message).toBe("unflatten: the structure needs more than 1 leaves");
    expect(catchError(() => unflatten(def, [a, b, c])).message).toBe("unflatten: the structure takes 2 leaves, got 3");
  });
  it("refuses values that are not tensors, arrays, plain records or statics, naming the path", () => {
    const err = catchError(() => flatten({ layers: [{ w: new Map() }] }));
    expect(err).toBeInstanceOf(TreeLeafError);
    expect(err.message).toBe("tree: unsupported value at $.layers[0].w: [object Map] (trees hold tensors, arrays, plain records and static numbers/strings/booleans)");
    expect(catchError(() => flatten([new Float32Array(2)])).message).toContain("$[0]: [object Float32Array]");
  });
});

describe("maps", () => {
  const params = { w: tensor([1, 2]), layers: [{ b: scalar(3) }] };
  it("map applies f to every leaf and keeps the structure", () => {
    const doubled = map(params, (leaf) => mul(leaf, 2));
    expect(values(doubled.w)).toEqual([2, 4]);
    expect(values(doubled.layers[0]?.b ?? scalar(0))).toEqual([6]);
  });
  it("map passes each leaf's flatten index", () => {
    const seen: number[] = [];
    map({ q: a, p: b }, (leaf, i) => {
      seen.push(i);
      return leaf;
    });
    expect(seen).toEqual([0, 1]);
  });
  it("map refuses a function that changes a leaf's shape or dtype", () => {
    const err = catchError(() => map(params, () => zeros([3])));
    expect(err).toBeInstanceOf(TreeMismatchError);
    expect(err.message).toBe("tree.map: trees differ at leaf 0: expected a tensor float32[], got a tensor float32[3] from the mapped function");
  });
  it("map2 pairs the leaves of two trees of the same structure (params and grads)", () => {
    const grads = { w: tensor([0.5, 0.5]), layers: [{ b: scalar(1) }] };
    const stepped = map2(params, grads, (p, g) => add(p, g));
    expect(values(stepped.w)).toEqual([1.5, 2.5]);
    expect(values(stepped.layers[0]?.b ?? scalar(0))).toEqual([4]);
  });
  it("mapN combines several trees leaf by leaf", () => {
    const out = mapN("test", [{ x: a }, { x: tensor([10]) }, { x: tensor([100]) }], ([p = a, q = a, r = a]) => lax.add(lax.add(p, q), r));
    expect(values(out.x)).toEqual([111]);
  });
  it("map2 names the first path where the trees differ", () => {
    const err = catchError(() => map2(params, { w: tensor([1, 2]), layers: [{ c: scalar(1) }] } as never, (p) => p));
    expect(err).toMatchObject({
      _tag: "TreeMismatchError", op: "tree.map2", path: "$.layers[0]", expected: "a record with keys {b}", got: "a record with keys {c}",
    });
  });
  it("mapLeaves may change leaf shapes", () => {
    const sums = mapLeaves({ u: b, v: [c] }, (leaf) => lax.reduceSum(leaf, leaf.shape.map((_, i) => i)));
    expect(sums.u.shape).toEqual([]);
    expect(values(sums.v[0] ?? scalar(0))).toEqual([3]);
  });
});

describe("zip, leaves, leavesWithPaths", () => {
  it("zip pairs corresponding leaves", () => {
    const pairs = zip({ s: a, t: [b] }, { s: tensor([9]), t: [tensor([8, 8])] });
    expect(pairs.map(([x, y]) => [values(x), values(y)])).toEqual([[[1], [9]], [[2, 2], [8, 8]]]);
    expect(catchError(() => zip([a], [a, a])).message).toBe("tree.zip: trees differ at $: expected an array of length 1, got an array of length 2");
  });
  it("leaves lists the tensors in flatten order", () => {
    expect(leaves({ b: [c, d], a })).toEqual([a, c, d]);
  });
  it("leavesWithPaths names each leaf by its dotted path", () => {
    const named = leavesWithPaths({ w1: a, layers: [{ b }, { b: c, act: "relu" }] });
    expect(named.map(([path]) => path)).toEqual(["layers.0.b", "layers.1.b", "w1"]);
    expect(named[2]?.[1]).toBe(a);
  });
});

describe("assertSameStructure", () => {
  const check = (x: unknown, y: unknown): TreeMismatchError => {
    const err = catchError(() => assertSameStructure("op", x, y));
    if (!(err instanceof TreeMismatchError)) return expect.fail(`expected a TreeMismatchError, got ${err.message}`);
    return err;
  };
  it("accepts trees of the same structure, leaf shapes and dtypes", () => {
    expect(() => assertSameStructure("op", { x: [a, "s"] }, { x: [tensor([7]), "t"] })).not.toThrow();
  });
  it("names the path and both sides of the first difference", () => {
    expect(check({ x: [a, b] }, { x: [a, c] })).toMatchObject({ path: "$.x[1]", expected: "a tensor float32[2]", got: "a tensor float32[1, 1]" });
    expect(check([a], [tensor([1], "float64")])).toMatchObject({ path: "$[0]", expected: "a tensor float32[1]", got: "a tensor float64[1]" });
    expect(check({ x: a }, { x: [a] })).toMatchObject({ path: "$.x", expected: "a tensor float32[1]", got: "an array of length 1" });
    expect(check({ x: a }, { x: a, y: a })).toMatchObject({ path: "$", expected: "a record with keys {x}", got: "a record with keys {x, y}" });
    expect(check([a], { 0: a })).toMatchObject({ path: "$", expected: "an array of length 1", got: "a record with keys {0}" });
    expect(check({ x: a }, { x: 3 }).message).toBe("op: trees differ at $.x: expected a tensor float32[1], got the static value 3");
  });
  it("uses the op's name in the message", () => {
    const leaf: AnyTensor = a;
    expect(catchError(() => assertSameStructure("optimizer.update", [leaf], [])).message).toMatch(/^optimizer\.update: trees differ at \$/);
  });
});

describe("records without a prototype", () => {
  it("flatten accepts Object.create(null) records like plain ones", async () => {
    const { flatten: flat, unflatten: unflat } = await import("../../src/tree/index.js");
    const { tensor: t } = await import("../../src/tensor/index.js");
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: t([2]), a: t([1]) });
    const [leaves, def] = flat(bare);
    expect(leaves.map((l) => l.item())).toEqual([1, 2]);
    expect(unflat(def, leaves)).toEqual({ a: leaves[0], b: leaves[1] });
  });
});
