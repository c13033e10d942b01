// Differential property test: random programs built from the primitive registry, compiled by the
// WebAssembly backend, give what the reference interpreter gives (float results within tolerance,
// int32 and bool results exactly), on every call, without touching their inputs.
//
// A program is a recipe: a few inputs, then steps that each name a primitive (by its index in
// PRIMITIVES) and carry random choices; the builder for that primitive turns the values so far and
// the choices into a valid application (broadcasting operands, picking axes, factorising shapes,
// …). The builder table is keyed by PrimTag, so every primitive of the registry is generated.

import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import * as lax from "../../src/core/lax.js";
import { PRIMITIVES, type CompareOp, type PrimTag, type SampleParams } from "../../src/core/primitives.js";
import { printProgram } from "../../src/core/print.js";
import type { Program } from "../../src/core/program.js";
import { bind } from "../../src/core/trace.js";
import { createWasmBackend } from "../../src/backend/wasm-jit/index.js";
import { fromArray, type AnyTensor } from "../../src/tensor/index.js";
import { isFloat, type DType, type FloatDType } from "../../src/tensor/dtype.js";
import { mismatch, programOf, reference, seeded } from "./wasm-jit-helpers.js";

const backend = createWasmBackend({ threads: false });
afterAll(() => backend.close());

