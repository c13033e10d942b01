// A whole training step compiled by the WebAssembly backend: an MLP's softmax cross-entropy loss,
// its gradient by valueAndGrad and an Adam update, all in one jit. Checked against eager
// evaluation with the reference kernels; then the properties of the compiled program: buffers are
// shared, repeated calls allocate no linear memory, and splitting matmuls across threads changes
// no bit of the result.

import { afterAll, describe, expect, it } from "vitest";
import { valueAndGrad } from "../../src/ad/index.js";
import { jit } from "../../src/backend/jit/index.js";
import { createWasmBackend, type WasmBackend } from "../../src/backend/wasm-jit/index.js";
import { withReferenceKernels } from "../../src/core/accelerate.js";
import { evalProgram } from "../../src/core/eval-program.js";
import * as lax from "../../src/core/lax.js";
import { add, logsumexp, matmul, mean, mul, oneHot, relu, sub, sum } from "../../src/ops/index.js";
import { fromArray, type AnyTensor, type Tensor } from "../../src/tensor/index.js";
import type { FloatDType } from "../../src/tensor/dtype.js";
import { flatten, map, map2, mapN } from "../../src/tree/index.js";
import { identical, mismatch, seeded } from "./wasm-jit-helpers.js";

interface Params<D extends FloatDType> {
  readonly w1: Tensor<[number, number], D>;
  readonly b1: Tensor<[number], D>;
  readonly w2: Tensor<[number, number], D>;
  readonly b2: Tensor<[number], D>;
}

const classes = 10;

const loss = <D extends FloatDType>(p: Params<D>, x: Tensor<[number, number], D>, y: Tensor<[number], "int32">) => {
  const logits = add(matmul(relu(add(matmul(x, p.w1), p.b1)), p.w2), p.b2);
  return mean(sum(mul(oneHot(y, classes, x.dtype), sub(logsumexp(logits, 1, true), logits)), 1));
};

/** One Adam step (β₁ = 0.9, β₂ = 0.999, lr = 10⁻³, no bias correction) after valueAndGrad. */
const trainStep = <D extends FloatDType>(p: Params<D>, m: Params<D>, v: Params<D>, x: Tensor<[number, number], D>, y: Tensor<[number], "int32">) => {
  const [value, g] = valueAndGrad(loss<D>)(p, x, y);
  const m2 = map2(m, g, (mi, gi) => lax.add(lax.scale(mi, 0.9), lax.scale(gi, 0.1)));
  const v2 = map2(v, g, (vi, gi) => lax.add(lax.scale(vi, 0.999), lax.scale(lax.mul(gi, gi), 0.001)));
  const p2 = mapN("adam", [p, m2, v2], ([pi, mi, vi]) => {
    if (pi === undefined || mi === undefined || vi === undefined) throw new Error("adam: missing leaf");
    return lax.sub(pi, lax.scale(lax.div(mi, lax.add(lax.sqrt(vi), lax.fullLike(vi, 1e-8))), 1e-3));
  });
  return { p: p2, m: m2, v: v2, loss: value };
};

const problem = <D extends FloatDType>(inputs: number, hidden: number, batch: number, dtype: D, seed: number) => {
  const p: Params<D> = {
    w1: fromArray(seeded(inputs * hidden, seed, -0.1, 0.1), [inputs, hidden], dtype),
    b1: fromArray(seeded(hidden, seed + 1, -0.1, 0.1), [hidden], dtype),
    w2: fromArray(seeded(hidden * classes, seed + 2, -0.3, 0.3), [hidden, classes], dtype),
    b2: fromArray(seeded(classes, seed + 3, -0.1, 0.1), [classes], dtype),
  };
  const zeros = map(p, (t) => fromArray(new Float64Array(t.size), t.shape, dtype));
  const x = fromArray(seeded(batch * inputs, seed + 4, 0, 1), [batch, inputs], dtype);
  const y = fromArray(seeded(batch, seed + 5, 0, classes).map(Math.floor), [batch], "int32");
  return { p, m: zeros, v: zeros, x, y };
};

const single = createWasmBackend({ threads: false });
const backends: WasmBackend[] = [single];
afterAll(async () => {
  await Promise.all(backends.map((b) => b.close()));
});

const expectClose = (got: unknown, want: unknown, tol: number): void => {
  const [g] = flatten(got);
  const [w] = flatten(want);
  expect(g.length).toBe(w.length);
  g.forEach((t, i) => expect(mismatch(t, w[i] ?? t, tol)).toBeUndefined());
};

