// vmap in full against its oracle, a loop over the examples: batch axes other than 0 (negative
// ones too) for inputs and outputs, per-leaf trees of axes, a batch of PRNG keys (each example
// its own key, eagerly and under jit), keys returned per example, nested vmaps over two axes,
// and the errors for axes that do not fit (each naming the argument, the path and the shape).
import { describe, expect, it } from "vitest";
import { grad } from "../../src/ad/api.js";
import { vmap, VmapError } from "../../src/ad/vmap.js";
import { jit } from "../../src/backend/jit/index.js";
import * as lax from "../../src/core/lax.js";
import { where } from "../../src/ops/compare.js";
import { add, mul, sin } from "../../src/ops/elementwise.js";
import { matmul } from "../../src/ops/matmul.js";
import { sum } from "../../src/ops/reduce.js";
import { scan } from "../../src/ops/scan.js";
import { bernoulli, uniform } from "../../src/random/samplers.js";
import { eqKey, key, keyData, split, type Key } from "../../src/random/key.js";
import { fromArray } from "../../src/tensor/create.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import { catchError, expectClose, values } from "../tensor/helpers.js";

/** Deterministic float64 numbers in (-1, 1) of a shape. */
const f64 = <const S extends readonly number[]>(shape: S, seed: number) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return fromArray(Array.from({ length: n }, (_, i) => Math.sin(seed * 7.3 + i * 1.7) * 0.9), shape, "float64");
};

/** Index i along `axis` of x, read off its numbers (independent of vmap's own slicing and transposes). */
function along(x: AnyTensor, axis: number, i: number): AnyTensor {
  const a = axis < 0 ? axis + x.shape.length : axis;
  const shape = x.shape.filter((_, k) => k !== a);
  const data = Array.from(x.toArray() as ArrayLike<number>);
  const strides = x.shape.map((_, k) => x.shape.slice(k + 1).reduce((p, d) => p * d, 1));
  const out: number[] = [];
  const n = shape.reduce((p, d) => p * d, 1);
  for (let flat = 0; flat < n; flat++) {
    let rest = flat;
    let offset = i * (strides[a] ?? 1);
    for (let k = shape.length - 1, src = x.shape.length - 1; k >= 0; k--, src--) {
      if (src === a) src--;
      const d = shape[k] ?? 1;
      offset += (rest % d) * (strides[src] ?? 1);
      rest = Math.floor(rest / d);
    }
    out.push(data[offset] ?? NaN);
  }
  return fromArray(out, shape, x.dtype);
}

/** Asserts that `batched`, read along `axis`, is `each(i)` for every i. */
function expectAlong(batched: AnyTensor, axis: number, each: (i: number) => AnyTensor, tol = 1e-14): void {
  const a = axis < 0 ? axis + batched.shape.length : axis;
  const size = batched.shape[a] ?? 0;
  for (let i = 0; i < size; i++) {
    const want = each(i);
    const got = along(batched, a, i);
    expect(got.shape).toEqual(want.shape);
    expectClose(values(got), values(want), tol);
  }
}

const W = f64([3, 2], 1);
const layer = (x: Tensor<[4, 3], "float64">): Tensor<[4, 2], "float64"> => sin(matmul(x, W));

