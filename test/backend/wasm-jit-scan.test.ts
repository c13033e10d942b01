// scan on the WebAssembly backend: the body compiled once to kernels (not unrolled), run per step
// against the reference interpreter, forwards, reversed and differentiated; the body's consts
// (the same at every step) uploaded once per call, yet new consts on the next call are used.
import { afterAll, describe, expect, it } from "vitest";
import { valueAndGrad } from "../../src/ad/api.js";
import { createWasmBackend } from "../../src/backend/wasm-jit/index.js";
import { compileProgram } from "../../src/backend/wasm-jit/compile.js";
import { jit } from "../../src/backend/jit/index.js";
import * as lax from "../../src/core/lax.js";
import { add, mul, sin } from "../../src/ops/elementwise.js";
import { sum } from "../../src/ops/reduce.js";
import { scan } from "../../src/ops/scan.js";
import { fromArray, type AnyTensor } from "../../src/tensor/index.js";
import { mismatch, programOf, reference, seeded } from "./wasm-jit-helpers.js";
import { gruParams, gruStep, wave } from "../ops/scan-helpers.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const backend = createWasmBackend({ threads: false });
afterAll(() => backend.close());

type F32<S extends number[]> = Tensor<S>;
const rand = (shape: readonly number[], seed: number): AnyTensor => fromArray(seeded(shape.reduce((a, b) => a * b, 1), seed, -1, 1), shape);

describe("scan compiled by the wasm backend", () => {
  const rnn = (w: AnyTensor, h0: AnyTensor, xs: AnyTensor, reverse: boolean): AnyTensor[] => {
    const [h, hs] = scan((h: AnyTensor, x: AnyTensor) => {
      const next = lax.tanh(lax.add(lax.dot(h, w), x));
      return [next, lax.mul(next, x)] as const;
    }, h0, xs, { reverse });
    return [h, hs];
  };
  for (const reverse of [false, true]) {
    it(`equals the reference interpreter over 40 steps${reverse ? ", reversed" : ""}; the body is one compiled program of kernels`, () => {
      const inputs = [rand([4, 4], 1), rand([3, 4], 2), rand([40, 3, 4], 3)];
      const program = programOf((w, h0, xs) => rnn(w ?? h0 ?? xs!, h0!, xs!, reverse), inputs);
      const executable = backend.compile(program);
      const got = executable.run(inputs);
      const want = reference(program, inputs);
      got.forEach((g, i) => expect(mismatch(g, want[i] ?? g)).toBeUndefined());
      expect(executable.stats.steps.scan).toBe(1);
      expect(executable.stats.fallbacks).toEqual([]);
      expect(executable.stats.scanBodies).toHaveLength(1);
      expect(executable.stats.scanBodies[0]?.fallbacks).toEqual([]);
      expect(executable.stats.scanBodies[0]?.steps.matmul).toBe(1); // one step's product, not 40
    });
  }

  it("a GRU's loss and gradient under jit equal the reference backend's; new parameters on a later call are used", () => {
    const loss = (p: ReturnType<typeof gruParams<3, 8, "float32">>, xs: F32<[12, 2, 3]>) => {
      const [h, hs] = scan((c: F32<[2, 8]>, x: F32<[2, 3]>) => {
        const n = gruStep(p, c, x);
        return [n, n] as const;
      }, wave([2, 8], 5, 0.5, "float32"), xs);
      return add(sum(mul(h, h)), sum(sin(hs)));
    };
    const compiled = jit(valueAndGrad(loss), { backend });
    const oracle = jit(valueAndGrad(loss), { backend: { name: "reference", compile: (program) => ({ run: (inputs) => reference(program, inputs) }) } });
    const xs = wave([12, 2, 3], 9, 0.5, "float32");
    for (const scale of [0.5, 0.8]) {
      const p = gruParams(3, 8, "float32");
      const q = { ...p, uh: lax.scale(p.uh, scale) as F32<[8, 8]> };
      const [v, g] = compiled(q, xs);
      const [vr, gr] = oracle(q, xs);
      expect(mismatch(v, vr)).toBeUndefined();
      for (const k of ["wz", "uz", "wr", "ur", "wh", "uh"] as const) expect(mismatch(g[k], gr[k]), k).toBeUndefined();
    }
    expect(compiled.stats().compilations).toBe(1);
  });

  it("kept inputs (a scan body's consts) skip their upload when passed the same tensor again, and a new tensor is uploaded", () => {
    const program = programOf((w, x) => [lax.tanh(lax.dot(x!, w!))], [rand([4, 4], 4), rand([3, 4], 5)]);
    const executable = compileProgram(backend.device(), program, { keepInputs: [0] });
    const [w1, w2, x1, x2] = [rand([4, 4], 6), rand([4, 4], 7), rand([3, 4], 8), rand([3, 4], 9)];
    const check = (w: AnyTensor, x: AnyTensor, skipped: number): void => {
      const [got] = executable.run([w, x]);
      const [want] = reference(program, [w, x]);
      expect(mismatch(got ?? x, want ?? x)).toBeUndefined();
      expect(executable.skippedUploads).toBe(skipped);
    };
    check(w1, x1, 0);
    check(w1, x2, 1); // w1 is still in memory; x2 is uploaded
    check(w2, x2, 1); // a new weight tensor is uploaded and used
    check(w2, x1, 2);
    check(w1, x1, 2); // back to w1: uploaded again
  });
});
