// Donation (jit's `donate` option): a donated tensor's array may receive one of the call's
// results, the donated tensor is retired on every backend, and an array that another tensor
// still reads is never overwritten.

import { afterAll, describe, expect, it } from "vitest";
import { jit, referenceBackend, DonationError, type Backend } from "../../src/backend/jit/index.js";
import { createWasmBackend } from "../../src/backend/wasm-jit/index.js";
import { add, cast, mul, reshape, sub } from "../../src/ops/index.js";
import { DonatedTensorError, fromArray, tensor, type Tensor } from "../../src/tensor/index.js";
import { concreteData, donatedTo } from "../../src/tensor/tensor.js";

const wasm = createWasmBackend({ threads: false });
afterAll(() => wasm.close());

const ramp = (n: number, s = 1): number[] => Array.from({ length: n }, (_, i) => Math.sin(i * 0.7 + s));

interface State {
  readonly w: Tensor<[4, 3]>;
  readonly v: Tensor<[4, 3]>;
}

/** One momentum-like update: v ← 0.9·v + w, w ← w − 0.1·v. */
const update = (s: State, g: Tensor<[4, 3]>): State => {
  const v = add(mul(s.v, 0.9), add(s.w, g));
  return { w: sub(s.w, mul(v, 0.1)), v };
};

const start = (): State => ({ w: fromArray(ramp(12), [4, 3]), v: fromArray(ramp(12, 3), [4, 3]) });
const grad = fromArray(ramp(12, 5), [4, 3]);

const backends: readonly (readonly [string, Backend])[] = [["wasm", wasm], ["reference", referenceBackend]];

describe.each(backends)("jit donate (%s backend)", (_, backend) => {
  it("computes the same values as without donation, step after step", () => {
    const kept = jit(update, { backend });
    const given = jit(update, { backend, donate: [0] });
    let a = start();
    let b = start();
    for (let i = 0; i < 5; i++) {
      a = kept(a, grad);
      b = given(b, grad);
      expect(b.w.toArray()).toEqual(a.w.toArray());
      expect(b.v.toArray()).toEqual(a.v.toArray());
    }
  });

  it("retires the donated tensors: reading one names the call it went to", () => {
    const step = jit(update, { backend, donate: [0] });
    const s0 = start();
    const s1 = step(s0, grad);
    expect(s0.w.isConcrete).toBe(false);
    expect(donatedTo(s0.w)).toBe("jit(update)");
    expect(() => s0.w.toArray()).toThrow(DonatedTensorError);
    expect(() => s0.v.item()).toThrow(/donated to jit\(update\)/);
    expect(String(s0.w)).toBe("Tensor<[4, 3], float32>(donated tensor)");
    expect(s1.w.isConcrete).toBe(true);
    expect(grad.isConcrete).toBe(true); // not donated
  });

  it("refuses a retired tensor as an argument, naming its path", () => {
    const step = jit(update, { backend, donate: [0] });
    const s0 = start();
    step(s0, grad);
    expect(() => step(s0, grad)).toThrow(/jit\(update\): args\[0\]\.v: this tensor was donated to jit\(update\)/);
    expect(() => add(s0.w, 1)).toThrow(DonatedTensorError);
  });

  it("refuses a tensor passed both donated and kept", () => {
    const step = jit((s: State, g: Tensor<[4, 3]>) => update(s, g), { backend, donate: [0] });
    const s0 = start();
    expect(() => step(s0, s0.w)).toThrow(DonationError);
    expect(() => step(s0, s0.w)).toThrow(/args\[0\]\.w is donated, but the same tensor is also passed at args\[1\]/);
    expect(s0.w.toArray()).toEqual(start().w.toArray()); // nothing was retired by the refused call
  });

  it("checks the donate list: positions must be argument indices of the call", () => {
    expect(() => jit(update, { backend, donate: [-1] })).toThrow(DonationError);
    expect(() => jit(update, { backend, donate: [0.5] })).toThrow(/not an argument position/);
    const step = jit(update, { backend, donate: [2] });
    expect(() => step(start(), grad)).toThrow(/donate lists argument 2 but the call passes 2 argument\(s\)/);
  });

  it("keeps a donated tensor that is returned unchanged", () => {
    const pass = jit((a: Tensor<[3]>, b: Tensor<[3]>) => [a, add(b, 1)] as const, { backend, donate: [0, 1] });
    const a = tensor([1, 2, 3]);
    const b = tensor([4, 5, 6]);
    const [a1, b1] = pass(a, b);
    expect(a1).toBe(a);
    expect(Array.from(a.toArray())).toEqual([1, 2, 3]);
    expect(Array.from(b1.toArray())).toEqual([5, 6, 7]);
    expect(() => b.toArray()).toThrow(DonatedTensorError);
  });

  it("refuses to donate a tensor the function captures, and never retires a captured constant it returns", () => {
    const bias = tensor([10, 20, 30]);
    const captures = jit((x: Tensor<[3]>) => add(x, bias), { backend, donate: [0] });
    expect(() => captures(bias)).toThrow(/captures it as a constant/);
    const returns = jit((x: Tensor<[3]>) => [add(x, 1), bias] as const, { backend, donate: [0] });
    let x = tensor([0, 0, 0]);
    let c = bias;
    for (let i = 0; i < 3; i++) {
      const [x1, c1] = returns(x);
      x = x1;
      c = c1;
    }
    const swap = jit((x: Tensor<[3]>) => [bias, add(x, 1)] as const, { backend, donate: [0] });
    const [b1] = swap(tensor([0, 0, 0]));
    swap(b1); // donating the handed-out constant retires that tensor, not the function's constant
    expect(Array.from(bias.toArray())).toEqual([10, 20, 30]);
    expect(Array.from(swap(tensor([1, 1, 1]))[1].toArray())).toEqual([2, 2, 2]);
    expect(Array.from(x.toArray())).toEqual([3, 3, 3]);
    expect(Array.from(c.toArray())).toEqual([10, 20, 30]);
  });
});