describe("batch axes other than 0", () => {
  it("inAxes 1, 2 and -1, -3: the examples are read along that axis", () => {
    // examples of shape [4, 3], batch of 5 placed at each axis of the batched [_, _, _]
    const cases = [[1, [4, 5, 3]], [2, [4, 3, 5]], [-1, [4, 3, 5]], [-2, [4, 5, 3]], [-3, [5, 4, 3]]] as const;
    for (const [axis, shape] of cases) {
      const xs = f64(shape, 2);
      expectAlong(vmap(layer, { inAxes: [axis] })(xs as never), 0, (i) => layer(along(xs, axis, i) as Tensor<[4, 3], "float64">));
    }
  });
  it("outAxes 1 and -1 put the batch there; outAxes null returns an output that does not depend on the batch as it is", () => {
    const xs = f64([5, 4, 3], 3);
    const ex = (i: number) => along(xs, 0, i) as Tensor<[4, 3], "float64">;
    const o1 = vmap(layer, { outAxes: 1 })(xs);
    expect(o1.shape).toEqual([4, 5, 2]);
    expectAlong(o1, 1, (i) => layer(ex(i)));
    const oLast = vmap(layer, { outAxes: -1 })(xs);
    expect(oLast.shape).toEqual([4, 2, 5]);
    expectAlong(oLast, -1, (i) => layer(ex(i)));
    const shared = vmap((x: Tensor<[4, 3], "float64">) => ({ y: layer(x), w: W }), { outAxes: { y: 0, w: null } })(xs);
    expect(shared.w).toBe(W);
    expectAlong(shared.y, 0, (i) => layer(ex(i)));
  });
  it("per-leaf trees of axes for inputs and outputs", () => {
    type P = { readonly a: Tensor<[3], "float64">; readonly b: Tensor<[3], "float64"> };
    const f = (p: P, c: Tensor<[3], "float64">) => [mul(p.a, sin(p.b)), add(p.a, c)] as const;
    const as = f64([3, 6], 4); // batch on axis 1
    const bs = f64([6, 3], 5); // batch on axis 0
    const c = f64([3], 6); // shared
    const out = vmap(f, { inAxes: [{ a: 1, b: 0 }, null], outAxes: [-1, 0] })({ a: as, b: bs }, c);
    expect(out[0].shape).toEqual([3, 6]);
    expect(out[1].shape).toEqual([6, 3]);
    const ex = (i: number): P => ({ a: along(as, 1, i) as Tensor<[3], "float64">, b: along(bs, 0, i) as Tensor<[3], "float64"> });
    expectAlong(out[0], -1, (i) => f(ex(i), c)[0]);
    expectAlong(out[1], 0, (i) => f(ex(i), c)[1]);
  });
  it("per-example gradients with the batch on the last axis, composed with grad", () => {
    const loss = (w: Tensor<[3, 2], "float64">, x: Tensor<[4, 3], "float64">) => sum(mul(sin(matmul(x, w)), matmul(x, w)));
    const xs = f64([4, 3, 7], 7);
    const g = vmap(grad(loss), { inAxes: [null, -1], outAxes: 2 })(W, xs);
    expect(g.shape).toEqual([3, 2, 7]);
    expectAlong(g, 2, (i) => grad(loss)(W, along(xs, -1, i) as Tensor<[4, 3], "float64">), 1e-13);
  });
});

describe("nested vmap over two axes", () => {
  const f = (a: Tensor<[3], "float64">, b: Tensor<[3], "float64">) => sum(mul(a, sin(b)));
  it("vmap over axis 0 of vmap over axis 1: every (i, j) pair", () => {
    const as = f64([2, 3, 5], 8); // i on axis 0, j on axis 2 (axis 1 of each example [3, 5])
    const b = f64([3], 9);
    const inner = vmap(f, { inAxes: [1, null] });
    const out = vmap((a: Tensor<[3, 5], "float64">) => inner(a, b))(as);
    expect(out.shape).toEqual([2, 5]);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 5; j++) {
        const one = values(f(along(along(as, 0, i), 1, j) as Tensor<[3], "float64">, b))[0] ?? NaN;
        expect(values(out)[i * 5 + j]).toBeCloseTo(one, 14);
      }
    }
  });
  it("an outer product by two vmaps, the outer one putting its batch last", () => {
    const us = f64([4], 10);
    const vs = f64([6], 11);
    const outer = vmap((u: Tensor<[], "float64">) => vmap((v: Tensor<[], "float64">) => mul(u, v))(vs), { outAxes: -1 })(us);
    expect(outer.shape).toEqual([6, 4]);
    const [u, v] = [values(us), values(vs)];
    expectClose(values(outer), v.flatMap((vj) => u.map((ui) => ui * vj)), 1e-15);
  });
});

