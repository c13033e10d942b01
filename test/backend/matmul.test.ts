// The matmul kernel against a double-precision reference loop, over random shapes (including
// sizes that are not multiples of the SIMD width or of any block), all four transposition
// variants, batching, accumulation and non-finite values.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FloatDType } from "../../src/backend/wasm/dtype.js";
import { type MatmulBlocking } from "../../src/backend/wasm/kernels/matmul/config.js";
import { matmulKernel } from "../../src/backend/wasm/kernels/matmul/kernel.js";
import { type BufferRef } from "../../src/backend/wasm/runtime/buffer.js";
import { createRuntime } from "../../src/backend/wasm/runtime/runtime.js";
import { readBuffer, writeBuffer } from "../../src/backend/wasm/runtime/transfer.js";
import { randomValues, referenceMatmul, unitRoundoff } from "./wasm-helpers.js";

const runtime = createRuntime();

/** Tiny blocks so that small matrices cross every block boundary (kc, mc, nc) several times. */
const tinyBlocking: MatmulBlocking = { mr: 4, nr: 8, kc: 8, mc: 8, nc: 16, unroll: 1 };
const unrolledBlocking: MatmulBlocking = { mr: 3, nr: 4, kc: 9, mc: 6, nc: 8, unroll: 2 };

const hostArray = (dtype: FloatDType, values: readonly number[]): Float32Array | Float64Array =>
  dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values);

const upload = (dtype: FloatDType, values: readonly number[]): BufferRef => {
  const buffer = runtime.arena.alloc(dtype, values.length);
  writeBuffer(runtime.linear, buffer, hostArray(dtype, values));
  return buffer;
};

interface Case {
  readonly dtype: FloatDType;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly seed: number;
  readonly blocking?: MatmulBlocking;
}

/** Runs one product and returns the largest error relative to the bound γ·Σ|a||b|. */
const errorRatio = (c: Case): number => {
  const mark = runtime.arena.mark();
  try {
    const a = hostArray(c.dtype, randomValues(c.m * c.k, c.seed));
    const b = hostArray(c.dtype, randomValues(c.k * c.n, c.seed + 1));
    const kernel = matmulKernel(runtime, {
      dtype: c.dtype,
      transA: c.transA,
      transB: c.transB,
      ...(c.blocking === undefined ? {} : { blocking: c.blocking }),
    });
    const out = upload(c.dtype, randomValues(c.m * c.n, 99)); // stale values must be overwritten
    kernel({ a: upload(c.dtype, Array.from(a)), b: upload(c.dtype, Array.from(b)), c: out, m: c.m, n: c.n, k: c.k });
    const got = readBuffer(runtime.linear, out);
    const want = referenceMatmul(a, b, c.m, c.n, c.k, c.transA, c.transB);
    const gamma = (c.k + 2) * unitRoundoff[c.dtype];
    let worst = 0;
    for (let i = 0; i < got.length; i++) {
      const error = Math.abs((got[i] ?? NaN) - (want.value[i] ?? NaN));
      const ratio = error / (gamma * (want.magnitude[i] ?? 0) + Number.MIN_VALUE);
      worst = Number.isNaN(ratio) ? Infinity : Math.max(worst, ratio);
    }
    return worst;
  } finally {
    runtime.arena.release(mark);
  }
};

const dims = fc.oneof(fc.constantFrom(1, 3, 5, 17, 129), fc.integer({ min: 1, max: 40 }));
const caseArbitrary = (blocking?: MatmulBlocking) =>
  fc.record({
    dtype: fc.constantFrom<FloatDType>("float32", "float64"),
    transA: fc.boolean(),
    transB: fc.boolean(),
    m: dims,
    n: dims,
    k: dims,
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  }).map((c): Case => (blocking === undefined ? c : { ...c, blocking }));

