// The compiled program at its boundaries: bad inputs get errors naming what was given and what was
// expected, invalid programs are refused, results never alias the backend's memory, a program
// re-entered from inside its own fallback step still computes the right values, and no text from
// user data (names, values) reaches generated code.

import { afterAll, describe, expect, it } from "vitest";
import { ProgramCheckError } from "../../src/core/check.js";
import * as lax from "../../src/core/lax.js";
import { Var, eqn, type Program } from "../../src/core/program.js";
import { bind } from "../../src/core/trace.js";
import { createWasmBackend, ExecutableInputError, type WasmExecutable } from "../../src/backend/wasm-jit/index.js";
import { fromArray, type AnyTensor } from "../../src/tensor/index.js";
import { mismatch, programOf, reference, seeded } from "./wasm-jit-helpers.js";

const backend = createWasmBackend({ threads: false });
afterAll(() => backend.close());

const x = fromArray(seeded(12, 1), [3, 4]);
const program = programOf((a) => [lax.tanh(lax.add(a, a))], [x]);

describe("compiled programs at their boundaries", () => {
  it("reject inputs of the wrong count, shape or dtype with a clear error", () => {
    const run = backend.compile(program);
    expect(() => run.run([])).toThrow(ExecutableInputError);
    expect(() => run.run([])).toThrow("takes 1 inputs, got 0");
    expect(() => run.run([fromArray(seeded(12, 2), [4, 3])])).toThrow("input 0 is f32[4,3] but the program was compiled for f32[3,4]");
    expect(() => run.run([fromArray(seeded(12, 2), [3, 4], "float64")])).toThrow("input 0 is f64[3,4]");
  });

  it("refuse programs that do not check", () => {
    const a = new Var({ shape: [3], dtype: "float32" });
    const out = new Var({ shape: [4], dtype: "float32" });
    const bad: Program = { inputs: [a], consts: [], constValues: [], eqns: [eqn("exp", {}, [a], out)], outputs: [out] };
    expect(() => backend.compile(bad)).toThrow(ProgramCheckError);
  });

  it("return results that later calls cannot change", () => {
    const run = backend.compile(program);
    const first = run.run([x])[0] ?? x;
    const kept = Float32Array.from(first.toArray());
    run.run([fromArray(seeded(12, 9), [3, 4])]);
    expect(Array.from(first.toArray())).toEqual(Array.from(kept));
  });

  it("copies a fallback result that shares memory with an operand read in place", () => {
    const identity = {
      out: { shape: [3, 4], dtype: "float32" as const },
      residuals: 0,
      apply: (xs: readonly AnyTensor[]): AnyTensor => xs[0] ?? x,
      transpose: (ct: AnyTensor) => [ct],
    };
    // t dies at the custom step, so the product is written where t was; y must not change with it
    const p = programOf((a) => {
      const y = bind("customLinear", [lax.tanh(a)], { name: "identity", rule: identity });
      return [y, lax.dot(a, a, false, true)];
    }, [x]);
    const got = backend.compile(p).run([x]);
    const want = reference(p, [x]);
    got.forEach((t, i) => expect(mismatch(t, want[i] ?? t)).toBeUndefined());
  });

  it("computes the right values when a fallback step re-enters the same program", () => {
    let executable: WasmExecutable | undefined;
    let depth = 0;
    const rule = {
      out: { shape: [3, 4], dtype: "float32" as const },
      residuals: 0,
      apply: (xs: readonly AnyTensor[]): AnyTensor => {
        const v = xs[0] ?? x;
        if (depth > 0 || executable === undefined) return lax.scale(v, 2);
        depth++;
        try {
          return lax.scale(executable.run([v])[0] ?? v, 0.5); // the whole program again, on v
        } finally {
          depth--;
        }
      },
      transpose: (ct: AnyTensor) => [ct],
    };
    // out(a) = (customLinear(t) + a)·t with t = tanh a: t and a are still needed after the fallback
    const reentrant = programOf((a) => {
      const t = lax.tanh(a);
      return [lax.mul(lax.add(bind("customLinear", [t], { name: "reenter", rule }), a), t)];
    }, [x]);
    executable = backend.compile(reentrant);
    const got = executable.run([x]);
    // the re-entered call (depth 1) computes (2·tanh v + v)·tanh v on v = t; the outer one halves it
    const t = lax.tanh(x);
    const inner = lax.mul(lax.add(lax.scale(lax.tanh(t), 2), t), lax.tanh(t));
    const want = lax.mul(lax.add(lax.scale(inner, 0.5), x), t);
    expect(mismatch(got[0] ?? x, want)).toBeUndefined();
  });

  it("never puts user text into generated code: kernel keys hold only tags and numbers", () => {
    const fresh = createWasmBackend({ threads: false });
    const name = 'x"); globalThis.pwned = 1; ("';
    const rule = {
      out: { shape: [3, 4], dtype: "float32" as const },
      residuals: 0,
      apply: (xs: readonly AnyTensor[]) => lax.scale(xs[0] ?? x, 3),
      transpose: (ct: AnyTensor) => [lax.scale(ct, 3)],
    };
    const p = programOf((a) => [lax.sqrt(lax.add(lax.exp(bind("customLinear", [a], { name, rule })), lax.fullLike(a, 1e-30)))], [x]);
    const got = fresh.compile(p).run([x]);
    expect(mismatch(got[0] ?? x, reference(p, [x])[0] ?? x)).toBeUndefined();
    const keys = fresh.device().runtime.kernels.keys();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9:;,.()_-]*$/);
    expect(keys.join("\n")).not.toContain("pwned");
    expect(Reflect.get(globalThis, "pwned")).toBeUndefined();
    void fresh.close();
  });
});