describe("jit of a training step on the wasm backend", () => {
  it("jit(valueAndGrad(loss)) equals eager valueAndGrad (float32, 784-128-10, batch 128)", () => {
    const { p, x, y } = problem(784, 128, 128, "float32", 1);
    const compiled = jit(valueAndGrad(loss<"float32">), { backend: single })(p, x, y);
    const eager = withReferenceKernels(() => valueAndGrad(loss<"float32">)(p, x, y));
    expectClose(compiled, eager, 1e-4);
  });

  it("20 compiled training steps follow 20 eager ones (float64)", () => {
    let compiled = problem(20, 16, 12, "float64", 7);
    let eager = compiled;
    const step = jit(trainStep<"float64">, { backend: single });
    for (let i = 0; i < 20; i++) {
      const c = step(compiled.p, compiled.m, compiled.v, compiled.x, compiled.y);
      const e = withReferenceKernels(() => trainStep(eager.p, eager.m, eager.v, eager.x, eager.y));
      expect(mismatch(c.loss, e.loss, 1e-12)).toBeUndefined();
      compiled = { ...compiled, p: c.p, m: c.m, v: c.v };
      eager = { ...eager, p: e.p, m: e.m, v: e.v };
    }
    expectClose([compiled.p, compiled.m, compiled.v], [eager.p, eager.m, eager.v], 1e-10);
    expect(step.stats().compilations).toBe(1);
  });

  it("shares buffers between values that are never live together", () => {
    const { p, m, v, x, y } = problem(784, 128, 128, "float32", 3);
    const program = jit(trainStep<"float32">).program(p, m, v, x, y);
    const stats = single.compile(program).stats;
    expect(stats.fallbacks.every((prim) => ["reshape", "broadcast", "compare"].includes(prim))).toBe(true);
    expect(stats.planBytes).toBeLessThan(0.6 * stats.unsharedBytes);
  });

  it("skips uploading a parameter that is the previous step's own output, and only then", () => {
    const backend = createWasmBackend({ threads: false });
    backends.push(backend);
    const start = problem(30, 8, 6, "float64", 9);
    const program = jit(trainStep<"float64">).program(start.p, start.m, start.v, start.x, start.y);
    const executable = backend.compile(program);
    expect(executable.stats.residentPairs).toBe(12); // p, m, v of each of the four parameters
    const [leaves] = flatten([start.p, start.m, start.v, start.x, start.y]);
    const run = (inputs: readonly AnyTensor[]) => executable.run(inputs);
    const reference = (inputs: readonly AnyTensor[]) => withReferenceKernels(() => evalProgram(program, inputs));
    // outputs (loss, m, p, v by key order) fed back as inputs (p, m, v): 12 uploads skipped per call
    const feed = (out: readonly AnyTensor[], prev: readonly AnyTensor[]) => [...out.slice(5, 9), ...out.slice(1, 5), ...out.slice(9, 13), ...prev.slice(12)];
    const first = run(leaves);
    const second = run(feed(first, leaves));
    expect(executable.skippedUploads).toBe(12);
    expectClose(second, reference(feed(first, leaves)), 1e-12);
    // a call on other inputs in between: the first call's outputs are no longer in memory
    run(leaves.map((t) => lax.scale(t, 1)));
    const stale = run(feed(first, leaves));
    expect(executable.skippedUploads).toBe(12);
    expectClose(stale, reference(feed(first, leaves)), 1e-12);
    // equal values in fresh arrays are uploaded
    const again = run(feed(stale, leaves).map((t) => lax.scale(t, 1)));
    expect(executable.skippedUploads).toBe(12);
    expectClose(again, reference(feed(stale, leaves)), 1e-12);
  });

  it("allocates no linear memory in steady state (100 calls)", () => {
    const backend = createWasmBackend({ threads: false });
    backends.push(backend);
    let s = problem(64, 32, 16, "float32", 5);
    const step = jit(trainStep<"float32">, { backend });
    const next = () => {
      const r = step(s.p, s.m, s.v, s.x, s.y);
      s = { ...s, p: r.p, m: r.m, v: r.v };
    };
    next();
    const { runtime } = backend.device();
    const [top, bytes] = [runtime.arena.top, runtime.linear.memory.buffer.byteLength];
    for (let i = 0; i < 100; i++) next();
    expect(runtime.arena.top).toBe(top);
    expect(runtime.linear.memory.buffer.byteLength).toBe(bytes);
  });

  it("gives bit-identical results with matmuls split across two threads", async () => {
    const threaded = createWasmBackend({ threads: 2, minimumParallelWork: 0 });
    backends.push(threaded);
    await threaded.ready();
    expect(threaded.threads).toBe(2);
    const { p, m, v, x, y } = problem(784, 128, 128, "float32", 11);
    const one = jit(trainStep<"float32">, { backend: single })(p, m, v, x, y);
    const two = jit(trainStep<"float32">, { backend: threaded })(p, m, v, x, y);
    const [a] = flatten(one);
    const [b] = flatten(two);
    a.forEach((t, i) => expect(identical(t, b[i] ?? t)).toBe(true));
  });

  it("runs on one thread when threads are off", async () => {
    const off = createWasmBackend({ threads: false });
    backends.push(off);
    await off.ready();
    expect(off.threads).toBe(1);
    expect(off.device().runtime.linear.shared).toBe(false);
  });
});
