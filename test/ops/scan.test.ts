// scan against its oracles: closed forms (prefix and suffix sums), the same recurrence unrolled
// in a JS loop (eagerly, bit for bit), finite differences for its gradients (w.r.t. closed-over
// parameters, the initial carry and the xs), a loop over examples for vmap, and the reference
// interpreter for jit on both backends. Errors name the tree path and the shapes.
import { describe, expect, it } from "vitest";
import { grad, valueAndGrad } from "../../src/ad/api.js";
import { vmap } from "../../src/ad/vmap.js";
import { jit, referenceBackend } from "../../src/backend/jit/index.js";
import { wasmBackend } from "../../src/backend/wasm-jit/index.js";
import * as lax from "../../src/core/lax.js";
import { printProgram } from "../../src/core/print.js";
import { traceToProgram } from "../../src/core/staging.js";
import { add, mul, sin, tanh } from "../../src/ops/elementwise.js";
import { sum } from "../../src/ops/reduce.js";
import { scan, ScanError } from "../../src/ops/scan.js";
import { eqKey, key, split, type Key } from "../../src/random/key.js";
import { bernoulli } from "../../src/random/samplers.js";
import { cast } from "../../src/ops/elementwise.js";
import { fromArray, scalar } from "../../src/tensor/create.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import { catchError, expectClose, values } from "../tensor/helpers.js";
import { gruParams, gruStep, wave, type Gru } from "./scan-helpers.js";

type F64<S extends number[]> = Tensor<S, "float64">;
const p = gruParams(3, 4);
const h0 = wave([2, 4], 7);
const xs = wave([6, 2, 3], 8);

/** The recurrence by scan: the last state and every state. */
const scanned = (q: Gru<3, 4, "float64">, h: F64<[2, 4]>, x: F64<[6, 2, 3]>) =>
  scan((c: F64<[2, 4]>, xt: F64<[2, 3]>) => {
    const next = gruStep(q, c, xt);
    return [next, next] as const;
  }, h, x);

/** The same recurrence unrolled in JavaScript. */
const unrolled = (q: Gru<3, 4, "float64">, h: F64<[2, 4]>, x: F64<[6, 2, 3]>) => {
  let c: F64<[2, 4]> = h;
  const states: F64<[2, 4]>[] = [];
  for (let t = 0; t < 6; t++) {
    c = gruStep(q, c, fromArray(values(x).slice(t * 6, t * 6 + 6), [2, 3], "float64"));
    states.push(c);
  }
  return [c, lax.concatenate(states.map((st) => lax.reshape(st, [1, 2, 4])), 0) as F64<[6, 2, 4]>] as const;
};

/** A scalar loss of both results, so every result matters to the gradients. */
const lossOf = ([h, hs]: readonly [F64<[2, 4]>, F64<[6, 2, 4]>]) => add(sum(mul(h, h)), sum(sin(hs)));

/** Central finite differences of a scalar function of one tensor. */
function finiteDifferences(f: (x: AnyTensor) => number, x: AnyTensor, eps = 1e-6): number[] {
  const v = values(x);
  return v.map((_, i) => {
    const at = (d: number) => f(fromArray(v.map((u, j) => (j === i ? u + d : u)), x.shape, x.dtype));
    return (at(eps) - at(-eps)) / (2 * eps);
  });
}

