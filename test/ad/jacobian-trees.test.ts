// jacfwd, jacrev and hessian over parameter trees: the Jacobian of a tree-to-tree function is a
// tree of the output's structure whose leaves are trees of the input's structure, block ∂y/∂x of
// shape y.shape ++ x.shape. Checked against closed forms and against central finite differences
// computed leaf by leaf in float64, and jacfwd against jacrev.
import { describe, expect, it } from "vitest";
import { hessian, jacfwd, jacrev } from "../../src/ad/jacobian.js";
import { add, exp, mul, sin, tanh } from "../../src/ops/elementwise.js";
import { matmul } from "../../src/ops/matmul.js";
import { sum } from "../../src/ops/reduce.js";
import { fromArray, scalar } from "../../src/tensor/create.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import { flatten, leavesWithPaths, unflatten } from "../../src/tree/tree.js";
import { expectClose, values } from "../tensor/helpers.js";

type F64<S extends readonly number[]> = Tensor<S, "float64">;
const f64 = <const S extends readonly number[]>(data: readonly number[], shape: S): F64<[...S]> => fromArray(data, [...shape], "float64");

/**
 * The Jacobian by central differences, h = 1e-6: for each input leaf i and element e, perturb
 * that one element by ±h and difference every output leaf. Returns blocks[outPath][inPath] as flat
 * arrays in the out.shape ++ in.shape (row-major) order.
 */
function finiteDifferences(f: (x: never) => unknown, x: unknown): Record<string, Record<string, number[]>> {
  const call = f as (x: unknown) => unknown;
  const h = 1e-6;
  const [ins, def] = flatten(x);
  const inPaths = leavesWithPaths(x).map(([p]) => p);
  const outPaths = leavesWithPaths(call(x)).map(([p]) => p);
  const shifted = (i: number, e: number, by: number): AnyTensor[] =>
    ins.map((leaf, k) => {
      if (k !== i) return leaf;
      const data = Array.from(leaf.toArray(), Number);
      data[e] = (data[e] ?? 0) + by;
      return fromArray(data, leaf.shape, "float64");
    });
  const outputs = (leaves: AnyTensor[]) => flatten(call(unflatten(def, leaves)))[0].map((t) => Array.from(t.toArray(), Number));
  const blocks: Record<string, Record<string, number[]>> = {};
  const columns = ins.map((leaf, i) => Array.from({ length: leaf.size }, (_, e) => {
    const [up, down] = [outputs(shifted(i, e, h)), outputs(shifted(i, e, -h))];
    return up.map((u, j) => u.map((v, r) => (v - (down[j]?.[r] ?? 0)) / (2 * h)));
  }));
  outPaths.forEach((op, j) => {
    blocks[op] = {};
    inPaths.forEach((ip, i) => {
      const cols = columns[i] ?? [];
      const rows = cols[0]?.[j]?.length ?? 0;
      // Row-major out.shape ++ in.shape: output element r, then input element e.
      const block: number[] = [];
      for (let r = 0; r < rows; r++) for (const col of cols) block.push(col[j]?.[r] ?? NaN);
      const target = blocks[op];
      if (target !== undefined) target[ip] = block;
    });
  });
  return blocks;
}

/** Blocks of a Jacobian tree (output leaf paths, then input leaf paths) as flat arrays, with shapes. */
function blocksOf(jac: unknown, inPaths: readonly string[], outPaths: readonly string[]): Record<string, Record<string, { shape: readonly number[]; data: number[] }>> {
  const flat = leavesWithPaths(jac);
  const out: Record<string, Record<string, { shape: readonly number[]; data: number[] }>> = {};
  for (const op of outPaths) {
    out[op] = {};
    for (const ip of inPaths) {
      const path = [op, ip].filter((p) => p !== "").join(".");
      const leaf = flat.find(([p]) => p === path)?.[1];
      if (leaf === undefined) throw new Error(`no block at ${path}; blocks: ${flat.map(([p]) => p).join(", ")}`);
      const row = out[op];
      if (row !== undefined) row[ip] = { shape: leaf.shape, data: Array.from(leaf.toArray(), Number) };
    }
  }
  return out;
}

interface Params {
  readonly w: F64<[3, 2]>;
  readonly b: F64<[2]>;
  readonly name: "layer";
}
const params: Params = { w: f64([0.5, -1, 2, 0.25, -0.75, 1.5], [3, 2]), b: f64([0.1, -0.2], [2]), name: "layer" };
const x = f64([1, -2, 0.5], [1, 3]);
/** A small layer with two outputs: the activations and a scalar penalty. */
const layer = (p: Params) => ({ y: tanh(add(matmul(x, p.w), p.b)), penalty: sum(mul(p.w, p.w)) });

