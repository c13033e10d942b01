// Accuracy of the vectorised exp, log, tanh, sigmoid, expm1, log1p and pow, over dense sweeps that include the
// extremes of each dtype, against the host's double-precision Math functions; and their values
// at NaN, ±∞ and ±0. Errors are relative to the exact result, except below the smallest normal
// number, where they are measured against it (subnormal results carry fewer bits).

import { describe, expect, it } from "vitest";
import { type FloatDType } from "../../src/backend/wasm/dtype.js";
import * as E from "../../src/backend/wasm/kernels/elementwise/expr.js";
import { elementwiseKernel } from "../../src/backend/wasm/kernels/elementwise/kernel.js";
import { createRuntime } from "../../src/backend/wasm/runtime/runtime.js";
import { readBuffer, writeBuffer } from "../../src/backend/wasm/runtime/transfer.js";
import { mulberry32 } from "./wasm-helpers.js";

const runtime = createRuntime();

/** The accuracy the approximations are held to (the brief allows about 1e-6 and 1e-14). */
const tolerance = { float32: 4e-7, float64: 2e-15 } as const;
const smallestNormal = { float32: 2 ** -126, float64: 2 ** -1022 } as const;

const run = (dtype: FloatDType, expr: E.Expr, columns: readonly (readonly number[])[]): Float32Array | Float64Array => {
  const mark = runtime.arena.mark();
  try {
    const count = columns[0]?.length ?? 0;
    const inputs = columns.map((values) => {
      const buffer = runtime.arena.alloc(dtype, count);
      writeBuffer(runtime.linear, buffer, dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values));
      return buffer;
    });
    const out = runtime.arena.alloc(dtype, count);
    elementwiseKernel(runtime, { dtype, inputs: columns.map(() => "full"), outputs: [expr] })({ inputs, outputs: [out], rows: 1, cols: count });
    return readBuffer(runtime.linear, out);
  } finally {
    runtime.arena.release(mark);
  }
};

/** Largest error of `got` against `exact` (double), after rounding the inputs to the dtype. */
const maxError = (dtype: FloatDType, got: ArrayLike<number>, exact: (i: number) => number): { error: number; at: number } => {
  const round = dtype === "float32" ? Math.fround : (x: number) => x;
  let worst = { error: 0, at: -1 };
  for (let i = 0; i < got.length; i++) {
    const want = exact(i);
    const value = got[i] ?? NaN;
    let error: number;
    if (!Number.isFinite(round(want)) || Number.isNaN(want)) {
      // overflow, infinities and NaN must come out exactly as the rounded exact result
      error = Object.is(value, round(want)) || (Number.isNaN(value) && Number.isNaN(want)) ? 0 : Infinity;
    } else {
      error = Math.abs(value - want) / Math.max(Math.abs(want), smallestNormal[dtype]);
    }
    if (!(error <= worst.error)) worst = { error, at: i };
  }
  return worst;
};

/** n points spread evenly over [lo, hi], rounded to the dtype, plus random ones. */
const sweep = (dtype: FloatDType, lo: number, hi: number, n: number, seed: number): number[] => {
  const round = dtype === "float32" ? Math.fround : (x: number) => x;
  const next = mulberry32(seed);
  return [
    ...Array.from({ length: n }, (_, i) => round(lo + ((hi - lo) * i) / (n - 1))),
    ...Array.from({ length: n / 4 }, () => round(lo + (hi - lo) * next())),
  ];
};

/** Positive numbers spread evenly in log scale over [lo, hi]. */
const logSweep = (dtype: FloatDType, lo: number, hi: number, n: number): number[] => {
  const round = dtype === "float32" ? Math.fround : (x: number) => x;
  return Array.from({ length: n }, (_, i) => round(Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / (n - 1))));
};

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

const dtypes = ["float32", "float64"] as const;

