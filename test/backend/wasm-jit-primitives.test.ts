// Every primitive, compiled by the WebAssembly backend, against the reference interpreter. The case
// table is keyed by PrimTag, so a new primitive does not compile until it has a case here. Each
// case also states how it must be compiled: to kernels (no fallback step; float results within a
// float tolerance) or through its reference kernel (a fallback; results bit-for-bit equal).

import { afterAll, describe, expect, it } from "vitest";
import * as lax from "../../src/core/lax.js";
import type { PrimTag } from "../../src/core/primitives.js";
import { bind } from "../../src/core/trace.js";
import { createWasmBackend } from "../../src/backend/wasm-jit/index.js";
import { fromArray, type AnyTensor } from "../../src/tensor/index.js";
import type { FloatDType } from "../../src/tensor/dtype.js";
import { identical, mismatch, programOf, reference, seeded } from "./wasm-jit-helpers.js";

const backend = createWasmBackend({ threads: false });
afterAll(() => backend.close());

interface Case {
  readonly name: string;
  readonly inputs: (dtype: FloatDType) => AnyTensor[];
  readonly f: (...xs: AnyTensor[]) => AnyTensor[];
  /** "kernel": compiled with no fallback step; "fallback": run by the reference kernel. */
  readonly how: "kernel" | "fallback";
}

let seed = 1;
const rand = (shape: readonly number[], dtype: FloatDType, lo = -2, hi = 2): AnyTensor =>
  fromArray(seeded(shape.reduce((a, b) => a * b, 1), seed++, lo, hi), shape, dtype);
/** Values on a coarse grid, so that comparisons meet ties. */
const coarse = (shape: readonly number[], dtype: FloatDType): AnyTensor =>
  fromArray(seeded(shape.reduce((a, b) => a * b, 1), seed++, -2, 2).map((v) => Math.round(v * 2) / 2), shape, dtype);
const ints = (values: readonly number[], shape: readonly number[]): AnyTensor => fromArray(values, shape, "int32");

const unary = (name: string, op: (x: AnyTensor) => AnyTensor, how: Case["how"], lo = -2, hi = 2): Case => ({
  name,
  inputs: (d) => [rand([3, 5], d, lo, hi)],
  f: (x) => [op(x)],
  how,
});
const binary = (name: string, op: (a: AnyTensor, b: AnyTensor) => AnyTensor, how: Case["how"], lo = -2, hi = 2): Case => ({
  name,
  inputs: (d) => [rand([4, 6], d, lo, hi), rand([4, 6], d)],
  f: (a, b) => [op(a, b)],
  how,
});
const first = (xs: readonly AnyTensor[]): AnyTensor => {
  const x = xs[0];
  if (x === undefined) throw new Error("missing input");
  return x;
};

const customDouble = (x: AnyTensor): AnyTensor =>
  bind("customLinear", [x], {
    name: "double",
    rule: { out: { shape: x.shape, dtype: x.dtype }, residuals: 0, apply: (xs) => lax.scale(first(xs), 2), transpose: (ct) => [lax.scale(ct, 2)] },
  });

/** A key's words [hi, lo] as the float64[2] operand of keyChild and sample. */
const keyWords = fromArray([0x9e3779b9, 42], [2], "float64");

const reductionAxes = [[], [0], [1], [2], [0, 1], [1, 2], [0, 2], [0, 1, 2]] as const;