/** Random choices of one step, read in order (wrapping around). */
class Choices {
  #i = 0;
  constructor(readonly values: readonly number[]) {}
  next(n: number): number {
    const v = this.values[this.#i++ % this.values.length] ?? 0;
    return n <= 0 ? 0 : v % n;
  }
  pick<T>(xs: readonly T[]): T | undefined {
    return xs[this.next(xs.length)];
  }
  flag(): boolean {
    return this.next(2) === 1;
  }
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const numeric = (x: AnyTensor): boolean => x.dtype !== "bool";

/** b broadcast to a's shape when the NumPy rule allows it, else undefined. */
const broadcastTo = (b: AnyTensor, shape: readonly number[]): AnyTensor | undefined => {
  if (b.shape.length > shape.length) return undefined;
  const lead = shape.length - b.shape.length;
  const ok = b.shape.every((d, i) => d === 1 || d === shape[i + lead]);
  return ok ? lax.broadcast(b, shape) : undefined;
};

/** A second operand for a: another value of its dtype broadcast to a's shape, or a itself. */
const partner = (values: readonly AnyTensor[], a: AnyTensor, c: Choices): AnyTensor => {
  const same = values.filter((v) => v.dtype === a.dtype);
  const b = c.pick(same) ?? a;
  return broadcastTo(b, a.shape) ?? a;
};

/** A random factorisation of n into at most three dims. */
const factorise = (n: number, c: Choices): number[] => {
  const divisors = Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
  const first = c.pick(divisors) ?? n;
  const rest = n / first;
  const restDivisors = divisors.filter((d) => rest % d === 0);
  const second = c.pick(restDivisors) ?? rest;
  return [first, second, rest / second].filter((d, i) => i === 0 || d !== 1 || c.flag());
};

type Builder = (values: readonly AnyTensor[], c: Choices) => AnyTensor | undefined;

const floatUnary = (op: (x: AnyTensor) => AnyTensor): Builder => (values, c) => {
  const x = c.pick(values.filter((v) => isFloat(v.dtype)));
  return x === undefined ? undefined : op(x);
};
const numericBinary = (op: (a: AnyTensor, b: AnyTensor) => AnyTensor, floatOnly = false): Builder => (values, c) => {
  const a = c.pick(values.filter((v) => (floatOnly ? isFloat(v.dtype) : numeric(v))));
  return a === undefined ? undefined : op(a, partner(values, a, c));
};
const reduction = (op: (x: AnyTensor, axes: number[]) => AnyTensor): Builder => (values, c) => {
  const x = c.pick(values.filter(numeric));
  if (x === undefined) return undefined;
  return op(x, x.shape.map((_, i) => i).filter(() => c.flag()));
};

const customDouble = (x: AnyTensor): AnyTensor =>
  bind("customLinear", [x], {
    name: "double",
    rule: { out: { shape: x.shape, dtype: x.dtype }, residuals: 0, apply: (xs) => lax.scale(xs[0] ?? x, 2), transpose: (ct) => [lax.scale(ct, 2)] },
  });

/**
 * Key words computed from the program's first input, whatever its values (a later call feeds
 * outputs back in): [b, b + n] for b = [first element > 0] and a chosen n, exact in float32 and
 * float64 alike, so the compiled program and the reference draw from the same key.
 */
const keyWordsOf = (values: readonly AnyTensor[], c: Choices): AnyTensor | undefined => {
  const x = values[0];
  if (x === undefined) return undefined;
  const first = lax.slice(lax.reshape(x, [size(x.shape)]), [0], [1]);
  const word = lax.convert(lax.compare("gt", first, lax.zerosLike(first)), "float64");
  return lax.concatenate([word, lax.add(word, lax.fullLike(word, c.next(1000)))], 0);
};

/** The first input, flattened, with NaN elements (fed-back outputs may hold some) replaced by 0: logits. */
const logitsOf = (x: AnyTensor): AnyTensor => {
  const flat = lax.reshape(x, [size(x.shape)]);
  return lax.select(lax.compare("eq", flat, flat), flat, lax.zerosLike(flat));
};

/** A few dims (1 to 4 each) for a draw (the other builders expect no empty values). */
const drawShape = (c: Choices): number[] => Array.from({ length: c.next(3) }, () => 1 + c.next(4));

const samplers: readonly ((c: Choices, values: readonly AnyTensor[]) => SampleParams)[] = [
  (c) => ({ sampler: "uniform", shape: drawShape(c), dtype: c.flag() ? "float32" : "float64", minval: -c.next(3), maxval: 1 + c.next(3) }),
  (c) => ({ sampler: "normal", shape: drawShape(c), dtype: c.flag() ? "float32" : "float64", mean: c.next(3) - 1, stddev: 1 }),
  (c) => ({ sampler: "truncatedNormal", shape: drawShape(c), dtype: c.flag() ? "float32" : "float64", lower: -1 - c.next(2), upper: c.flag() ? Infinity : 1 }),
  (c) => ({ sampler: "bernoulli", shape: drawShape(c), p: c.next(11) / 10 }),
  (c) => ({ sampler: "randint", shape: drawShape(c), minval: -c.next(5), maxval: 1 + c.next(5) }),
  (c) => ({ sampler: "permutation", n: 1 + c.next(8) }),
  (c) => ({ sampler: "choice", shape: [1 + c.next(4)], n: 5 + c.next(4), replace: c.flag() }),
  (c) => ({ sampler: "categorical", axis: c.flag() ? 0 : -1 }),
];

const compareOps: readonly CompareOp[] = ["lt", "le", "gt", "ge", "eq", "ne"];
const dtypes: readonly DType[] = ["float32", "float64", "int32", "bool"];

const builders: { readonly [P in PrimTag]: Builder } = {
  neg: (values, c) => {
    const x = c.pick(values.filter(numeric));
    return x === undefined ? undefined : lax.neg(x);
  },
  exp: floatUnary(lax.exp),
  log: floatUnary(lax.log),
  // of a bounded argument: sin of a large one magnifies the last-bit differences of float32 kernels
  sin: floatUnary((x) => lax.sin(lax.tanh(x))),
  cos: floatUnary((x) => lax.cos(lax.tanh(x))),
  tanh: floatUnary(lax.tanh),
  sqrt: floatUnary(lax.sqrt),
  expm1: floatUnary(lax.expm1),
  log1p: floatUnary(lax.log1p),
  add: numericBinary(lax.add),
  sub: numericBinary(lax.sub),
  mul: numericBinary(lax.mul),
  div: numericBinary(lax.div),
  pow: numericBinary(lax.pow, true),
  max: numericBinary(lax.max),
  min: numericBinary(lax.min),
  compare: (values, c) => {
    const a = c.pick(values.filter(numeric));
    return a === undefined ? undefined : lax.compare(c.pick(compareOps) ?? "lt", a, partner(values, a, c));
  },
  select: (values, c) => {
    const a = c.pick(values);
    if (a === undefined) return undefined;
    const b = partner(values, a, c);
    const mask = c.pick(values.filter((v) => v.dtype === "bool"));
    const cond = (mask === undefined ? undefined : broadcastTo(mask, a.shape)) ??
      (numeric(a) ? lax.compare("gt", a, b) : lax.compare("ne", a, b));
    return lax.select(cond, a, b);
  },
  reduceSum: reduction(lax.reduceSum),
  reduceMax: reduction(lax.reduceMax),
  broadcast: (values, c) => {
    const x = c.pick(values);
    if (x === undefined) return undefined;
    const lead = Array.from({ length: c.next(2) }, () => 1 + c.next(3));
    return lax.broadcast(x, [...lead, ...x.shape.map((d) => (d === 1 ? 1 + c.next(3) : d))]);
  },
  reshape: (values, c) => {
    const x = c.pick(values);
    return x === undefined ? undefined : lax.reshape(x, factorise(size(x.shape), c));
  },
  transpose: (values, c) => {
    const x = c.pick(values.filter((v) => v.shape.length >= 2));
    if (x === undefined) return undefined;
    const perm = x.shape.map((_, i) => i);
    for (let i = perm.length - 1; i > 0; i--) {
      const j = c.next(i + 1);
      [perm[i], perm[j]] = [perm[j] ?? 0, perm[i] ?? 0];
    }
    return lax.transpose(x, perm);
  },
  slice: (values, c) => {
    const x = c.pick(values.filter((v) => v.shape.length >= 1 && size(v.shape) > 0));
    if (x === undefined) return undefined;
    const starts = x.shape.map((d) => c.next(d));
    const limits = x.shape.map((d, i) => (starts[i] ?? 0) + 1 + c.next(d - (starts[i] ?? 0)));
    return lax.slice(x, starts, limits, x.shape.map(() => 1 + c.next(2)));
  },
  pad: (values, c) => {
    const x = c.pick(values.filter((v) => v.shape.length >= 1));
    if (x === undefined) return undefined;
    return lax.pad(x, x.shape.map(() => c.next(2)), x.shape.map(() => c.next(2)), x.shape.map(() => c.next(2)));
  },
  concatenate: (values, c) => {
    const x = c.pick(values.filter((v) => v.shape.length >= 1));
    return x === undefined ? undefined : lax.concatenate([x, x], c.next(x.shape.length));
  },
  gather: (values, c) => {
    const x = c.pick(values.filter((v) => v.shape.length >= 1 && size(v.shape) > 0));
    if (x === undefined) return undefined;
    const axis = c.next(x.shape.length);
    const n = 1 + c.next(4);
    const indices = fromArray(Array.from({ length: n }, () => c.next(x.shape[axis] ?? 1)), [n], "int32");
    return lax.gather(x, indices, axis);
  },
  scatterAdd: (values, c) => {
    const u = c.pick(values.filter((v) => v.shape.length >= 1 && v.dtype !== "bool"));
    if (u === undefined) return undefined;
    const axis = c.next(u.shape.length);
    const target = 1 + c.next(4);
    const n = u.shape[axis] ?? 1;
    const indices = fromArray(Array.from({ length: n }, () => c.next(target)), [n], "int32");
    return lax.scatterAdd(u, indices, axis, u.shape.map((d, i) => (i === axis ? target : d)));
  },
  iota: (values, c) => {
    const like = c.pick(values.filter(numeric));
    const shape = like === undefined || like.shape.length === 0 ? [1 + c.next(4)] : like.shape;
    return lax.iota(shape, c.next(shape.length), like?.dtype ?? "int32");
  },
  dot: (values, c) => {
    const x = c.pick(values.filter((v) => v.shape.length >= 2 && numeric(v)));
    if (x === undefined) return undefined;
    return c.flag() ? lax.dot(x, x, false, true) : lax.dot(x, x, true, false);
  },
  convert: (values, c) => {
    const x = c.pick(values);
    return x === undefined ? undefined : lax.convert(x, c.pick(dtypes) ?? "float32");
  },
  stopGradient: (values, c) => {
    const x = c.pick(values);
    return x === undefined ? undefined : lax.stopGradient(x);
  },
  // indices 0/1 from signs (a NaN compares false): always in range of the bound 2
  checkIndices: (values, c) => {
    const x = c.pick(values.filter(numeric));
    return x === undefined ? undefined : lax.checkIndices(lax.convert(lax.compare("gt", x, lax.zerosLike(x)), "int32"), "test", "index", 2);
  },
  customLinear: (values, c) => {
    const x = c.pick(values.filter((v) => isFloat(v.dtype)));
    return x === undefined ? undefined : customDouble(x);
  },
  keyChild: (values, c) => {
    const words = keyWordsOf(values, c);
    return words === undefined ? undefined : lax.keyChild(words, c.next(5));
  },
  sample: (values, c) => {
    const words = keyWordsOf(values, c);
    const params = c.pick(samplers)?.(c, values);
    if (words === undefined || params === undefined) return undefined;
    const x = values[0];
    return params.sampler === "categorical" && x !== undefined ? lax.sample(words, params, logitsOf(x)) : lax.sample(words, params);
  },
};

interface Recipe {
  readonly shapes: readonly (readonly number[])[];
  readonly extraInt: boolean;
  readonly steps: readonly { readonly prim: number; readonly choices: readonly number[] }[];
  readonly outputs: number;
  readonly seed: number;
}

const recipe: fc.Arbitrary<Recipe> = fc.record({
  shapes: fc.array(fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  extraInt: fc.boolean(),
  steps: fc.array(
    fc.record({ prim: fc.nat(PRIMITIVES.length - 1), choices: fc.array(fc.nat(1000), { minLength: 1, maxLength: 8 }) }),
    { minLength: 1, maxLength: 16 },
  ),
  outputs: fc.integer({ min: 1, max: 3 }),
  seed: fc.nat(1 << 30),
});

const inputsOf = (r: Recipe, dtype: FloatDType): AnyTensor[] => {
  const floats = r.shapes.map((shape, i) => fromArray(seeded(size(shape), r.seed + i, -2, 2).map((v) => Math.round(v * 8) / 8), shape, dtype));
  return r.extraInt ? [...floats, fromArray(seeded(6, r.seed + 99, -5, 5).map(Math.round), [2, 3], "int32")] : floats;
};

/** The traced function of a recipe: apply each applicable step, return the last few values. */
const functionOf = (r: Recipe) => (...inputs: AnyTensor[]): AnyTensor[] => {
  const values = [...inputs];
  for (const step of r.steps) {
    const prim = PRIMITIVES[step.prim] ?? "neg";
    const out = builders[prim](values, new Choices(step.choices));
    if (out !== undefined) values.push(out);
  }
  return values.slice(-r.outputs);
};

/**
 * Tolerance relative to an output's largest magnitude: kernels round differently than the
 * reference, so a program holds to the precision of its least precise float value.
 */
const toleranceOf = (program: Program, dtype: DType): number => {
  if (!isFloat(dtype)) return 0;
  const avals = [...program.inputs, ...program.eqns.map((e) => e.out)].map((v) => v.aval.dtype);
  return avals.includes("float32") ? 1e-3 : 1e-9;
};

const checkRecipe = (r: Recipe, dtype: FloatDType): void => {
  const inputs = inputsOf(r, dtype);
  const before = inputs.map((t) => t.toArray());
  const program = programOf(functionOf(r), inputs);
  const want = reference(program, inputs);
  const executable = backend.compile(program);
  const check = (got: readonly AnyTensor[], expected: readonly AnyTensor[], call: string): void =>
    got.forEach((g, i) => {
      const w = expected[i];
      if (w === undefined) throw new Error("missing reference output");
      const problem = mismatch(g, w, toleranceOf(program, w.dtype));
      if (problem !== undefined) throw new Error(`output ${i}, ${call}: ${problem}\n${printProgram(program)}`);
    });
  let got: AnyTensor[] = [];
  for (let call = 0; call < 2; call++) {
    got = executable.run(inputs);
    check(got, want, `call ${call + 1}`);
  }
  inputs.forEach((t, i) => expect(Array.from(t.toArray())).toEqual(Array.from(before[i] ?? [])));
  // a third call on the outputs it just returned, where they fit (as a training loop does)
  const fed = feedBack(inputs, got);
  check(executable.run(fed), reference(program, fed), "call 3 (outputs fed back)");
};

/** Each input replaced by an unused output of the same shape and dtype, if there is one. */
const feedBack = (inputs: readonly AnyTensor[], outputs: readonly AnyTensor[]): AnyTensor[] => {
  const used = new Set<number>();
  return inputs.map((t) => {
    const j = outputs.findIndex((o, k) => !used.has(k) && o.dtype === t.dtype && o.shape.join() === t.shape.join());
    if (j < 0) return t;
    used.add(j);
    return outputs[j] ?? t;
  });
};

describe("random programs: wasm backend vs reference interpreter", () => {
  it("float64 programs agree", () => {
    fc.assert(fc.property(recipe, (r) => checkRecipe(r, "float64")), { numRuns: 400, seed: 20261125 });
  });

  it("float32 programs agree", () => {
    fc.assert(fc.property(recipe, (r) => checkRecipe(r, "float32")), { numRuns: 200, seed: 7 });
  });
});