describe("jacfwd and jacrev of a tree-to-tree function", () => {
  it("out's structure of in's structure, blocks y.shape ++ x.shape, static leaves kept", () => {
    for (const jac of [jacfwd(layer)(params), jacrev(layer)(params)]) {
      expect(jac.y.w.shape).toEqual([1, 2, 3, 2]);
      expect(jac.y.b.shape).toEqual([1, 2, 2]);
      expect(jac.penalty.w.shape).toEqual([3, 2]);
      expect(jac.penalty.b.shape).toEqual([2]);
      expect(jac.y.name).toBe("layer");
      expect(jac.penalty.name).toBe("layer");
    }
  });

  it("agree with central finite differences block by block, and with each other", () => {
    const numeric = finiteDifferences(layer, params);
    const inPaths = ["w", "b"];
    const outPaths = ["y", "penalty"];
    const forward = blocksOf(jacfwd(layer)(params), inPaths, outPaths);
    const reverse = blocksOf(jacrev(layer)(params), inPaths, outPaths);
    for (const op of outPaths) {
      for (const ip of inPaths) {
        const want = numeric[op]?.[ip] ?? [];
        expect(want.length).toBeGreaterThan(0);
        expectClose(forward[op]?.[ip]?.data ?? [], want, 1e-8);
        expectClose(reverse[op]?.[ip]?.data ?? [], forward[op]?.[ip]?.data ?? [], 1e-14);
      }
    }
  });

  it("closed form: y = 2a + b, q = Σa² gives ∂y/∂a = 2I, ∂y/∂b = I, ∂q/∂a = 2a, ∂q/∂b = 0", () => {
    const f = (p: { a: F64<[2]>; b: F64<[2]> }) => ({ y: add(mul(p.a, 2), p.b), q: sum(mul(p.a, p.a)) });
    const p = { a: f64([3, -1], [2]), b: f64([5, 7], [2]) };
    for (const jac of [jacfwd(f)(p), jacrev(f)(p)]) {
      expect(values(jac.y.a)).toEqual([2, 0, 0, 2]);
      expect(values(jac.y.b)).toEqual([1, 0, 0, 1]);
      expect(values(jac.q.a)).toEqual([6, -2]);
      expect(values(jac.q.b)).toEqual([0, 0]);
    }
  });

  it("tuples in, one tensor out: a tuple of blocks; a tensor in, a record out", () => {
    // f(u, v) = u · v (elementwise): ∂/∂u = diag(v), ∂/∂v = diag(u).
    const pair = ([u, v]: readonly [F64<[2]>, F64<[2]>]) => mul(u, v);
    const [du, dv] = jacrev(pair)([f64([1, 2], [2]), f64([3, 4], [2])]);
    expect(values(du)).toEqual([3, 0, 0, 4]);
    expect(values(dv)).toEqual([1, 0, 0, 2]);
    const split = (t: F64<[2]>) => ({ s: sin(t), e: exp(sum(t)) });
    const t = f64([0.3, -0.4], [2]);
    const j = jacfwd(split)(t);
    expectClose(values(j.s), [Math.cos(0.3), 0, 0, Math.cos(-0.4)], 1e-15);
    expectClose(values(j.e), [Math.exp(-0.1), Math.exp(-0.1)], 1e-15);
  });
});

describe("hessian of a scalar function of a tree", () => {
  it("closed form: f = Σ a²·b + Σ b³ gives H_aa = diag(2b), H_ab = H_ba = diag(2a), H_bb = diag(6b)", () => {
    const f = (p: { a: F64<[2]>; b: F64<[2]> }) => add(sum(mul(mul(p.a, p.a), p.b)), sum(mul(p.b, mul(p.b, p.b))));
    const h = hessian(f)({ a: f64([1, 3], [2]), b: f64([2, -1], [2]) });
    expect(h.a.a.shape).toEqual([2, 2]);
    expect(values(h.a.a)).toEqual([4, 0, 0, -2]);
    expect(values(h.a.b)).toEqual([2, 0, 0, 6]);
    expect(values(h.b.a)).toEqual([2, 0, 0, 6]);
    expect(values(h.b.b)).toEqual([12, 0, 0, -6]);
  });

  it("blocks of shape x_i.shape ++ x_j.shape, equal to finite differences of the gradient", () => {
    const loss = (p: Params) => sum(mul(layer(p).y, layer(p).y));
    const h = hessian(loss)(params);
    expect(h.w.w.shape).toEqual([3, 2, 3, 2]);
    expect(h.w.b.shape).toEqual([3, 2, 2]);
    expect(h.b.w.shape).toEqual([2, 3, 2]);
    expect(h.b.b.shape).toEqual([2, 2]);
    expect(h.name).toBe("layer");
    // The Hessian is the Jacobian of the gradient: compare with finite differences of jacrev(loss).
    const gradient = (p: Params) => jacrev(loss)(p);
    const numeric = finiteDifferences(gradient, params);
    const analytic = blocksOf(h, ["w", "b"], ["w", "b"]);
    for (const i of ["w", "b"]) for (const j of ["w", "b"]) expectClose(analytic[i]?.[j]?.data ?? [], numeric[i]?.[j] ?? [], 1e-7);
    // Symmetry: H_wb is H_bw transposed.
    const wb = values(h.w.b);
    const bw = values(h.b.w);
    for (let r = 0; r < 6; r++) for (let c = 0; c < 2; c++) expect(wb[r * 2 + c]).toBeCloseTo(bw[c * 6 + r] ?? NaN, 12);
  });

  it("a scalar input still gives the familiar shapes", () => {
    const h = hessian((s: F64<[]>) => mul(s, mul(s, s)))(scalar(2, "float64"));
    expect(h.shape).toEqual([]);
    expect(values(h)).toEqual([12]);
  });
});