describe("jit donate on the wasm backend: reuse of arrays", () => {
  it("writes the results into the donated arrays, so a training loop allocates no result arrays", () => {
    const step = jit(update, { backend: wasm, donate: [0] });
    const s1 = step(start(), grad); // results of a compiled call: arrays only they read
    const arrays = new Set([concreteData(s1.w, "test"), concreteData(s1.v, "test")]);
    const s2 = step(s1, grad);
    expect(arrays.has(concreteData(s2.w, "test"))).toBe(true);
    expect(arrays.has(concreteData(s2.v, "test"))).toBe(true);
    expect(concreteData(s2.w, "test")).not.toBe(concreteData(s2.v, "test"));
  });

  it("allocates new arrays without donation", () => {
    const step = jit(update, { backend: wasm });
    const s1 = step(start(), grad);
    const s2 = step(s1, grad);
    expect(concreteData(s2.w, "test")).not.toBe(concreteData(s1.w, "test"));
    expect(concreteData(s2.w, "test")).not.toBe(concreteData(s1.v, "test"));
  });

  it("never overwrites an array another tensor still reads (a reshape shares its input's data)", () => {
    const step = jit(update, { backend: wasm, donate: [0] });
    const s1 = step(start(), grad);
    const view = reshape(s1.w, [12]); // same array as s1.w
    const before = Array.from(view.toArray());
    const s2 = step(s1, grad);
    expect(Array.from(view.toArray())).toEqual(before);
    expect(concreteData(s2.w, "test")).not.toBe(concreteData(view, "test"));
  });

  it("reuses an array only for a result of the same dtype and length", () => {
    const f = jit((x: Tensor<[6]>) => [cast(mul(x, 2), "int32"), add(x, 1)] as const, { backend: wasm, donate: [0] });
    const [, y1] = f(fromArray([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], [6]));
    const held = concreteData(y1, "test");
    const [k2, y2] = f(y1);
    expect(k2.toArray()).toBeInstanceOf(Int32Array);
    expect(Array.from(k2.toArray())).toEqual([3, 5, 7, 9, 11, 13]);
    expect(concreteData(y2, "test")).toBe(held);
    expect(Array.from(y2.toArray())).toEqual([2.5, 3.5, 4.5, 5.5, 6.5, 7.5]);
  });

  it("does not reuse the array of a donated tensor that is returned unchanged", () => {
    const pass = jit((a: Tensor<[3]>, b: Tensor<[3]>) => [a, add(b, 1)] as const, { backend: wasm, donate: [0, 1] });
    const [, b1] = pass(tensor([1, 2, 3]), tensor([4, 5, 6])); // b1: a compiled result, its array only its own
    const [a2, c2] = pass(b1, tensor([0, 0, 0]));
    expect(a2).toBe(b1);
    expect(Array.from(a2.toArray())).toEqual([5, 6, 7]);
    expect(Array.from(c2.toArray())).toEqual([1, 1, 1]);
  });

  it("an array rewritten by one compiled function is uploaded again by another that returned it before", () => {
    // f's result is resident: fed back, it is not uploaded. g, given that result donated, writes
    // its own result into the same array; f must not mistake g's result for its own old one.
    const f = jit((p: Tensor<[5]>) => add(p, 1), { backend: wasm });
    const g = jit((q: Tensor<[5]>) => mul(q, 10), { backend: wasm, donate: [0] });
    const a = f(tensor([0, 1, 2, 3, 4]));
    const array = concreteData(a, "test");
    const b = g(a);
    expect(concreteData(b, "test")).toBe(array);
    expect(Array.from(f(b).toArray())).toEqual([11, 21, 31, 41, 51]);
  });

  it("gives each of two donated arguments' arrays to one result only", () => {
    const both = jit((a: Tensor<[4]>, b: Tensor<[4]>) => [add(a, b), sub(a, b)] as const, { backend: wasm, donate: [0, 1] });
    const [s, d] = both(tensor([1, 2, 3, 4]), tensor([4, 3, 2, 1]));
    const [s2, d2] = both(s, d);
    expect(Array.from(s2.toArray())).toEqual([2, 4, 6, 8]); // (a + b) + (a − b) = 2a
    expect(Array.from(d2.toArray())).toEqual([8, 6, 4, 2]); // (a + b) − (a − b) = 2b
    expect(concreteData(s2, "test")).not.toBe(concreteData(d2, "test"));
  });
});
