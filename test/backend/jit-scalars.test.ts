// Dynamic scalars: a number passed to a jitted function is traced as a float32 scalar, so one
// compiled program serves every value; named static (by position or by parameter name) it is a
// constant and each value compiles anew; numbers closed over or inside trees stay constants.
import { describe, expect, it } from "vitest";
import { grad } from "../../src/ad/index.js";
import { jit, referenceBackend } from "../../src/backend/jit/index.js";
import { JitOptionsError, parameterNames } from "../../src/backend/jit/static.js";
import { wasmBackend } from "../../src/backend/wasm-jit/index.js";
import { add, mul, sub, sum } from "../../src/ops/index.js";
import { fromArray, tensor, type Tensor } from "../../src/tensor/index.js";

type P = { readonly w: Tensor<[3]> };
const x = fromArray([0.5, -1, 2], [3]);
const loss = (p: P) => sum(mul(mul(p.w, x), mul(p.w, x)));
// One SGD step with the learning rate as an argument.
const sgdStep = (p: P, lr: number): P => ({ w: sub(p.w, mul(grad(loss)(p).w, lr)) });
const eagerStep = (p: P, lr: number): number[] => {
  const g = grad(loss)(p).w.toArray();
  return Array.from(p.w.toArray(), (w, i) => Math.fround(w - Math.fround(lr * (g[i] ?? 0))));
};

describe("jit: number arguments are traced as float32 scalars", () => {
  for (const backend of [referenceBackend, wasmBackend]) {
    it(`a learning-rate sweep compiles once and gives each rate's step (${backend.name})`, () => {
      const step = jit(sgdStep, { backend });
      const p: P = { w: fromArray([1, 2, -1], [3]) };
      const rates = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
      for (const lr of rates) {
        const got = Array.from(step(p, lr).w.toArray());
        const want = eagerStep(p, lr);
        got.forEach((v, i) => expect(v).toBeCloseTo(want[i] ?? NaN, 4));
      }
      expect(step.stats().compilations).toBe(1);
      expect(step.stats().cacheHits).toBe(rates.length - 1);
      // the old rule, every number static: one compilation per rate
      const old = jit(sgdStep, { backend, static: ["lr"], onRecompile: () => undefined });
      for (const lr of rates) old(p, lr);
      expect(old.stats().compilations).toBe(rates.length);
      // the program takes the rate as an input: a float32 scalar after the parameters
      const program = step.program(p, 0.1);
      expect(program.inputs.map((v) => `${v.aval.dtype}[${v.aval.shape.join(",")}]`)).toEqual(["float32[3]", "float32[]"]);
    });
  }

  it("static by position or by name keeps a number a constant: one compilation per value, reported by name", () => {
    const messages: string[] = [];
    const scaled = (v: Tensor<[2]>, steps: number) => {
      let y = v;
      for (let i = 0; i < steps; i++) y = add(y, 1); // a loop bound must be a JS number
      return y;
    };
    const byName = jit(scaled, { backend: referenceBackend, static: ["steps"], maxSignatures: 1, onRecompile: (m) => messages.push(m) });
    expect(Array.from(byName(tensor([0, 1]), 3).toArray())).toEqual([3, 4]);
    expect(Array.from(byName(tensor([0, 1]), 5).toArray())).toEqual([5, 6]);
    expect(byName.stats().compilations).toBe(2);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("args[1] (steps): static 3 → static 5");
    const byPosition = jit(scaled, { backend: referenceBackend, static: [1] });
    expect(Array.from(byPosition(tensor([0, 1]), 2).toArray())).toEqual([2, 3]);
    expect(byPosition.program(tensor([0, 1]), 2).inputs).toHaveLength(1);
  });

  it("JS arithmetic on a traced number fails with a message saying how to keep it static", () => {
    const f = jit((v: Tensor<[2]>, steps: number) => add(v, steps * 2), { backend: referenceBackend });
    expect(() => f(tensor([0, 1]), 3)).toThrow(/was used as a JavaScript number.*traced value.*static option/);
    const g = jit((v: Tensor<[2]>, steps: number) => add(v, steps * 2), { backend: referenceBackend, static: [1] });
    expect(Array.from(g(tensor([0, 1]), 3).toArray())).toEqual([6, 7]);
  });

  it("numbers closed over and numbers inside argument trees stay constants", () => {
    let scale = 2;
    const closed = jit((v: Tensor<[2]>) => mul(v, scale), { backend: referenceBackend });
    expect(Array.from(closed(tensor([1, 2])).toArray())).toEqual([2, 4]);
    scale = 3; // a closed-over number was read at trace time
    expect(Array.from(closed(tensor([1, 2])).toArray())).toEqual([2, 4]);
    const tree = jit((v: Tensor<[2]>, o: { readonly k: number }) => mul(v, o.k), { backend: referenceBackend });
    expect(Array.from(tree(tensor([1, 2]), { k: 2 }).toArray())).toEqual([2, 4]);
    expect(Array.from(tree(tensor([1, 2]), { k: 5 }).toArray())).toEqual([5, 10]);
    expect(tree.stats().compilations).toBe(2);
  });

  it("a static name that is not a parameter is refused, naming the parameters", () => {
    const f = (v: Tensor<[2]>, lr: number) => mul(v, lr);
    expect(() => jit(f, { static: ["rate"] })).toThrow(JitOptionsError);
    expect(() => jit(f, { static: ["rate"] })).toThrow('jit(f): static names "rate", but the function\'s parameters are (v, lr)');
    expect(() => jit(f, { static: [-1] })).toThrow("static lists -1, which is not an argument position");
  });

  it("reads parameter names from arrow functions, functions and methods, skipping destructured ones", () => {
    expect(parameterNames((a: number, b = 2, ...rest: number[]) => a + b + rest.length)).toEqual(["a", "b", "rest"]);
    expect(parameterNames(function step(params: unknown, { lr }: { lr: number }, steps: number) { return [params, lr, steps]; })).toEqual(["params", undefined, "steps"]);
    expect(parameterNames((k: number) => k)).toEqual(["k"]);
    const o = { m(first: number, second: (y: number) => number) { return second(first); } };
    expect(parameterNames(o.m)).toEqual(["first", "second"]);
  });

  it("inside another transformation the number reaches the body as it is", () => {
    const inner = jit((v: Tensor<[2]>, c: number) => sum(mul(v, c)), { backend: referenceBackend });
    const g = grad((v: Tensor<[2]>) => inner(v, 3))(tensor([1, 2]));
    expect(Array.from(g.toArray())).toEqual([3, 3]);
    expect(inner.stats().inlined).toBe(1);
  });
});
