// vmap against its oracle, a loop over the examples: trees in and out, shared arguments and
// closures, the compositions (per-example gradients, grad through vmap, jit of vmap, vmap of
// vmap), the rules that fall back to one example at a time (batched indices, batched keys),
// and the errors for inputs that cannot be batched (each naming the argument and the sizes).
import { describe, expect, it } from "vitest";
import { grad } from "../../src/ad/api.js";
import { vmap, VmapError } from "../../src/ad/vmap.js";
import { jit } from "../../src/backend/jit/index.js";
import * as lax from "../../src/core/lax.js";
import { add, mul, sin, tanh } from "../../src/ops/elementwise.js";
import { matmul } from "../../src/ops/matmul.js";
import { mean, sum } from "../../src/ops/reduce.js";
import { fromArray } from "../../src/tensor/create.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import { catchError, expectClose, values } from "../tensor/helpers.js";

/** Deterministic float64 numbers in (-1, 1) of a shape. */
const f64 = <const S extends readonly number[]>(shape: S, seed: number) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return fromArray(Array.from({ length: n }, (_, i) => Math.sin(seed * 7.3 + i * 1.7) * 0.9), shape, "float64");
};

/** Example i of a batched tensor, read off its numbers (independent of vmap's own slicing). */
const example = (x: AnyTensor, i: number): AnyTensor => {
  const rest = x.shape.slice(1);
  const n = rest.reduce((a, b) => a * b, 1);
  return fromArray(Array.from(x.toArray() as ArrayLike<number>).slice(i * n, (i + 1) * n), rest, x.dtype);
};

/** Asserts `batched` is the stack of `each(i)` over its leading axis. */
const expectStacked = (batched: AnyTensor, each: (i: number) => AnyTensor, tol = 1e-14): void => {
  const size = batched.shape[0] ?? 0;
  const parts = Array.from({ length: size }, (_, i) => each(i));
  expect(batched.shape).toEqual([size, ...(parts[0]?.shape ?? batched.shape.slice(1))]);
  expectClose(values(batched), parts.flatMap(values), tol);
};

const W = f64([3, 2], 1);
const layer = (x: Tensor<[1, 3], "float64">): Tensor<[1, 2], "float64"> => tanh(matmul(x, W));
const xs = f64([4, 1, 3], 2);
const ex = (i: number) => example(xs, i) as Tensor<[1, 3], "float64">;

describe("vmap agrees with a loop over examples", () => {
  it("a function closing over an unbatched weight (the 2-D weight folds into rows)", () => {
    expectStacked(vmap(layer)(xs), (i) => layer(ex(i)));
  });
  it("trees in and out; inAxes null shares an argument", () => {
    const f = (p: { w: Tensor<[3, 2], "float64">; b: Tensor<[2], "float64"> }, x: Tensor<[1, 3], "float64">) =>
      ({ y: add(matmul(x, p.w), p.b), s: [sum(sin(x))] as const });
    const p = { w: W, b: f64([2], 3) };
    const out = vmap(f, { inAxes: [null, 0] })(p, xs);
    expectStacked(out.y, (i) => f(p, ex(i)).y);
    expectStacked(out.s[0], (i) => f(p, ex(i)).s[0]);
  });
  it("a batched tree argument: every leaf batched", () => {
    const f = (p: { a: Tensor<[2], "float64">; b: Tensor<[2], "float64"> }) => mul(p.a, p.b);
    const ps = { a: f64([5, 2], 4), b: f64([5, 2], 5) };
    expectStacked(vmap(f)(ps), (i) => f({ a: example(ps.a, i) as Tensor<[2], "float64">, b: example(ps.b, i) as Tensor<[2], "float64"> }));
  });
  it("an output that does not depend on the batch is broadcast to it", () => {
    const out = vmap((_x: Tensor<[1, 3], "float64">) => W)(xs);
    expectStacked(out, () => W);
  });
  it("dot with the batched operand second, or transposed, or both batched", () => {
    const a = f64([2, 3], 6);
    const bs = f64([4, 3, 2], 7);
    expectStacked(vmap((b: AnyTensor) => lax.dot(a, b))(bs), (i) => lax.dot(a, example(bs, i)));
    expectStacked(vmap((b: AnyTensor) => lax.dot(b, a, true, true))(bs), (i) => lax.dot(example(bs, i), a, true, true));
    const as = f64([4, 2, 3], 8);
    expectStacked(vmap((x: AnyTensor, b: AnyTensor) => lax.dot(x, b))(as, bs), (i) => lax.dot(example(as, i), example(bs, i)));
  });
});

