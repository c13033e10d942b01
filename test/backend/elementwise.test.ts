// Fused elementwise kernels. Expressions of correctly rounded operations (+ − × ÷ √, min, max,
// comparisons, select) must match a plain JavaScript evaluator bit for bit — in float32 by
// rounding after every operation, which is exact for these operations. Broadcasting, the
// vector tail, shared subexpressions, caching and argument errors are checked too; the
// transcendental functions have their own accuracy tests.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FloatDType } from "../../src/backend/wasm/dtype.js";
import * as E from "../../src/backend/wasm/kernels/elementwise/expr.js";
import { elementwiseKernel } from "../../src/backend/wasm/kernels/elementwise/kernel.js";
import { type Broadcast } from "../../src/backend/wasm/kernels/elementwise/module.js";
import { type BufferRef } from "../../src/backend/wasm/runtime/buffer.js";
import { createRuntime } from "../../src/backend/wasm/runtime/runtime.js";
import { readBuffer, writeBuffer } from "../../src/backend/wasm/runtime/transfer.js";
import { firstDifference, mulberry32 } from "./wasm-helpers.js";

const runtime = createRuntime();

type Round = (x: number) => number;
const rounding: Record<FloatDType, Round> = { float32: Math.fround, float64: (x) => x };

/** Reference semantics of the exactly rounded operations. */
const evaluate = (e: E.Expr, inputs: (i: number) => number, round: Round): number => {
  const go = (x: E.Expr): number => evaluate(x, inputs, round);
  switch (e._tag) {
    case "input":
      return inputs(e.index);
    case "const":
      return round(e.value);
    case "unary": {
      const x = go(e.x);
      const table: Partial<Record<E.UnaryOp, number>> = { neg: -x, abs: Math.abs(x), sqrt: Math.sqrt(x) };
      const value = table[e.op];
      if (value === undefined) throw new Error(`no exact reference for ${e.op}`);
      return round(value);
    }
    case "binary": {
      const x = go(e.x);
      const y = go(e.y);
      const indicator = (b: boolean) => (b ? 1 : 0);
      const table: Partial<Record<E.BinaryOp, number>> = {
        add: x + y,
        sub: x - y,
        mul: x * y,
        div: x / y,
        max: Math.max(x, y),
        min: Math.min(x, y),
        lt: indicator(x < y),
        le: indicator(x <= y),
        gt: indicator(x > y),
        ge: indicator(x >= y),
        eq: indicator(x === y),
        ne: indicator(x !== y),
      };
      const value = table[e.op];
      if (value === undefined) throw new Error(`no exact reference for ${e.op}`);
      return round(value);
    }
    case "select":
      return go(e.cond) !== 0 ? go(e.whenTrue) : go(e.whenFalse);
  }
};

const exactUnary = ["neg", "abs", "sqrt"] as const;
const exactBinary = ["add", "sub", "mul", "div", "max", "min", "lt", "le", "gt", "ge", "eq", "ne"] as const;

const exprArbitrary = (inputCount: number): fc.Arbitrary<E.Expr> =>
  fc.letrec<{ expr: E.Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.integer({ min: 0, max: inputCount - 1 }).map(E.input),
      fc.constantFrom(0, 1, -2.5, 0.1, 1e30, Infinity, NaN).map(E.constant),
      fc.tuple(fc.constantFrom(...exactUnary), tie("expr")).map(([op, x]): E.Expr => ({ _tag: "unary", op, x })),
      fc
        .tuple(fc.constantFrom(...exactBinary), tie("expr"), tie("expr"))
        .map(([op, x, y]): E.Expr => ({ _tag: "binary", op, x, y })),
      fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([c, a, b]) => E.select(c, a, b)),
    ),
  })).expr;

/** Values with the awkward cases mixed in: zeros of both signs, infinities, NaN, tiny and huge. */
const sampleValues = (length: number, seed: number): number[] => {
  const next = mulberry32(seed);
  const special = [0, -0, Infinity, -Infinity, NaN, 1e-40, -3e38, 1, -1];
  return Array.from({ length }, () => (next() < 0.15 ? special[Math.floor(next() * special.length)] ?? 0 : (next() * 2 - 1) * 10));
};