describe("matmul", () => {
  it("matches the reference on random shapes, all transpositions, tuned blocking", () => {
    fc.assert(
      fc.property(caseArbitrary(), (c) => errorRatio(c) <= 1),
      { numRuns: 60 },
    );
  });

  it("matches the reference when every block boundary is crossed (tiny blocks)", () => {
    fc.assert(
      fc.property(caseArbitrary(tinyBlocking), (c) => errorRatio(c) <= 1),
      { numRuns: 60 },
    );
  });

  it("matches the reference with an unrolled micro-kernel and an odd register tile", () => {
    fc.assert(
      fc.property(caseArbitrary(unrolledBlocking), (c) => errorRatio(c) <= 1),
      { numRuns: 40 },
    );
  });

  it.each([
    [1, 1, 1],
    [129, 17, 5],
    [5, 129, 17],
    [17, 5, 129],
    [128, 128, 784],
    [64, 96, 300],
  ])("is accurate at %i×%i with k = %i in all variants", (m, n, k) => {
    for (const dtype of ["float32", "float64"] as const) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          expect(errorRatio({ dtype, transA, transB, m, n, k, seed: m * 7 + n })).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it("computes a hand-checked 2×3 · 3×2 product exactly", () => {
    const kernel = matmulKernel(runtime, { dtype: "float64" });
    const c = runtime.arena.alloc("float64", 4);
    // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
    kernel({ a: upload("float64", [1, 2, 3, 4, 5, 6]), b: upload("float64", [7, 8, 9, 10, 11, 12]), c, m: 2, n: 2, k: 3 });
    expect(Array.from(readBuffer(runtime.linear, c))).toEqual([58, 64, 139, 154]);
    // A·Bᵀ with B given as its 2×3 transpose
    const t = matmulKernel(runtime, { dtype: "float64", transB: true });
    t({ a: upload("float64", [1, 2, 3, 4, 5, 6]), b: upload("float64", [7, 9, 11, 8, 10, 12]), c, m: 2, n: 2, k: 3 });
    expect(Array.from(readBuffer(runtime.linear, c))).toEqual([58, 64, 139, 154]);
  });

  it("accumulates into C when asked", () => {
    for (const blocking of [tinyBlocking, undefined]) {
      const [m, n, k] = [9, 13, 21];
      const a = randomValues(m * k, 5);
      const b = randomValues(k * n, 6);
      const c0 = randomValues(m * n, 7);
      const c = upload("float64", c0);
      const kernel = matmulKernel(runtime, { dtype: "float64", ...(blocking ? { blocking } : {}) });
      kernel({ a: upload("float64", a), b: upload("float64", b), c, m, n, k, accumulate: true });
      const want = referenceMatmul(a, b, m, n, k, false, false).value;
      const got = readBuffer(runtime.linear, c);
      got.forEach((x, i) => expect(x).toBeCloseTo((c0[i] ?? NaN) + (want[i] ?? NaN), 12));
    }
  });

  it("treats k = 0 as an empty sum: zeros, or C unchanged when accumulating", () => {
    const kernel = matmulKernel(runtime, { dtype: "float32" });
    const empty = runtime.arena.alloc("float32", 0);
    const c = upload("float32", [1, 2, 3, 4, 5, 6]);
    kernel({ a: empty, b: empty, c, m: 2, n: 3, k: 0, accumulate: true });
    expect(Array.from(readBuffer(runtime.linear, c))).toEqual([1, 2, 3, 4, 5, 6]);
    kernel({ a: empty, b: empty, c, m: 2, n: 3, k: 0 });
    expect(Array.from(readBuffer(runtime.linear, c))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("runs batches with their own strides, including a shared (stride 0) right operand", () => {
    const [batch, m, n, k] = [3, 5, 7, 6];
    for (const transB of [false, true]) {
      const a = randomValues(batch * m * k, 11);
      const b = randomValues(k * n, 12);
      const c = runtime.arena.alloc("float64", batch * m * n);
      const kernel = matmulKernel(runtime, { dtype: "float64", transB, blocking: tinyBlocking });
      kernel({ a: upload("float64", a), b: upload("float64", b), c, m, n, k, batch, strideB: 0 });
      const got = readBuffer(runtime.linear, c);
      for (let t = 0; t < batch; t++) {
        const want = referenceMatmul(a.slice(t * m * k, (t + 1) * m * k), b, m, n, k, false, transB).value;
        want.forEach((x, i) => expect(got[t * m * n + i]).toBeCloseTo(x, 12));
      }
    }
  });

  it("propagates NaN and infinities to exactly the affected outputs", () => {
    const [m, n, k] = [6, 10, 9];
    for (const dtype of ["float32", "float64"] as const) {
      const a = randomValues(m * k, 21);
      const b = randomValues(k * n, 22);
      a[2 * k + 4] = NaN; // row 2 of C
      b[3 * n + 7] = Infinity; // column 7 of C: ±∞ where row ≠ 2
      const c = runtime.arena.alloc(dtype, m * n);
      matmulKernel(runtime, { dtype, blocking: tinyBlocking })({ a: upload(dtype, a), b: upload(dtype, b), c, m, n, k });
      const got = readBuffer(runtime.linear, c);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const x = got[i * n + j] ?? 0;
          if (i === 2) expect(x).toBeNaN();
          else if (j === 7) expect(Math.abs(x)).toBe(Infinity);
          else expect(Number.isFinite(x)).toBe(true);
        }
      }
    }
  });

  it("rejects calls that do not fit the buffers, with the operation and sizes in the message", () => {
    const kernel = matmulKernel(runtime, { dtype: "float32", transA: true });
    const a = runtime.arena.alloc("float32", 6);
    const b = runtime.arena.alloc("float32", 12);
    const c = runtime.arena.alloc("float32", 8);
    expect(() => kernel({ a, b, c, m: 2, n: 4, k: 3 })).not.toThrow();
    expect(() => kernel({ a, b, c, m: 3, n: 4, k: 3 })).toThrow(/matmul\(float32, Aᵀ·B\): a has 6 elements but 1 batch item\(s\) of 3×3 need 9/);
    expect(() => kernel({ a, b, c: a, m: 2, n: 3, k: 1 })).toThrow(/overlaps an input/);
    expect(() => kernel({ a, b, c, m: -1, n: 4, k: 3 })).toThrow(/m must be an integer/);
    expect(() => kernel({ a, b, c, m: 2, n: 4, k: 3, batch: 2, strideA: 0, strideB: 0, strideC: 0 })).toThrow(/strideC/);
    const f64 = runtime.arena.alloc("float64", 12);
    expect(() => kernel({ a, b: f64, c, m: 2, n: 4, k: 3 })).toThrow(/b holds float64 but this kernel is for float32/);
  });

  it("compiles each variant once and reuses it", () => {
    const first = matmulKernel(runtime, { dtype: "float32", transA: true, transB: true });
    const again = matmulKernel(runtime, { dtype: "float32", transA: true, transB: true });
    expect(again.compiled).toBe(first.compiled);
    expect(matmulKernel(runtime, { dtype: "float32" }).compiled).not.toBe(first.compiled);
  });
});