const cases: { readonly [P in PrimTag]: readonly Case[] } = {
  neg: [unary("neg", lax.neg, "kernel")],
  exp: [unary("exp", lax.exp, "kernel", -5, 5)],
  log: [unary("log", lax.log, "kernel", 0.01, 10)],
  sin: [unary("sin", lax.sin, "fallback")],
  cos: [unary("cos", lax.cos, "fallback")],
  tanh: [unary("tanh", lax.tanh, "kernel", -6, 6)],
  sqrt: [unary("sqrt", lax.sqrt, "kernel", 0, 9)],
  expm1: [unary("expm1", lax.expm1, "kernel", -5, 5), unary("expm1 near 0", lax.expm1, "kernel", -1e-4, 1e-4), unary("expm1 tails", lax.expm1, "kernel", -60, 60)],
  log1p: [unary("log1p", lax.log1p, "kernel", -0.99, 10), unary("log1p near 0", lax.log1p, "kernel", -1e-4, 1e-4)],
  add: [
    binary("add", lax.add, "kernel"),
    { name: "add int32", inputs: () => [ints([1, -2, 3, 2147483647], [4]), ints([5, 6, -7, 1], [4])], f: (a, b) => [lax.add(a, b)], how: "fallback" },
  ],
  sub: [binary("sub", lax.sub, "kernel")],
  mul: [binary("mul", lax.mul, "kernel")],
  div: [
    binary("div", lax.div, "kernel"),
    { name: "div by zero", inputs: (d) => [fromArray([1, -1, 0, 2], [4], d), fromArray([0, 0, 0, -0], [4], d)], f: (a, b) => [lax.div(a, b)], how: "kernel" },
  ],
  pow: [binary("pow", lax.pow, "fallback", 0.1, 3)],
  max: [binary("max", lax.max, "kernel")],
  min: [binary("min", lax.min, "kernel")],
  compare: (["lt", "le", "gt", "ge", "eq", "ne"] as const).map((op) => ({
    name: `compare ${op}`,
    inputs: (d: FloatDType) => [coarse([5, 4], d), coarse([5, 4], d)],
    f: (a: AnyTensor, b: AnyTensor) => [lax.compare(op, a, b)],
    how: "kernel" as const,
  })),
  select: [
    {
      name: "select by a computed mask",
      inputs: (d) => [rand([6, 5], d), rand([6, 5], d), rand([6, 5], d)],
      f: (p, a, b) => [lax.select(lax.compare("gt", p, lax.zerosLike(p)), a, b)],
      how: "kernel",
    },
    {
      name: "select by a bool input",
      inputs: (d) => [fromArray([1, 0, 0, 1, 1, 0], [2, 3], "bool"), rand([2, 3], d), rand([2, 3], d)],
      f: (p, a, b) => [lax.select(p, a, b)],
      how: "kernel",
    },
  ],
  reduceSum: reductionAxes.map((axes) => ({
    name: `reduceSum over [${axes.join(",")}]`,
    inputs: (d: FloatDType) => [rand([3, 4, 5], d)],
    f: (x: AnyTensor) => [lax.reduceSum(x, axes)],
    how: axes.join() === "0,2" ? ("fallback" as const) : ("kernel" as const),
  })),
  reduceMax: reductionAxes.map((axes) => ({
    name: `reduceMax over [${axes.join(",")}]`,
    inputs: (d: FloatDType) => [rand([3, 4, 5], d)],
    f: (x: AnyTensor) => [lax.reduceMax(x, axes)],
    how: axes.join() === "0,2" ? ("fallback" as const) : ("kernel" as const),
  })),
  broadcast: [
    { name: "broadcast a row", inputs: (d) => [rand([3], d)], f: (x) => [lax.broadcast(x, [2, 3])], how: "kernel" },
    { name: "broadcast a column", inputs: (d) => [rand([3, 1], d)], f: (x) => [lax.broadcast(x, [2, 3, 4])], how: "kernel" },
    { name: "broadcast into a sum", inputs: (d) => [rand([4, 1, 3], d), rand([4, 2, 3], d)], f: (x, y) => [lax.add(lax.broadcast(x, [4, 2, 3]), y)], how: "kernel" },
    { name: "broadcast a column into a sum", inputs: (d) => [rand([4, 1], d), rand([4, 5], d)], f: (x, y) => [lax.add(lax.broadcast(x, [4, 5]), y)], how: "kernel" },
    {
      name: "broadcast per-row values into a product",
      inputs: (d) => [rand([4], d), rand([4, 5], d)],
      f: (x, y) => [lax.mul(lax.broadcast(lax.reshape(x, [4, 1]), [4, 5]), y)],
      how: "kernel",
    },
  ],
  reshape: [
    { name: "reshape", inputs: (d) => [rand([2, 6], d)], f: (x) => [lax.exp(lax.reshape(x, [3, 4]))], how: "kernel" },
    { name: "reshape a transposed view", inputs: (d) => [rand([2, 3, 4], d)], f: (x) => [lax.reshape(lax.transpose(x, [0, 2, 1]), [8, 3])], how: "kernel" },
  ],
  transpose: [
    { name: "transpose", inputs: (d) => [rand([2, 3, 4], d)], f: (x) => [lax.transpose(x, [2, 0, 1])], how: "kernel" },
    { name: "transpose into a product", inputs: (d) => [rand([3, 4], d), rand([3, 4], d)], f: (x, y) => [lax.mul(lax.transpose(x, [1, 0]), lax.transpose(y, [1, 0]))], how: "kernel" },
  ],
  slice: [
    { name: "strided slice", inputs: (d) => [rand([5, 7], d)], f: (x) => [lax.neg(lax.slice(x, [1, 0], [5, 7], [2, 3]))], how: "kernel" },
    { name: "contiguous slice", inputs: (d) => [rand([6, 4], d)], f: (x) => [lax.exp(lax.slice(x, [2, 0], [5, 4]))], how: "kernel" },
  ],
  pad: [{ name: "pad", inputs: (d) => [rand([2, 3], d)], f: (x) => [lax.pad(x, [1, 0], [0, 2], [1, 1])], how: "kernel" }],
  concatenate: [{ name: "concatenate", inputs: (d) => [rand([2, 3], d), rand([2, 2], d)], f: (a, b) => [lax.concatenate([a, b], 1)], how: "kernel" }],
  gather: [{ name: "gather", inputs: (d) => [rand([4, 3], d), ints([3, 0, 0, 2, 1], [5])], f: (x, i) => [lax.gather(x, i, 0)], how: "fallback" }],
  scatterAdd: [{ name: "scatterAdd", inputs: (d) => [rand([5, 3], d), ints([3, 0, 0, 2, 1], [5])], f: (u, i) => [lax.scatterAdd(u, i, 0, [4, 3])], how: "fallback" }],
  iota: [{ name: "iota scaled by an input", inputs: (d) => [rand([3, 4], d)], f: (x) => [lax.mul(x, lax.iota([3, 4], 1, x.dtype))], how: "kernel" }],
  dot: [
    { name: "dot", inputs: (d) => [rand([5, 7], d), rand([7, 3], d)], f: (a, b) => [lax.dot(a, b)], how: "kernel" },
    { name: "dot Aᵀ·B", inputs: (d) => [rand([7, 5], d), rand([7, 3], d)], f: (a, b) => [lax.dot(a, b, true, false)], how: "kernel" },
    { name: "dot A·Bᵀ", inputs: (d) => [rand([5, 7], d), rand([3, 7], d)], f: (a, b) => [lax.dot(a, b, false, true)], how: "kernel" },
    { name: "dot Aᵀ·Bᵀ", inputs: (d) => [rand([7, 5], d), rand([3, 7], d)], f: (a, b) => [lax.dot(a, b, true, true)], how: "kernel" },
    { name: "batched dot", inputs: (d) => [rand([2, 3, 4, 5], d), rand([2, 3, 5, 6], d)], f: (a, b) => [lax.dot(a, b)], how: "kernel" },
    {
      name: "dot of a transposed view",
      inputs: (d) => [rand([4, 6], d), rand([4, 3], d)],
      f: (a, b) => [lax.dot(lax.transpose(a, [1, 0]), b)],
      how: "kernel",
    },
    {
      name: "dot with a broadcast batch operand",
      inputs: (d) => [rand([3, 4, 5], d), rand([5, 2], d)],
      f: (a, b) => [lax.dot(a, lax.broadcast(b, [3, 5, 2]))],
      how: "kernel",
    },
  ],
  convert: [
    { name: "convert to the other float type", inputs: (d) => [rand([3, 4], d)], f: (x) => [lax.convert(x, x.dtype === "float32" ? "float64" : "float32")], how: "kernel" },
    { name: "convert to int32", inputs: (d) => [rand([3, 4], d, -9, 9)], f: (x) => [lax.convert(x, "int32")], how: "fallback" },
    { name: "convert to bool", inputs: (d) => [coarse([3, 4], d)], f: (x) => [lax.convert(x, "bool")], how: "kernel" },
    { name: "convert int32 to float", inputs: (d) => [ints([1, -7, 16777217, 0], [4]), rand([4], d)], f: (i, x) => [lax.add(lax.convert(i, x.dtype), x)], how: "kernel" },
    { name: "convert bool to float", inputs: (d) => [coarse([4, 2], d)], f: (x) => [lax.convert(lax.compare("ge", x, lax.zerosLike(x)), x.dtype)], how: "kernel" },
  ],
  stopGradient: [{ name: "stopGradient", inputs: (d) => [rand([3, 2], d)], f: (x) => [lax.mul(lax.stopGradient(x), x)], how: "kernel" }],
  checkIndices: [
    { name: "checkIndices in range", inputs: (d) => [ints([0, 4, 2, 3], [4]), rand([4], d)], f: (i, x) => [lax.add(lax.convert(lax.checkIndices(i, "test", "label", 5), x.dtype), x)], how: "fallback" },
  ],
  customLinear: [{ name: "customLinear", inputs: (d) => [rand([3, 2], d)], f: (x) => [customDouble(x)], how: "fallback" }],
  keyChild: [
    { name: "split and fold a key", inputs: () => [keyWords], f: (k) => [lax.keyChild(k, 0), lax.keyChild(lax.keyChild(k, 1), 2 ** 40 + 3)], how: "fallback" },
  ],
  sample: [
    {
      name: "every sampler, from children of one key",
      inputs: (d) => [keyWords, rand([3, 4], d)],
      f: (k, logits) => {
        const child = (i: number) => lax.keyChild(k, i);
        return [
          lax.sample(child(0), { sampler: "uniform", shape: [3, 5], dtype: logits.dtype === "float32" ? "float32" : "float64", minval: -1, maxval: 2 }),
          lax.sample(child(1), { sampler: "normal", shape: [7], dtype: "float64", mean: 1, stddev: 2 }),
          lax.sample(child(2), { sampler: "truncatedNormal", shape: [2, 2], dtype: "float32", lower: -1, upper: Infinity }),
          lax.sample(child(3), { sampler: "bernoulli", shape: [4, 4], p: 0.3 }),
          lax.sample(child(4), { sampler: "randint", shape: [6], minval: -5, maxval: 5 }),
          lax.sample(child(5), { sampler: "categorical", axis: 1 }, logits),
          lax.sample(child(6), { sampler: "permutation", n: 9 }),
          lax.sample(child(7), { sampler: "choice", shape: [4], n: 6, replace: false }),
        ];
      },
      how: "fallback",
    },
    {
      name: "a dropout mask scaling an input",
      inputs: (d) => [keyWords, rand([8, 6], d)],
      f: (k, x) => [lax.mul(x, lax.scale(lax.convert(lax.sample(k, { sampler: "bernoulli", shape: [8, 6], p: 0.6 }), x.dtype), 1 / 0.6))],
      how: "kernel",
    },
  ],
};