const lengthOf = (b: Broadcast, rows: number, cols: number): number =>
  b === "full" ? rows * cols : b === "row" ? cols : b === "col" ? rows : 1;

const indexOf = (b: Broadcast, r: number, c: number, cols: number): number =>
  b === "full" ? r * cols + c : b === "row" ? c : b === "col" ? r : 0;

const upload = (dtype: FloatDType, values: readonly number[]): BufferRef => {
  const buffer = runtime.arena.alloc(dtype, values.length);
  writeBuffer(runtime.linear, buffer, dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values));
  return buffer;
};

interface Case {
  readonly dtype: FloatDType;
  readonly inputs: readonly Broadcast[];
  readonly outputs: readonly E.Expr[];
  readonly rows: number;
  readonly cols: number;
  readonly seed: number;
}

/** Index of the first element that differs from the reference, or −1. */
const mismatch = (c: Case): number => {
  const mark = runtime.arena.mark();
  try {
    const round = rounding[c.dtype];
    const data = c.inputs.map((b, i) => sampleValues(lengthOf(b, c.rows, c.cols), c.seed + i).map(round));
    const outs = c.outputs.map(() => runtime.arena.alloc(c.dtype, c.rows * c.cols));
    elementwiseKernel(runtime, { dtype: c.dtype, inputs: c.inputs, outputs: c.outputs })({
      inputs: data.map((d) => upload(c.dtype, d)),
      outputs: outs,
      rows: c.rows,
      cols: c.cols,
    });
    for (const [o, expr] of c.outputs.entries()) {
      const want: number[] = [];
      for (let r = 0; r < c.rows; r++) {
        for (let col = 0; col < c.cols; col++) {
          want.push(evaluate(expr, (i) => data[i]?.[indexOf(c.inputs[i] ?? "full", r, col, c.cols)] ?? NaN, round));
        }
      }
      const got = readBuffer(runtime.linear, outs[o] ?? outs[0]!);
      const at = firstDifference(got, want);
      if (at >= 0) return at;
    }
    return -1;
  } finally {
    runtime.arena.release(mark);
  }
};

const sizes = fc.oneof(fc.constantFrom(1, 3, 5, 17, 129), fc.integer({ min: 1, max: 40 }));

const caseArbitrary: fc.Arbitrary<Case> = fc
  .integer({ min: 1, max: 4 })
  .chain((inputCount) =>
    fc.record({
      dtype: fc.constantFrom<FloatDType>("float32", "float64"),
      inputs: fc.array(fc.constantFrom<Broadcast>("full", "row", "col", "scalar"), { minLength: inputCount, maxLength: inputCount }),
      outputs: fc.array(exprArbitrary(inputCount), { minLength: 1, maxLength: 3 }),
      rows: sizes,
      cols: sizes,
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    }),
  );

