// Sum and max reductions along the last axis and along the leading axis, against plain loops
// over random shapes (odd sizes included), with NaN, infinities and empty extents.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FloatDType } from "../../src/backend/wasm/dtype.js";
import { type ReduceAxis, type ReduceOp } from "../../src/backend/wasm/kernels/reduce.js";
import { reduceKernel } from "../../src/backend/wasm/kernels/reduce-kernel.js";
import { createRuntime } from "../../src/backend/wasm/runtime/runtime.js";
import { readBuffer, writeBuffer } from "../../src/backend/wasm/runtime/transfer.js";
import { randomValues, unitRoundoff } from "./wasm-helpers.js";

const runtime = createRuntime();

const reduce = (dtype: FloatDType, op: ReduceOp, axis: ReduceAxis, x: readonly number[], rows: number, cols: number) => {
  const mark = runtime.arena.mark();
  try {
    const input = runtime.arena.alloc(dtype, rows * cols);
    writeBuffer(runtime.linear, input, dtype === "float32" ? Float32Array.from(x) : Float64Array.from(x));
    const output = runtime.arena.alloc(dtype, axis === "last" ? rows : cols);
    reduceKernel(runtime, { dtype, op, axis })({ input, output, rows, cols });
    return Array.from(readBuffer(runtime.linear, output));
  } finally {
    runtime.arena.release(mark);
  }
};

/** Reference: the values of each output's group, in index order. */
const groups = (axis: ReduceAxis, x: readonly number[], rows: number, cols: number): number[][] =>
  axis === "last"
    ? Array.from({ length: rows }, (_, r) => x.slice(r * cols, (r + 1) * cols))
    : Array.from({ length: cols }, (_, c) => Array.from({ length: rows }, (_, r) => x[r * cols + c] ?? NaN));

const sizes = fc.oneof(fc.constantFrom(1, 3, 5, 17, 129), fc.integer({ min: 1, max: 70 }));

describe("reduce", () => {
  it("sums within the floating-point error bound, both axes, random shapes", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<FloatDType>("float32", "float64"),
        fc.constantFrom<ReduceAxis>("last", "leading"),
        sizes,
        sizes,
        fc.integer({ min: 1, max: 1e6 }),
        (dtype, axis, rows, cols, seed) => {
          const round = dtype === "float32" ? Math.fround : (v: number) => v;
          const x = randomValues(rows * cols, seed).map(round);
          const got = reduce(dtype, "sum", axis, x, rows, cols);
          return groups(axis, x, rows, cols).every((g, i) => {
            const exact = g.reduce((s, v) => s + v, 0);
            const bound = g.length * unitRoundoff[dtype] * g.reduce((s, v) => s + Math.abs(v), 0);
            return Math.abs((got[i] ?? NaN) - exact) <= bound;
          });
        },
      ),
      { numRuns: 80 },
    );
  });

  it("finds the exact maximum, both axes, random shapes", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<FloatDType>("float32", "float64"),
        fc.constantFrom<ReduceAxis>("last", "leading"),
        sizes,
        sizes,
        fc.integer({ min: 1, max: 1e6 }),
        (dtype, axis, rows, cols, seed) => {
          const round = dtype === "float32" ? Math.fround : (v: number) => v;
          const x = randomValues(rows * cols, seed).map(round);
          const got = reduce(dtype, "max", axis, x, rows, cols);
          return groups(axis, x, rows, cols).every((g, i) => got[i] === Math.max(...g));
        },
      ),
      { numRuns: 80 },
    );
  });

  it("sums a hand-checked matrix along each axis", () => {
    // [1 2 3; 4 5 6]: row sums [6, 15], column sums [5, 7, 9]
    const x = [1, 2, 3, 4, 5, 6];
    expect(reduce("float32", "sum", "last", x, 2, 3)).toEqual([6, 15]);
    expect(reduce("float32", "sum", "leading", x, 2, 3)).toEqual([5, 7, 9]);
    expect(reduce("float64", "max", "last", x, 2, 3)).toEqual([3, 6]);
    expect(reduce("float64", "max", "leading", x, 2, 3)).toEqual([4, 5, 6]);
  });

  it("propagates NaN and infinities into exactly their own outputs", () => {
    const [rows, cols] = [5, 37];
    for (const dtype of ["float32", "float64"] as const) {
      const x = randomValues(rows * cols, 3);
      x[1 * cols + 30] = NaN; // row 1, column 30
      x[3 * cols + 2] = Infinity; // row 3, column 2
      const check = (op: ReduceOp, axis: ReduceAxis, nanAt: number, infAt: number) => {
        const got = reduce(dtype, op, axis, x, rows, cols);
        got.forEach((v, i) => {
          if (i === nanAt) expect(v).toBeNaN();
          else if (i === infAt) expect(v).toBe(Infinity);
          else expect(Number.isFinite(v)).toBe(true);
        });
      };
      check("sum", "last", 1, 3);
      check("max", "last", 1, 3);
      check("sum", "leading", 30, 2);
      check("max", "leading", 30, 2);
    }
  });

  it("returns the identity for empty reductions", () => {
    expect(reduce("float32", "sum", "last", [], 3, 0)).toEqual([0, 0, 0]);
    expect(reduce("float32", "max", "last", [], 2, 0)).toEqual([-Infinity, -Infinity]);
    expect(reduce("float64", "sum", "leading", [], 0, 4)).toEqual([0, 0, 0, 0]);
    expect(reduce("float64", "max", "leading", [], 0, 2)).toEqual([-Infinity, -Infinity]);
  });

  it("rejects bad specs and undersized buffers", () => {
    const kernel = reduceKernel(runtime, { dtype: "float32", op: "sum", axis: "leading" });
    const input = runtime.arena.alloc("float32", 6);
    expect(() => kernel({ input, output: runtime.arena.alloc("float32", 2), rows: 2, cols: 3 })).toThrow(
      /reduce\(sum, leading, float32\): output has 2 elements, expected at least 3 for 2×3/,
    );
    expect(() => reduceKernel(runtime, JSON.parse('{"dtype":"float32","op":"mean","axis":"last"}'))).toThrow(/op "mean" is not one of sum, max/);
    expect(() => reduceKernel(runtime, JSON.parse('{"dtype":"int8","op":"sum","axis":"last"}'))).toThrow(/expected "float32" or "float64", got "int8"/);
  });
});