describe.each(dtypes)("vectorised math, %s", (dtype) => {
  const points = dtype === "float32" ? 400_000 : 200_000;
  const range = dtype === "float32" ? { exp: 105, log: [1e-45, 3.4e38] } : { exp: 750, log: [5e-324, 1.7e308] };

  it("exp over its whole range, through overflow and subnormal underflow", () => {
    const x = sweep(dtype, -range.exp, range.exp, points, 1);
    const { error, at } = maxError(dtype, run(dtype, E.exp(E.input(0)), [x]), (i) => Math.exp(x[i] ?? NaN));
    expect(error, `worst at x = ${x[at]}`).toBeLessThanOrEqual(tolerance[dtype]);
  });

  it("exp near zero keeps relative accuracy", () => {
    const x = logSweep(dtype, 1e-30, 1, points / 4).flatMap((v) => [v, -v]);
    const { error, at } = maxError(dtype, run(dtype, E.exp(E.input(0)), [x]), (i) => Math.exp(x[i] ?? NaN));
    expect(error, `worst at x = ${x[at]}`).toBeLessThanOrEqual(tolerance[dtype]);
  });

  it("log from the smallest subnormal to the largest finite number, and near 1", () => {
    const [lo, hi] = range.log;
    const round = dtype === "float32" ? Math.fround : (v: number) => v;
    const ulp = dtype === "float32" ? 2 ** -23 : 2 ** -52;
    const nearOne = Array.from({ length: 2000 }, (_, i) => round(1 + (i - 1000) * ulp));
    const x = [...logSweep(dtype, lo ?? 0, hi ?? 0, points), ...nearOne];
    const { error, at } = maxError(dtype, run(dtype, E.log(E.input(0)), [x]), (i) => Math.log(x[i] ?? NaN));
    expect(error, `worst at x = ${x[at]}`).toBeLessThanOrEqual(tolerance[dtype]);
  });

  it("tanh for large, moderate and tiny arguments of both signs", () => {
    const x = [...sweep(dtype, -25, 25, points, 2), ...logSweep(dtype, 1e-30, 1, points / 4).flatMap((v) => [v, -v])];
    const { error, at } = maxError(dtype, run(dtype, E.tanh(E.input(0)), [x]), (i) => Math.tanh(x[i] ?? NaN));
    expect(error, `worst at x = ${x[at]}`).toBeLessThanOrEqual(tolerance[dtype]);
  });

  it("sigmoid, including results far below 1 on the negative side", () => {
    const limit = dtype === "float32" ? 100 : 740;
    const x = sweep(dtype, -limit, limit, points, 3);
    const { error, at } = maxError(dtype, run(dtype, E.sigmoid(E.input(0)), [x]), (i) => sigmoid(x[i] ?? NaN));
    expect(error, `worst at x = ${x[at]}`).toBeLessThanOrEqual(tolerance[dtype]);
  });

  it("expm1 over its whole range and near 0 on both sides, where eˣ − 1 would cancel", () => {
    const x = [...sweep(dtype, -range.exp, range.exp, points, 5), ...logSweep(dtype, 1e-30, 2, points / 4).flatMap((v) => [v, -v])];
    const { error, at } = maxError(dtype, run(dtype, E.expm1(E.input(0)), [x]), (i) => Math.expm1(x[i] ?? NaN));
    expect(error, `worst at x = ${x[at]}`).toBeLessThanOrEqual(tolerance[dtype]);
  });

  it("log1p from just above −1 to the largest finite number, and near 0 on both sides", () => {
    const [, hi] = range.log;
    const round = dtype === "float32" ? Math.fround : (v: number) => v;
    const nearMinusOne = logSweep(dtype, dtype === "float32" ? 1e-7 : 1e-15, 0.5, points / 4).map((d) => round(-1 + d));
    const x = [...logSweep(dtype, 1e-30, hi ?? 0, points).flatMap((v) => [v, -v]).filter((v) => v > -1), ...nearMinusOne];
    const { error, at } = maxError(dtype, run(dtype, E.log1p(E.input(0)), [x]), (i) => Math.log1p(x[i] ?? NaN));
    expect(error, `worst at x = ${x[at]}`).toBeLessThanOrEqual(tolerance[dtype]);
  });

  it("pow within (1 + |y·ln x|)·tolerance, with the sign rules of a negative base", () => {
    const next = mulberry32(4);
    const round = dtype === "float32" ? Math.fround : (v: number) => v;
    const base: number[] = [];
    const exponent: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const b = round(Math.exp((next() * 2 - 1) * 5)); // 0.0067 … 148
      const integer = next() < 0.5;
      const e = round(integer ? Math.round((next() * 2 - 1) * 12) : (next() * 2 - 1) * 12);
      base.push(next() < 0.25 ? -b : b);
      exponent.push(e);
    }
    const got = run(dtype, E.pow(E.input(0), E.input(1)), [base, exponent]);
    let worst = { ratio: 0, at: -1 };
    for (let i = 0; i < got.length; i++) {
      const x = base[i] ?? NaN;
      const y = exponent[i] ?? NaN;
      const want = Math.pow(x, y);
      const value = got[i] ?? NaN;
      const bound = (1 + Math.abs(y * Math.log(Math.abs(x)))) * tolerance[dtype];
      const ratio = Number.isNaN(want) ? (Number.isNaN(value) ? 0 : Infinity) : Math.abs(value - want) / Math.abs(want) / bound;
      if (!(ratio <= worst.ratio)) worst = { ratio, at: i };
    }
    expect(worst.ratio, `worst at pow(${base[worst.at]}, ${exponent[worst.at]})`).toBeLessThanOrEqual(1);
  });

  it("handles NaN, infinities and signed zeros", () => {
    const specials = [NaN, Infinity, -Infinity, 0, -0];
    const at = (expr: E.Expr) => Array.from(run(dtype, expr, [specials]));
    expect(at(E.exp(E.input(0)))).toEqual([NaN, Infinity, 0, 1, 1]);
    expect(at(E.log(E.input(0)))).toEqual([NaN, Infinity, NaN, -Infinity, -Infinity]);
    expect(at(E.tanh(E.input(0)))).toEqual([NaN, 1, -1, 0, -0]);
    expect(at(E.sigmoid(E.input(0)))).toEqual([NaN, 1, 0, 0.5, 0.5]);
    expect(at(E.expm1(E.input(0)))).toEqual([NaN, Infinity, -1, 0, -0]);
    expect(at(E.log1p(E.input(0)))).toEqual([NaN, Infinity, NaN, 0, -0]);
    expect(Array.from(run(dtype, E.log1p(E.input(0)), [[-1, -2, 1e-30]]))).toEqual([-Infinity, NaN, dtype === "float32" ? Math.fround(1e-30) : 1e-30]);
    expect(Array.from(run(dtype, E.log(E.input(0)), [[-1, -1e-30, 1]]))).toEqual([NaN, NaN, 0]);
    const pow = (x: readonly number[], y: readonly number[]) => Array.from(run(dtype, E.pow(E.input(0), E.input(1)), [x, y]));
    expect(pow([NaN, 2, -8, 0, 0, 1], [0, NaN, 1 / 3, 2, -1, Infinity])).toEqual([1, NaN, NaN, 0, Infinity, NaN]);
    const [cube, square, root] = pow([-8, -2, 4], [3, 2, 0.5]);
    expect(cube).toBeCloseTo(-512, dtype === "float32" ? 3 : 9);
    expect(square).toBeCloseTo(4, dtype === "float32" ? 5 : 12);
    expect(root).toBeCloseTo(2, dtype === "float32" ? 5 : 12);
  });
});
