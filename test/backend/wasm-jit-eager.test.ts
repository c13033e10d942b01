// Eager evaluation with the backend's kernels, and the switches that select it: large float
// products run on the Wasm matmul, everything else keeps its reference kernel, the reference path
// stays selectable (withReferenceKernels, TYGRAD_BACKEND=reference), and TYGRAD_THREADS is parsed
// strictly.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setAcceleratedKernels, withReferenceKernels, type AcceleratedKernels } from "../../src/core/accelerate.js";
import { backendChoice, createWasmBackend, eagerKernels, threadsChoice, ThreadsOptionError } from "../../src/backend/wasm-jit/index.js";
import { abs, add, div, matmul, maximum, minimum, mul, neg, sqrt, sub } from "../../src/ops/index.js";
import { fromArray } from "../../src/tensor/index.js";
import { identical, mismatch, seeded } from "./wasm-jit-helpers.js";

const backend = createWasmBackend({ threads: false });
let previous: AcceleratedKernels = {};
beforeAll(() => {
  previous = setAcceleratedKernels(eagerKernels(backend, { minimumWork: 10_000, minimumElements: 1000 }));
});
afterAll(async () => {
  setAcceleratedKernels(previous);
  await backend.close();
});

const kernelKeys = (): readonly string[] => backend.device().runtime.kernels.keys();

describe("eager kernels", () => {
  it("run large float products on the wasm matmul, within float tolerance of the reference", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const a = fromArray(seeded(30 * 40, 1), [30, 40], dtype);
      const b = fromArray(seeded(40 * 50, 2), [40, 50], dtype);
      const before = kernelKeys().length;
      const got = matmul(a, b);
      expect(kernelKeys().length).toBe(before + 1);
      expect(mismatch(got, withReferenceKernels(() => matmul(a, b)))).toBeUndefined();
    }
  });

  it("run large float arithmetic on wasm kernels with bit-identical results, special values included", () => {
    const special = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 1e-310, 3.4e38, -3.4e38, 1.5, -2.25, 1e-20, 7];
    for (const dtype of ["float32", "float64"] as const) {
      const values = (seed: number) => seeded(1200, seed, -3, 3).map((v, i) => (i < special.length * special.length ? (special[i % special.length] ?? v) : v));
      const a = fromArray(values(5), [1200], dtype);
      const b = fromArray(values(6).map((v, i) => (i < special.length * special.length ? (special[Math.floor(i / special.length)] ?? v) : v)), [1200], dtype);
      const ops = [neg(a), sqrt(abs(a)), add(a, b), sub(a, b), mul(a, b), div(a, b), maximum(a, b), minimum(a, b)];
      const reference = withReferenceKernels(() => [neg(a), sqrt(abs(a)), add(a, b), sub(a, b), mul(a, b), div(a, b), maximum(a, b), minimum(a, b)]);
      ops.forEach((t, i) => expect(identical(t, reference[i] ?? t)).toBe(true));
    }
    expect(kernelKeys().filter((k) => k.startsWith("elementwise")).length).toBeGreaterThanOrEqual(16);
  });

  it("leave small and int32 products to the reference kernel", () => {
    const before = kernelKeys().length;
    const a = fromArray(seeded(9, 3), [3, 3]);
    expect(identical(matmul(a, a), withReferenceKernels(() => matmul(a, a)))).toBe(true);
    const i = fromArray(Array.from({ length: 60 * 60 }, (_, k) => k % 7), [60, 60], "int32");
    expect(identical(matmul(i, i), withReferenceKernels(() => matmul(i, i)))).toBe(true);
    expect(kernelKeys().length).toBe(before);
  });

  it("are switched off inside withReferenceKernels", () => {
    const fresh = createWasmBackend({ threads: false });
    const saved = setAcceleratedKernels(eagerKernels(fresh, { minimumWork: 1 }));
    try {
      const a = fromArray(seeded(64, 4), [8, 8]);
      withReferenceKernels(() => matmul(a, a));
      expect(fresh.device().runtime.kernels.size).toBe(0);
      matmul(a, a);
      expect(fresh.device().runtime.kernels.size).toBe(1);
    } finally {
      setAcceleratedKernels(saved);
    }
  });
});

describe("environment switches", () => {
  it("TYGRAD_BACKEND selects wasm (default) or reference; anything else warns", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      expect(backendChoice(undefined)).toBe("wasm");
      expect(backendChoice("wasm")).toBe("wasm");
      expect(backendChoice("reference")).toBe("reference");
      expect(warn).not.toHaveBeenCalled();
      expect(backendChoice("gpu")).toBe("wasm");
      expect(String(warn.mock.calls[0]?.[0])).toContain('TYGRAD_BACKEND="gpu"');
    } finally {
      warn.mockRestore();
    }
  });

  it("TYGRAD_THREADS turns threads off or sets their number; anything else warns", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      expect(threadsChoice(undefined)).toBe(true);
      expect(threadsChoice("off")).toBe(false);
      expect(threadsChoice("1")).toBe(false);
      expect(threadsChoice("3")).toBe(3);
      expect(warn).not.toHaveBeenCalled();
      expect(threadsChoice("many")).toBe(true);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });

  it("backend options are checked", () => {
    expect(() => createWasmBackend({ threads: 0 })).toThrow(ThreadsOptionError);
    expect(() => createWasmBackend({ threads: 1.5 })).toThrow("threads must be true, false or an integer in [1, 64], got 1.5");
    expect(() => createWasmBackend({ minimumParallelWork: -1 })).toThrow("minimumParallelWork must be a non-negative integer, got -1");
    expect(createWasmBackend({ threads: 1 }).threads).toBe(1);
  });

  it("importing the registration makes wasm jit's default, unless TYGRAD_BACKEND=reference or SIMD is missing; it probes on first use", () => {
    const root = join(import.meta.dirname, "..", "..");
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ["--import", "tsx", join("test", "backend", "fixtures", "wasm-jit-default.ts")], {
        cwd: root,
        env: { ...process.env, ...env },
        encoding: "utf8",
        timeout: 60_000,
      }).stdout.trim();
    expect(run({ TYGRAD_BACKEND: "wasm" })).toBe("0 wasm wasm");
    expect(run({ TYGRAD_BACKEND: "reference" })).toBe("0 reference reference");
    expect(run({ TYGRAD_BACKEND: "wasm", FAKE_NO_SIMD: "1" })).toBe("0 reference reference");
  });
});