describe("a batch of keys: each example its own key", () => {
  const dropout = (x: Tensor<[8]>, k: Key) => where(bernoulli(k, 0.5, [8]), mul(x, 2), mul(x, 0));
  const xs = fromArray(Array.from({ length: 32 }, (_, i) => i + 1), [4, 8]);
  const keys = split(key(3), 4);
  const loop = (i: number) => dropout(along(xs, 0, i) as Tensor<[8]>, keys[i] ?? key(0));
  it("vmap(f, { inAxes: [0, 0] })(xs, splitKey(k, B)) equals f on each example with its key", () => {
    const out = vmap(dropout, { inAxes: [0, 0] })(xs, keys);
    expectAlong(out, 0, loop, 0);
    // the masks differ between examples (each key draws its own)
    const masks = [0, 1, 2, 3].map((i) => values(along(out, 0, i)).map((v) => (v === 0 ? 0 : 1)).join(""));
    expect(new Set(masks).size).toBe(4);
  });
  it("the same under jit: the keys are data of the compiled program", () => {
    const step = jit((x: Tensor<[4, 8]>, ks: readonly Key[]) => vmap(dropout, { inAxes: [0, 0] })(x, ks));
    expectAlong(step(xs, keys), 0, loop, 0);
    const other = split(key(4), 4);
    expectAlong(step(xs, other), 0, (i) => dropout(along(xs, 0, i) as Tensor<[8]>, other[i] ?? key(0)), 0);
    expect(step.stats().compilations).toBe(1);
  });
  it("a key batched along with a tree, and keys returned per example", () => {
    const f = (p: { readonly x: Tensor<[8]>; readonly k: Key }) => ({ y: add(p.x, uniform(p.k, [8])), next: split(p.k)[1] });
    const out = vmap(f)({ x: xs, k: keys });
    expectAlong(out.y, 0, (i) => f({ x: along(xs, 0, i) as Tensor<[8]>, k: keys[i] ?? key(0) }).y, 1e-6);
    expect(out.next).toHaveLength(4);
    out.next.forEach((k, i) => expect(eqKey.equals(k, split(keys[i] ?? key(0))[1])).toBe(true));
    expect(keyData(out.next[0] ?? key(0))).not.toEqual(keyData(out.next[1] ?? key(0)));
  });
  it("a scan carrying a key, vmapped over a batch of keys: each example its own sequence of masks", () => {
    const f = (x: Tensor<[4, 3]>, k: Key) => scan(([h, c]: readonly [Tensor<[3]>, Key], xt: Tensor<[3]>) => {
      const [draw, next] = split(c);
      const out = add(h, where(bernoulli(draw, 0.5, [3]), xt, 0));
      return [[out, next] as const, out] as const;
    }, [fromArray([0, 0, 0], [3]), k] as const, x)[1];
    const seqs = fromArray(Array.from({ length: 24 }, (_, i) => i + 1), [2, 4, 3]);
    const two = split(key(1), 2);
    const out = vmap(f, { inAxes: [0, 0] })(seqs, two);
    expectAlong(out, 0, (i) => f(along(seqs, 0, i) as Tensor<[4, 3]>, two[i] ?? key(0)), 0);
    const compiled = jit((x: Tensor<[2, 4, 3]>, ks: readonly Key[]) => vmap(f, { inAxes: [0, 0] })(x, ks));
    expectAlong(compiled(seqs, two), 0, (i) => f(along(seqs, 0, i) as Tensor<[4, 3]>, two[i] ?? key(0)), 0);
  });
  it("a single key in a batched position is refused with the fix; shared with inAxes null", () => {
    const e = catchError(() => vmap(dropout)(xs, key(1) as never));
    expect(e).toBeInstanceOf(VmapError);
    expect(e.message).toBe("vmap: argument 1 is a single key in a batched position; pass one key per example (splitKey(k, B)) or give it inAxes[1] null to share it");
    const shared = vmap(dropout, { inAxes: [0, null] })(xs, key(1));
    expectAlong(shared, 0, (i) => dropout(along(xs, 0, i) as Tensor<[8]>, key(1)), 0);
  });
});

describe("vmap axis errors", () => {
  it("an axis beyond the rank names the argument, the path, the shape and the valid range", () => {
    const e = catchError(() => vmap((p: { w: AnyTensor }) => p.w, { inAxes: [{ w: 2 }] })({ w: f64([3, 2], 1) }));
    expect(e.message).toBe("vmap: inAxes[0] for argument 0 at w is 2, but its shape [3, 2] has 2 axes; use an axis in [-2, 1]");
    expect(catchError(() => vmap((x: AnyTensor) => x, { inAxes: [-3] })(W)).message).toContain("is -3, but its shape [3, 2] has 2 axes");
    expect(catchError(() => vmap((x: AnyTensor) => x, { inAxes: [0.5] })(W)).message).toBe("vmap: inAxes[0] for argument 0 is 0.5; use an integer axis (negative counts from the end) or null");
  });
  it("a tree of axes that does not match the argument, and sizes that differ along their axes", () => {
    // @ts-expect-error the tree of axes lacks b: the types refuse it too
    const e = catchError(() => vmap((p: { w: AnyTensor; b: AnyTensor }) => add(p.w, p.b), { inAxes: [{ w: 0 }] })({ w: W, b: W }));
    expect(e.message).toBe("vmap: inAxes[0] for argument 0 is a record of axes {w}, but the value there is a record {b, w}; give one axis for the whole value or a tree matching it");
    const s = catchError(() => vmap((a: AnyTensor, b: AnyTensor) => add(a, b), { inAxes: [0, 1] })(f64([3, 2], 1), f64([3, 2], 2)));
    expect(s.message).toBe("vmap: every batched input needs the same batch size, but argument 0 has 3 and argument 1 has 2 (shape [3, 2], axis 1)");
  });
  it("outAxes null for an output that depends on the batch, and outAxes beyond the output's rank", () => {
    expect(catchError(() => vmap((x: AnyTensor) => ({ y: x }), { outAxes: { y: null } })(W)).message)
      .toBe("vmap: outAxes for output at y is null, but that output depends on the batch; give it an axis");
    expect(catchError(() => vmap((x: AnyTensor) => x, { outAxes: 2 })(W)).message).toBe("vmap: outAxes for output is 2, but its shape [3, 2] has 2 axes; use an axis in [-2, 1]");
  });
});
