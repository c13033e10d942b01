import { describe, expect, it } from "vitest";
import { grad, valueAndGrad } from "../../src/ad/index.js";
import { jit, referenceBackend } from "../../src/backend/jit/index.js";
import { add, matmul, mean, mul, relu, sin, sum, tanh } from "../../src/ops/index.js";
import { fromArray, tensor, type Tensor } from "../../src/tensor/index.js";

const ramp = (n: number, s = 1) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.7 + s));

describe("jit (frontend, reference backend)", () => {
  it("gives the same values as calling the function", () => {
    const f = (x: Tensor<[2, 3]>, y: Tensor<[2, 3]>) => tanh(add(mul(x, y), sin(x)));
    const g = jit(f, { backend: referenceBackend });
    const x = fromArray(ramp(6), [2, 3]);
    const y = fromArray(ramp(6, 2), [2, 3]);
    expect(g(x, y).toArray()).toEqual(f(x, y).toArray());
  });

  it("traces once per signature and reuses the compiled program", () => {
    let traces = 0;
    const g = jit((x: Tensor<[number]>) => {
      traces++;
      return sum(mul(x, x));
    }, { backend: referenceBackend });
    expect(g(fromArray([1, 2], [2])).item()).toBe(5);
    expect(g(fromArray([3, 4], [2])).item()).toBe(25);
    expect(traces).toBe(1);
    expect(g(fromArray([1, 2, 3], [3])).item()).toBe(14);
    expect(traces).toBe(2);
    expect(g.stats()).toEqual({ compilations: 2, cacheHits: 1, inlined: 0, cached: 2, cacheSize: 32, evictions: 0 });
  });

  it("treats static (non-tensor) arguments as part of the signature", () => {
    const g = jit((x: Tensor<[2]>, scale: number) => mul(x, scale), { backend: referenceBackend });
    expect(Array.from(g(tensor([1, 2]), 3).toArray())).toEqual([3, 6]);
    expect(Array.from(g(tensor([1, 2]), 5).toArray())).toEqual([5, 10]);
    expect(g.stats().compilations).toBe(2);
  });

  it("reports a recompilation storm with the part of the signature that changed", () => {
    const messages: string[] = [];
    const g = jit((x: Tensor<[number]>) => sum(x), { backend: referenceBackend, maxSignatures: 2, onRecompile: (m) => messages.push(m) });
    for (let n = 1; n <= 4; n++) g(fromArray(ramp(n), [n]));
    expect(messages.length).toBe(2);
    expect(messages[1]).toContain("args[0]: float32[3] → float32[4]");
  });

  it("jit(grad(f)) equals grad(f), and grad(jit(f)) runs the body inside grad", () => {
    type P = { w: Tensor<[3, 2]>; b: Tensor<[2]> };
    const x = fromArray(ramp(12), [4, 3]);
    const loss = (p: P) => mean(relu(add(matmul(x, p.w), p.b)));
    const p: P = { w: fromArray(ramp(6, 3), [3, 2]), b: fromArray([0.1, -0.2], [2]) };
    const eager = grad(loss)(p);
    const compiled = jit(grad(loss), { backend: referenceBackend })(p);
    expect(compiled.w.toArray()).toEqual(eager.w.toArray());
    expect(compiled.b.toArray()).toEqual(eager.b.toArray());
    const inner = jit(loss, { backend: referenceBackend });
    const [value, g] = valueAndGrad((q: P) => inner(q))(p);
    expect(value.item()).toBeCloseTo(loss(p).item(), 6);
    expect(g.w.toArray()).toEqual(eager.w.toArray());
    expect(inner.stats().inlined).toBe(1);
  });

  it("exposes the traced program", () => {
    const g = jit((x: Tensor<[3]>) => sum(sin(x)), { backend: referenceBackend });
    const program = g.program(tensor([1, 2, 3]));
    expect(program.eqns.map((e) => e.prim)).toEqual(["sin", "reduceSum"]);
  });
});