describe("elementwise", () => {
  it("matches the reference evaluator bit for bit on random expressions, broadcasts and shapes", () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => mismatch(c) === -1),
      { numRuns: 150 },
    );
  });

  it("computes a hand-checked bias-and-relu with row and column broadcasts", () => {
    // out[r, c] = max(x[r, c] + bias[c], 0) · scale[r]
    const expr = E.mul(E.max(E.add(E.input(0), E.input(1)), E.constant(0)), E.input(2));
    const out = runtime.arena.alloc("float64", 6);
    elementwiseKernel(runtime, { dtype: "float64", inputs: ["full", "row", "col"], outputs: [expr] })({
      inputs: [upload("float64", [1, -5, 2, 0, 3, -1]), upload("float64", [1, 2, -3]), upload("float64", [10, -1])],
      outputs: [out],
      rows: 2,
      cols: 3,
    });
    // row 0: max([2, −3, −1], 0)·10 = [20, 0, 0]; row 1: max([1, 5, −4], 0)·(−1) = [−1, −5, 0]
    expect(Array.from(readBuffer(runtime.linear, out)).map((x) => x + 0)).toEqual([20, 0, 0, -1, -5, 0]);
  });

  it("computes shared subexpressions once and serves several outputs", () => {
    const shared = E.add(E.input(0), E.input(1));
    const outs = [runtime.arena.alloc("float32", 5), runtime.arena.alloc("float32", 5)];
    elementwiseKernel(runtime, { dtype: "float32", inputs: ["full", "scalar"], outputs: [E.mul(shared, shared), E.neg(shared)] })({
      inputs: [upload("float32", [0, 1, 2, 3, 4]), upload("float32", [1])],
      outputs: outs,
      rows: 1,
      cols: 5,
    });
    expect(Array.from(readBuffer(runtime.linear, outs[0]!))).toEqual([1, 4, 9, 16, 25]);
    expect(Array.from(readBuffer(runtime.linear, outs[1]!))).toEqual([-1, -2, -3, -4, -5]);
  });

  it("updates in place when the output is a full input", () => {
    const x = upload("float32", [1, 2, 3, 4, 5, 6, 7]);
    elementwiseKernel(runtime, { dtype: "float32", inputs: ["full"], outputs: [E.mul(E.input(0), E.constant(3))] })({
      inputs: [x],
      outputs: [x],
      rows: 1,
      cols: 7,
    });
    expect(Array.from(readBuffer(runtime.linear, x))).toEqual([3, 6, 9, 12, 15, 18, 21]);
  });

  it("does nothing for an empty grid", () => {
    const out = upload("float32", [7]);
    elementwiseKernel(runtime, { dtype: "float32", inputs: ["full"], outputs: [E.exp(E.input(0))] })({
      inputs: [runtime.arena.alloc("float32", 0)],
      outputs: [out],
      rows: 0,
      cols: 4,
    });
    expect(Array.from(readBuffer(runtime.linear, out))).toEqual([7]);
  });

  it("caches kernels by structure", () => {
    const spec = { dtype: "float32", inputs: ["full", "row"], outputs: [E.sub(E.input(0), E.input(1))] } as const;
    const first = elementwiseKernel(runtime, spec);
    const rebuilt = elementwiseKernel(runtime, { ...spec, outputs: [E.sub(E.input(0), E.input(1))] });
    expect(rebuilt.compiled).toBe(first.compiled);
    expect(elementwiseKernel(runtime, { ...spec, outputs: [E.sub(E.input(1), E.input(0))] }).compiled).not.toBe(first.compiled);
    expect(elementwiseKernel(runtime, { ...spec, outputs: [E.sub(E.input(0), E.constant(-0))] }).compiled).not.toBe(
      elementwiseKernel(runtime, { ...spec, outputs: [E.sub(E.input(0), E.constant(0))] }).compiled,
    );
  });

  it("rejects malformed expressions and arguments with descriptive errors", () => {
    const bad: unknown = { _tag: "unary", op: "erf", x: E.input(0) };
    const make = (outputs: readonly unknown[], inputs: readonly string[] = ["full"]) =>
      // deliberately untyped input, as a JavaScript caller could pass it
      elementwiseKernel(runtime, JSON.parse(JSON.stringify({ dtype: "float32", inputs, outputs })));
    expect(() => make([bad])).toThrow(/unknown unary op "erf"; expected one of neg, abs/);
    expect(() => make([E.input(1)])).toThrow(/input index 1 is not an integer in \[0, 1\)/);
    expect(() => make([E.input(0)], ["diagonal"])).toThrow(/input 0 has broadcast "diagonal"; expected one of full, row, col, scalar/);
    expect(() => make([])).toThrow(/at least one output/);
    const kernel = elementwiseKernel(runtime, { dtype: "float32", inputs: ["full", "row"], outputs: [E.add(E.input(0), E.input(1))] });
    const x = runtime.arena.alloc("float32", 6);
    expect(() => kernel({ inputs: [x, runtime.arena.alloc("float32", 2)], outputs: [x], rows: 2, cols: 3 })).toThrow(
      /elementwise\(float32\): input 1 \(row\) has 2 elements, expected at least 3 for 2×3/,
    );
    expect(() => kernel({ inputs: [x], outputs: [x], rows: 2, cols: 3 })).toThrow(/expected 2 input\(s\) and 1 output\(s\), got 1 and 1/);
    expect(() => kernel({ inputs: [x, x], outputs: [runtime.arena.alloc("float64", 6)], rows: 2, cols: 3 })).toThrow(/output 0 holds float64/);
  });
});