describe("every primitive compiled by the wasm backend equals the reference interpreter", () => {
  for (const [prim, list] of Object.entries(cases)) {
    for (const c of list) {
      for (const dtype of ["float32", "float64"] as const) {
        it(`${prim}: ${c.name} (${dtype})`, () => {
          const inputs = c.inputs(dtype);
          const program = programOf(c.f, inputs);
          const executable = backend.compile(program);
          const got = executable.run(inputs);
          const want = reference(program, inputs);
          expect(got.length).toBe(want.length);
          if (c.how === "kernel") {
            expect(executable.stats.fallbacks).toEqual([]);
            got.forEach((g, i) => expect(mismatch(g, want[i] ?? g)).toBeUndefined());
          } else {
            expect(executable.stats.fallbacks.length).toBeGreaterThan(0);
            got.forEach((g, i) => expect(identical(g, want[i] ?? g)).toBe(true));
          }
        });
      }
    }
  }
});

describe("empty and rank-0 values", () => {
  const empty = (shape: readonly number[]) => fromArray([], shape);
  const programs: readonly [string, AnyTensor[], (...xs: AnyTensor[]) => AnyTensor[]][] = [
    ["elementwise over [0, 3]", [empty([0, 3])], (x) => [lax.exp(x), lax.add(x, x)]],
    ["reductions over an empty axis", [empty([3, 0])], (x) => [lax.reduceSum(x, [1]), lax.reduceMax(x, [1])]],
    ["a product with k = 0 is zero", [empty([3, 0]), empty([0, 4])], (a, b) => [lax.dot(a, b)]],
    ["a product with m = 0", [empty([0, 2]), fromArray([1, 2, 3, 4], [2, 2])], (a, b) => [lax.dot(a, b)]],
    ["an empty slice", [fromArray([1, 2, 3], [3])], (x) => [lax.exp(lax.slice(x, [1], [1]))]],
    ["rank-0 values", [fromArray([2], [])], (x) => [lax.exp(x), lax.reduceSum(x, []), lax.broadcast(x, [2, 2])]],
  ];
  for (const [name, inputs, f] of programs) {
    it(name, () => {
      const program = programOf(f, inputs);
      const got = backend.compile(program).run(inputs);
      const want = reference(program, inputs);
      got.forEach((g, i) => expect(mismatch(g, want[i] ?? g)).toBeUndefined());
    });
  }
});