describe("scan: closed forms and the unrolled loop", () => {
  it("prefix sums forwards, suffix sums reversed; ys keep their step's index", () => {
    const v = fromArray([1, 2, 3, 4, 5], [5], "float64");
    const step = (c: F64<[]>, x: F64<[]>) => [add(c, x), add(c, x)] as const;
    const [total, prefix] = scan(step, scalar(0, "float64"), v);
    expect(total.item()).toBe(15);
    expect(values(prefix)).toEqual([1, 3, 6, 10, 15]);
    const [again, suffix] = scan(step, scalar(0, "float64"), v, { reverse: true });
    expect(again.item()).toBe(15);
    expect(values(suffix)).toEqual([15, 14, 12, 9, 5]);
  });
  it("a GRU recurrence equals the same steps unrolled, bit for bit", () => {
    const [h, hs] = scanned(p, h0, xs);
    const [hu, hsu] = unrolled(p, h0, xs);
    expect(hs.shape).toEqual([6, 2, 4]);
    expect(values(h)).toEqual(values(hu));
    expect(values(hs)).toEqual(values(hsu));
  });
  it("trees: a record carry, a tuple of xs, a record of ys; a static leaf kept", () => {
    const a = fromArray([1, 2, 3], [3], "float64");
    const b = fromArray([10, 20, 30], [3], "float64");
    const [c, ys] = scan((s: { readonly n: F64<[]>; readonly tag: "sum" }, x: readonly [F64<[]>, F64<[]>]) =>
      [{ n: add(s.n, mul(x[0], x[1])), tag: s.tag }, { prod: mul(x[0], x[1]), run: s.n }] as const, { n: scalar(0, "float64"), tag: "sum" as const }, [a, b] as const);
    expect(c.tag).toBe("sum");
    expect(c.n.item()).toBe(140);
    expect(values(ys.prod)).toEqual([10, 40, 90]);
    expect(values(ys.run)).toEqual([0, 10, 50]);
  });
  it("no xs: options.length steps; zero steps return the initial carry and empty ys", () => {
    const [c, ys] = scan((n: F64<[]>, _x: readonly []) => [add(n, 2), n] as const, scalar(1, "float64"), [] as const, { length: 4 });
    expect(c.item()).toBe(9);
    expect(values(ys)).toEqual([1, 3, 5, 7]);
    const [c0, ys0] = scanned(p, h0, wave([0, 2, 3], 1) as unknown as F64<[6, 2, 3]>);
    expect(values(c0)).toEqual(values(h0));
    expect(ys0.shape).toEqual([0, 2, 4]);
  });
  it("a nested scan in the body", () => {
    const m = fromArray([1, 2, 3, 4, 5, 6], [2, 3], "float64");
    const [total, rows] = scan((c: F64<[]>, row: F64<[3]>) => {
      const [s] = scan((a: F64<[]>, x: F64<[]>) => [add(a, x), a] as const, scalar(0, "float64"), row);
      return [add(c, s), s] as const;
    }, scalar(0, "float64"), m);
    expect(total.item()).toBe(21);
    expect(values(rows)).toEqual([6, 15]);
  });
  it("the traced program holds one scan equation whatever the length (the body is not unrolled)", () => {
    const long = wave([512, 2, 3], 9);
    const program = traceToProgram((...xs: AnyTensor[]) => [scan((c: F64<[2, 4]>, x: F64<[2, 3]>) => {
      const n = gruStep(p, c, x);
      return [n, n] as const;
    }, h0, xs[0] as F64<[512, 2, 3]>)[0]], [{ shape: long.shape, dtype: "float64" }]);
    expect(program.eqns.filter((e) => e.prim === "scan")).toHaveLength(1);
    expect(program.eqns.length).toBeLessThan(10);
    expect(printProgram(program)).toContain("scan[length=512");
  });
});

describe("scan: printed", () => {
  it("the equation, its body below it, and the unpacking of its results", () => {
    const program = traceToProgram((c, v) => {
      const [t, ys] = scan((a: Tensor<[]>, x: Tensor<[]>) => [add(a, x), mul(a, x)] as const, c as Tensor<[]>, v as Tensor<[3]>);
      return [t, ys];
    }, [{ shape: [], dtype: "float32" }, { shape: [3], dtype: "float32" }]);
    expect(printProgram(program)).toBe([
      "{ lambda a:f32[] b:f32[3] .",
      "  let c:f32[4] = scan[length=3 consts=0 carries=1 reverse=false dtype=float32] a b",
      "          { lambda a:f32[] b:f32[] .",
      "            let c:f32[] = add a b",
      "                d:f32[] = mul a b",
      "            in ( c d ) }",
      "      d:f32[1] = slice[starts=[0] limits=[1] strides=[1]] c",
      "      e:f32[] = reshape[shape=[]] d",
      "      f:f32[3] = slice[starts=[1] limits=[4] strides=[1]] c",
      "  in ( e f ) }",
    ].join("\n"));
  });
});

