// PRNG keys in jit's signatures: a key is a leaf of its words, wherever it sits in the arguments,
// so key values never enter the signature; a key and a float64[2] tensor are different
// signatures; and a key is never donated, even inside a donated argument. (What a jitted function
// computes with its keys: test/random/staged.test.ts.)

import { afterAll, describe, expect, it } from "vitest";
import { jit, referenceBackend, signatureOf, type Backend } from "../../src/backend/jit/index.js";
import { createWasmBackend } from "../../src/backend/wasm-jit/index.js";
import { add, mul } from "../../src/ops/index.js";
import { fold, key, keyData, type Key } from "../../src/random/index.js";
import { uniform } from "../../src/random/samplers.js";
import { DonatedTensorError, fromArray, type AnyTensor, type Tensor } from "../../src/tensor/index.js";

const wasm = createWasmBackend({ threads: false });
afterAll(() => wasm.close());

describe("signatures", () => {
  it("a key is a leaf wherever it sits, shown as `key`; its words are not part of the signature", () => {
    const a = signatureOf([key(1), { rng: [key(2)], x: fromArray([1, 2], [2]) }]);
    const b = signatureOf([key(3), { rng: [fold(key(2), 9)], x: fromArray([5, 6], [2]) }]);
    expect(a.parts).toEqual([
      "args: array(2)", "args[0]: key", "args[1]: record{rng,x}", "args[1].rng: array(1)", "args[1].rng[0]: key", "args[1].x: float32[2]",
    ]);
    expect(a.keys).toEqual([true, true, false]);
    expect(a.key).toBe(b.key);
    expect(a.leaves.map((t) => Array.from(t.toArray()))).toEqual([keyData(key(1)), keyData(key(2)), [1, 2]]);
  });

  it("a key and a float64[2] tensor in the same place are different signatures, and the report says which changed", () => {
    const messages: string[] = [];
    const f = jit((x: Key | AnyTensor) => ("_tag" in x ? uniform(x, [2]) : x), { backend: referenceBackend, maxSignatures: 1, onRecompile: (m) => messages.push(m) });
    f(key(1));
    f(key(2));
    f(fromArray([1, 2], [2], "float64"));
    expect(f.stats().compilations).toBe(2);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("args[0] (x): key → float64[2]");
  });
});

describe.each([["wasm", wasm], ["reference", referenceBackend]] as const)("donation (%s backend)", (_name, backend: Backend) => {
  interface State {
    readonly w: Tensor<[3]>;
    readonly k: Key;
  }
  const step = (s: State): State => ({ w: add(s.w, uniform(s.k, [3])), k: fold(s.k, 1) });

  it("a key inside a donated argument is data, is not retired, and the next state's key comes back as a key", () => {
    const compiled = jit(step, { backend, donate: [0] });
    let eager: State = { w: fromArray([1, 2, 3], [3]), k: key(5) };
    let state: State = { w: fromArray([1, 2, 3], [3]), k: key(5) };
    for (let i = 0; i < 4; i++) {
      const given = state;
      const givenKey = keyData(eager.k);
      state = compiled(given);
      eager = step(eager);
      expect(() => given.w.toArray()).toThrow(DonatedTensorError);
      expect(keyData(given.k)).toEqual(givenKey);
      expect(keyData(state.k)).toEqual(keyData(eager.k));
      expect(Array.from(state.w.toArray())).toEqual(Array.from(eager.w.toArray()));
    }
    expect(compiled.stats().compilations).toBe(1);
  });

  it("donation positions count the key arguments: the fit-style step (params, state, batch, key, modelState)", () => {
    const fitStep = (p: Tensor<[3]>, o: Tensor<[3]>, b: Tensor<[3]>, k: Key, s: Tensor<[3]>) =>
      ({ p: add(p, mul(b, uniform(k, [3]))), o: add(o, b), s: mul(s, 2) });
    const compiled = jit(fitStep, { backend, donate: [0, 1, 4] });
    const args = [fromArray([1, 2, 3], [3]), fromArray([0, 0, 0], [3]), fromArray([1, 1, 1], [3]), key(8), fromArray([1, 1, 1], [3])] as const;
    const expected = fitStep(...args);
    const out = compiled(...args);
    expect(Array.from(out.p.toArray())).toEqual(Array.from(expected.p.toArray()));
    for (const donated of [args[0], args[1], args[4]]) expect(() => donated.toArray()).toThrow(DonatedTensorError);
    expect(Array.from(args[2].toArray())).toEqual([1, 1, 1]);
    expect(keyData(args[3])).toEqual(keyData(key(8)));
  });
});