describe("vmap composes", () => {
  const loss = (w: Tensor<[3, 2], "float64">, x: Tensor<[1, 3], "float64">, y: Tensor<[1, 2], "float64">) =>
    sum(mul(add(tanh(matmul(x, w)), mul(y, -1)), add(tanh(matmul(x, w)), mul(y, -1))));
  const ys = f64([4, 1, 2], 9);
  const ey = (i: number) => example(ys, i) as Tensor<[1, 2], "float64">;

  it("vmap(grad(loss)): per-example gradients", () => {
    const g = vmap(grad(loss), { inAxes: [null, 0, 0] })(W, xs, ys);
    expectStacked(g, (i) => grad(loss)(W, ex(i), ey(i)));
  });
  it("grad of a mean over vmap is the mean of the per-example gradients", () => {
    const g = grad((w: Tensor<[3, 2], "float64">) => mean(vmap((x: Tensor<[1, 3], "float64">, y: Tensor<[1, 2], "float64">) => loss(w, x, y))(xs, ys)))(W);
    const each = [0, 1, 2, 3].map((i) => values(grad(loss)(W, ex(i), ey(i))));
    expectClose(values(g), each[0]?.map((_, k) => each.reduce((s, e) => s + (e[k] ?? 0), 0) / 4) ?? [], 1e-14);
  });
  it("jit(vmap(f)) agrees with the loop", () => {
    expectStacked(jit(vmap(layer))(xs), (i) => layer(ex(i)), 1e-12);
  });
  it("vmap(jit(f)): a jitted function runs on the batch", () => {
    expectStacked(vmap(jit(layer))(xs), (i) => layer(ex(i)), 1e-12);
  });
  it("vmap(vmap(f)): nested batch axes stay apart", () => {
    const f = (a: Tensor<[3], "float64">, b: Tensor<[3], "float64">) => sum(mul(a, sin(b)));
    const as = f64([2, 5, 3], 10);
    const bs = f64([5, 3], 11);
    // outer over as (bs shared), inner over the 5 rows of each
    const out = vmap((a: Tensor<[5, 3], "float64">, b: Tensor<[5, 3], "float64">) => vmap(f)(a, b), { inAxes: [0, null] })(as, bs);
    expectStacked(out, (i) => {
      const a = example(as, i);
      return fromArray([0, 1, 2, 3, 4].map((j) => values(f(example(a, j) as Tensor<[3], "float64">, example(bs, j) as Tensor<[3], "float64">))[0] ?? 0), [5], "float64");
    });
  });
});

describe("rules that go example by example", () => {
  it("gather with batched indices", () => {
    const x = f64([4, 3], 12);
    const idx = fromArray([0, 2, 1, 1, 2, 0], [3, 2], "int32");
    expectStacked(vmap((i: AnyTensor) => lax.gather(x, i, 0))(idx), (i) => lax.gather(x, example(idx, i), 0));
    const xs3 = f64([3, 4, 3], 13);
    expectStacked(vmap((a: AnyTensor, i: AnyTensor) => lax.gather(a, i, 1))(xs3, idx), (i) => lax.gather(example(xs3, i), example(idx, i), 1));
  });
  it("scatterAdd with batched indices", () => {
    const u = f64([3, 2], 14);
    const idx = fromArray([0, 0, 1, 2, 2, 1], [3, 2], "int32");
    expectStacked(vmap((v: AnyTensor, i: AnyTensor) => lax.scatterAdd(v, i, 0, [3]))(u, idx), (i) => lax.scatterAdd(example(u, i), example(idx, i), 0, [3]));
  });
  it("a batch of keys gives each key's own children and draws", () => {
    const words = fromArray([1, 2, 3, 4, 5, 6], [3, 2], "float64");
    expectStacked(vmap((w: AnyTensor) => lax.keyChild(w, 7))(words), (i) => lax.keyChild(example(words, i), 7), 0);
    const normal = { sampler: "normal", shape: [2], dtype: "float64", mean: 0, stddev: 1 } as const;
    expectStacked(vmap((w: AnyTensor) => lax.sample(w, normal))(words), (i) => lax.sample(example(words, i), normal), 0);
  });
  it("an empty batch gives an empty result of the right shape", () => {
    const out = vmap((w: AnyTensor) => lax.keyChild(w, 1))(fromArray([], [0, 2], "float64"));
    expect(out.shape).toEqual([0, 2]);
    expect(vmap(layer)(f64([0, 1, 3], 1)).shape).toEqual([0, 1, 2]);
  });
});

describe("vmap errors", () => {
  it("batched inputs of different leading sizes: names both arguments and sizes", () => {
    // Literal sizes that differ do not compile (vmap.test-d.ts); sizes known only at runtime are checked here.
    const three: AnyTensor = f64([3, 2], 1);
    const four: AnyTensor = f64([4, 2], 2);
    const e = catchError(() => vmap((a: AnyTensor, b: { c: AnyTensor }) => add(a, b.c))(three, { c: four }));
    expect(e).toBeInstanceOf(VmapError);
    expect(e.message).toContain("argument 0 has 3 and argument 1 at c has 4");
  });
  it("a scalar leaf cannot be batched; inAxes needs one entry per argument; something must be batched", () => {
    expect(catchError(() => vmap((a: AnyTensor) => a)(lax.full([], 1, "float64"))).message).toContain("argument 0 is a scalar");
    expect(catchError(() => vmap((a: AnyTensor) => a, { inAxes: [0, 0] })(W)).message).toContain("inAxes has 2 entries for 1 argument");
    expect(catchError(() => vmap((a: AnyTensor) => a, { inAxes: [null] })(W)).message).toContain("no argument has a batched tensor");
  });
});