describe("scan: gradients against finite differences and the unrolled loop", () => {
  const loss = (q: Gru<3, 4, "float64">, h: F64<[2, 4]>, x: F64<[6, 2, 3]>) => lossOf(scanned(q, h, x));
  const lossUnrolled = (q: Gru<3, 4, "float64">, h: F64<[2, 4]>, x: F64<[6, 2, 3]>) => lossOf(unrolled(q, h, x));
  it("w.r.t. a closed-over parameter, the initial carry and the xs", () => {
    const gw = grad((w: F64<[4, 4]>) => loss({ ...p, uh: w }, h0, xs))(p.uh);
    expectClose(values(gw), finiteDifferences((w) => loss({ ...p, uh: w as F64<[4, 4]> }, h0, xs).item(), p.uh), 1e-7);
    const gh = grad((h: F64<[2, 4]>) => loss(p, h, xs))(h0);
    expectClose(values(gh), finiteDifferences((h) => loss(p, h as F64<[2, 4]>, xs).item(), h0), 1e-7);
    const gx = grad((x: F64<[6, 2, 3]>) => loss(p, h0, x))(xs);
    expectClose(values(gx), finiteDifferences((x) => loss(p, h0, x as F64<[6, 2, 3]>).item(), xs), 1e-7);
  });
  it("every parameter's gradient equals the unrolled loop's (the vjp is the reversed scan)", () => {
    const [v, g] = valueAndGrad((q: Gru<3, 4, "float64">) => loss(q, h0, xs))(p);
    const [vu, gu] = valueAndGrad((q: Gru<3, 4, "float64">) => lossUnrolled(q, h0, xs))(p);
    expect(v.item()).toBeCloseTo(vu.item(), 14);
    for (const k of ["wz", "uz", "wr", "ur", "wh", "uh"] as const) expectClose(values(g[k]), values(gu[k]), 1e-12);
  });
  it("reversed: the gradient w.r.t. the xs equals finite differences", () => {
    const rev = (x: F64<[6, 2, 3]>) => lossOf(scan((c: F64<[2, 4]>, xt: F64<[2, 3]>) => {
      const n = gruStep(p, c, xt);
      return [n, mul(n, n)] as const;
    }, h0, x, { reverse: true }));
    expectClose(values(grad(rev)(xs)), finiteDifferences((x) => rev(x as F64<[6, 2, 3]>).item(), xs), 1e-7);
  });
  it("second order: the Hessian-vector product of a short scan equals finite differences of its gradient", () => {
    const f = (w: F64<[2]>) => {
      const [c] = scan((a: F64<[2]>, x: F64<[2]>) => [tanh(add(mul(a, w), x)), a] as const, fromArray([0.3, -0.2], [2], "float64"), wave([3, 2], 4));
      return sum(mul(c, c));
    };
    const w = fromArray([0.7, -0.4], [2], "float64");
    const v = fromArray([0.5, 1], [2], "float64");
    const g = grad(f);
    const hv = grad((u: F64<[2]>) => sum(mul(g(u), v)))(w);
    const eps = 1e-5;
    const plus = values(g(add(w, mul(v, eps))));
    const minus = values(g(add(w, mul(v, -eps))));
    expectClose(values(hv), plus.map((a, i) => (a - (minus[i] ?? NaN)) / (2 * eps)), 1e-6);
  });
});

describe("scan: a PRNG key in the carry (a fresh dropout mask every step)", () => {
  type Carry = readonly [F64<[2, 4]>, Key];
  const step = (q: Gru<3, 4, "float64">) => ([h, k]: Carry, x: F64<[2, 3]>): readonly [Carry, F64<[2, 4]>] => {
    const [draw, next] = split(k);
    const mask = cast(bernoulli(draw, 0.5, [2, 4]), "float64");
    const out = mul(gruStep(q, h, x), mul(mask, 2));
    return [[out, next], out];
  };
  /** The same steps unrolled, splitting the key the same way. */
  const unrolledDropout = (q: Gru<3, 4, "float64">, k: Key, x: F64<[6, 2, 3]>) => {
    let c: Carry = [h0, k];
    const outs: F64<[2, 4]>[] = [];
    for (let t = 0; t < 6; t++) {
      const [next, y] = step(q)(c, lax.reshape(lax.slice(x, [t, 0, 0], [t + 1, 2, 3]), [2, 3]) as F64<[2, 3]>);
      c = next;
      outs.push(y);
    }
    return [c, lax.concatenate(outs.map((o) => lax.reshape(o, [1, 2, 4])), 0) as F64<[6, 2, 4]>] as const;
  };
  it("equals the unrolled loop, its last key is the loop's, and each step draws its own mask", () => {
    const [[h, k], hs] = scan(step(p), [h0, key(3)] as Carry, xs);
    const [[hu, ku], hsu] = unrolledDropout(p, key(3), xs);
    expect(values(h)).toEqual(values(hu));
    expect(values(hs)).toEqual(values(hsu));
    expect(eqKey.equals(k, ku)).toBe(true);
    const zeros = (t: number) => values(hs).slice(t * 8, t * 8 + 8).map((v) => (v === 0 ? 0 : 1)).join("");
    expect(new Set([0, 1, 2, 3, 4, 5].map(zeros)).size).toBeGreaterThan(1);
  });
  it("under jit the key is data: a new key reuses the program and gives the eager numbers; gradients flow through the masked steps", () => {
    for (const backend of [referenceBackend, wasmBackend]) {
      const run = jit((q: Gru<3, 4, "float64">, k: Key) => scan(step(q), [h0, k] as Carry, xs)[1], { backend });
      for (const seed of [3, 4]) expectClose(values(run(p, key(seed))), values(scan(step(p), [h0, key(seed)] as Carry, xs)[1]), 1e-13);
      expect(run.stats().compilations).toBe(1);
    }
    const loss = (w: F64<[4, 4]>) => sum(mul(scan(step({ ...p, uh: w }), [h0, key(5)] as Carry, xs)[1], 1));
    const lossUnrolled = (w: F64<[4, 4]>) => sum(mul(unrolledDropout({ ...p, uh: w }, key(5), xs)[1], 1));
    expectClose(values(grad(loss)(p.uh)), values(grad(lossUnrolled)(p.uh)), 1e-12);
  });
});

describe("scan under vmap and jit", () => {
  it("vmap over a batch of sequences equals a loop over them (batched xs, shared initial carry)", () => {
    const seqs = wave([3, 6, 2, 3], 10);
    const one = (x: F64<[6, 2, 3]>) => scanned(p, h0, x)[0];
    const batched = vmap(one)(seqs);
    for (let b = 0; b < 3; b++) {
      const x = fromArray(values(seqs).slice(b * 36, (b + 1) * 36), [6, 2, 3], "float64") as F64<[6, 2, 3]>;
      expectClose(values(batched).slice(b * 8, (b + 1) * 8), values(one(x)), 1e-14);
    }
  });
  it("per-example gradients: vmap(grad) of a scan loss equals a loop of grad", () => {
    const hs = wave([4, 2, 4], 11);
    const g = vmap(grad((h: F64<[2, 4]>) => lossOf(scanned(p, h, xs))))(hs);
    for (let b = 0; b < 4; b++) {
      const h = fromArray(values(hs).slice(b * 8, (b + 1) * 8), [2, 4], "float64") as F64<[2, 4]>;
      expectClose(values(g).slice(b * 8, (b + 1) * 8), values(grad((u: F64<[2, 4]>) => lossOf(scanned(p, u, xs)))(h)), 1e-12);
    }
  });
  for (const backend of [referenceBackend, wasmBackend]) {
    it(`jit (${backend.name}): the scan and its gradient equal eager evaluation, one compilation`, () => {
      const run = jit((q: Gru<3, 4, "float64">, h: F64<[2, 4]>, x: F64<[6, 2, 3]>) => scanned(q, h, x), { backend });
      const [h, hs] = run(p, h0, xs);
      const [he, hse] = scanned(p, h0, xs);
      expectClose(values(h), values(he), 1e-13);
      expectClose(values(hs), values(hse), 1e-13);
      const step = jit(valueAndGrad((q: Gru<3, 4, "float64">, x: F64<[6, 2, 3]>) => lossOf(scanned(q, h0, x))), { backend });
      const [v, g] = step(p, xs);
      const [ve, ge] = valueAndGrad((q: Gru<3, 4, "float64">, x: F64<[6, 2, 3]>) => lossOf(scanned(q, h0, x)))(p, xs);
      expect(v.item()).toBeCloseTo(ve.item(), 12);
      for (const k of ["wz", "uz", "wr", "ur", "wh", "uh"] as const) expectClose(values(g[k]), values(ge[k]), 1e-11);
      step(p, wave([6, 2, 3], 12));
      expect(step.stats().compilations).toBe(1);
    });
  }
});

describe("scan errors", () => {
  it("a carry that changes shape or dtype names its path and both", () => {
    const e = catchError(() => scan((c: { readonly h: F64<[2]> }, x: F64<[3]>) => [{ h: x as unknown as F64<[2]> }, x] as const, { h: wave([2], 1) }, wave([4, 3], 2)));
    expect(e).toBeInstanceOf(ScanError);
    expect(e.message).toBe("scan: the body returns carry.h as float64[3], but init has float64[2]; a carry keeps its shape and dtype");
  });
  it("xs leaves of different lengths, a scalar xs, no xs without length, a body that does not return a pair", () => {
    expect(catchError(() => scan((c: F64<[]>, x: readonly [F64<[]>, F64<[]>]) => [c, x[0]] as const, scalar(0, "float64"), [wave([3], 1), wave([4], 2)] as const)).message)
      .toBe("scan: every xs leaf needs the same leading dim (the steps), but xs.0 has 3 and xs.1 has 4 (shape [4])");
    expect(catchError(() => scan((c: F64<[]>, x: F64<[]>) => [c, x] as const, scalar(0, "float64"), scalar(1, "float64") as never)).message)
      .toBe("scan: xs is a scalar, so it has no steps to loop over; give it a leading axis");
    expect(catchError(() => scan((c: F64<[]>, _x: readonly []) => [c, c] as const, scalar(0, "float64"), [] as const)).message)
      .toBe("scan: xs holds no tensor, so the number of steps is unknown; pass options.length");
    expect(catchError(() => scan(((c: F64<[]>) => c) as never, scalar(0, "float64"), wave([2], 1) as never)).message).toBe("scan: the body must return a pair [carry, y]");
  });
  it("a PRNG key among the xs or the ys is refused, saying what to do instead", () => {
    expect(catchError(() => scan((c: F64<[]>, x: unknown) => [c, x] as const, scalar(0, "float64"), [key(0)] as never)).message)
      .toBe("scan: xs holds a PRNG key, which only the carry can hold; carry the key (split it in the body), or pass draws as xs");
    expect(catchError(() => scan((c: F64<[]>, _x: F64<[]>) => [c, key(1)] as const, scalar(0, "float64"), wave([2], 1))).message)
      .toBe("scan: the body's y holds a PRNG key, which only the carry can hold; carry the key (split it in the body), or pass draws as xs");
  });
});
