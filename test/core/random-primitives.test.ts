// The randomness primitives, keyChild and sample, bound directly: their kernels give what the
// key functions and samplers give on the concrete key, abstractEval refuses what the samplers
// refuse (with the samplers' own messages), and programs holding them print and type-check.
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { makeProgram } from "../../src/ad/programs.js";
import { checkProgram } from "../../src/core/check.js";
import { DTypeError } from "../../src/core/errors.js";
import * as lax from "../../src/core/lax.js";
import { printProgram } from "../../src/core/print.js";
import type { SampleParams } from "../../src/core/primitives.js";
import { eqn, Var, type Program } from "../../src/core/program.js";
import { fold, key, keyData, split, type Key } from "../../src/random/key.js";
import { bernoulli, categorical, choice, normal, permutation, randint, truncatedNormal, uniform } from "../../src/random/samplers.js";
import { TensorShapeError } from "../../src/shape/index.js";
import { fromArray } from "../../src/tensor/create.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { catchError } from "../tensor/helpers.js";

const wordsOf = (k: Key): AnyTensor => fromArray(keyData(k), [2], "float64");
const k7 = key(7);
const logits = fromArray([0.5, -1, 2, 0, 0, 1, -3, 4, 1.5, 0, 0.25, -0.5], [3, 4]);

describe("keyChild", () => {
  it("gives the words of fold(k, counter): split's children, and any safe integer", () => {
    for (const counter of [0, 1, 5, 2 ** 32 + 5, -1, Number.MAX_SAFE_INTEGER]) {
      expect(Array.from(lax.keyChild(wordsOf(k7), counter).toArray())).toEqual(keyData(fold(k7, counter)));
    }
    const [, second] = split(k7);
    expect(Array.from(lax.keyChild(wordsOf(k7), 1).toArray())).toEqual(keyData(second));
  });

  it("refuses words that are not a key's and counters that are not safe integers", () => {
    expect(catchError(() => lax.keyChild(fromArray([1, 2], [2], "float32"), 0))).toBeInstanceOf(DTypeError);
    expect(catchError(() => lax.keyChild(fromArray([1, 2, 3], [3], "float64"), 0))).toBeInstanceOf(TensorShapeError);
    expect(catchError(() => lax.keyChild(wordsOf(k7), 1.5)).message).toBe("keyChild: counter must be a safe integer, got 1.5");
    expect(catchError(() => lax.keyChild(fromArray([1.5, 2 ** 32], [2], "float64"), 0)).message)
      .toBe("keyChild: a key's words must be two integers in [0, 2^32), got [1.5, 4294967296]");
  });
});

describe("sample", () => {
  // Each sampler's parameters, and the same draw by the user-facing sampler on the concrete key.
  const draws: readonly (readonly [string, SampleParams, AnyTensor | undefined, AnyTensor])[] = [
    ["uniform", { sampler: "uniform", shape: [3, 5], dtype: "float32", minval: -1, maxval: 2 }, undefined, uniform(k7, [3, 5], { minval: -1, maxval: 2 })],
    ["normal", { sampler: "normal", shape: [7], dtype: "float64", mean: 1, stddev: 2 }, undefined, normal(k7, [7], { dtype: "float64", mean: 1, stddev: 2 })],
    ["truncatedNormal", { sampler: "truncatedNormal", shape: [4], dtype: "float32", lower: 0.5, upper: Infinity }, undefined, truncatedNormal(k7, [4], 0.5, Infinity)],
    ["bernoulli", { sampler: "bernoulli", shape: [2, 6], p: 0.3 }, undefined, bernoulli(k7, 0.3, [2, 6])],
    ["randint", { sampler: "randint", shape: [9], minval: -4, maxval: 4 }, undefined, randint(k7, [9], -4, 4)],
    ["categorical", { sampler: "categorical", axis: 0 }, logits, categorical(k7, logits, 0)],
    ["permutation", { sampler: "permutation", n: 10 }, undefined, permutation(k7, 10)],
    ["choice", { sampler: "choice", shape: [5], n: 8, replace: false }, undefined, choice(k7, 8, [5], { replace: false })],
  ];

  it.each(draws)("%s: the kernel draws exactly what the sampler draws from the concrete key", (_name, params, operand, expected) => {
    const got = lax.sample(wordsOf(k7), params, operand);
    expect(got.dtype).toBe(expected.dtype);
    expect(got.shape).toEqual(expected.shape);
    expect(Array.from(got.toArray())).toEqual(Array.from(expected.toArray()));
  });

  it("refuses what the sampler refuses, with the sampler's own message", () => {
    const refusal = (params: SampleParams, operand?: AnyTensor) => catchError(() => lax.sample(wordsOf(k7), params, operand)).message;
    expect(refusal({ sampler: "uniform", shape: [2], dtype: "float32", minval: 1, maxval: 1 }))
      .toBe(catchError(() => uniform(k7, [2], { minval: 1, maxval: 1 })).message);
    expect(refusal({ sampler: "bernoulli", shape: [2], p: 1.5 })).toBe("bernoulli: p must be a probability in [0, 1], got 1.5");
    expect(refusal({ sampler: "randint", shape: [-1], minval: 0, maxval: 3 })).toMatch(/^randint: shape \[-1\] is invalid/);
    expect(refusal({ sampler: "choice", shape: [5], n: 3, replace: false })).toBe("choice: cannot draw 5 distinct indices from 3 without replacement");
    expect(refusal({ sampler: "permutation", n: -2 })).toMatch(/^permutation: n must be an integer in \[0, 2147483647\], got -2/);
    expect(refusal({ sampler: "categorical", axis: 2 }, logits)).toBe("categorical: axis must be an integer in [-2, 1], got 2");
    expect(refusal({ sampler: "categorical", axis: 0 }, fromArray([1, 2], [2], "int32"))).toBe("categorical: got dtype int32, expected float logits");
    expect(refusal({ sampler: "categorical", axis: 0 })).toBe("sample: expected 2 operands, got 1");
  });

  it("refuses them when a program is traced (abstractEval), not only when it runs", () => {
    const trace = (params: SampleParams) => catchError(() => makeProgram((words: AnyTensor) => lax.sample(words, params))(wordsOf(k7))).message;
    expect(trace({ sampler: "bernoulli", shape: [2], p: -0.5 })).toBe("bernoulli: p must be a probability in [0, 1], got -0.5");
    expect(trace({ sampler: "normal", shape: [2], dtype: "float32", mean: 0, stddev: -1 })).toBe("normal: stddev must be non-negative, got -1");
    expect(trace({ sampler: "truncatedNormal", shape: [2], dtype: "float32", lower: 1, upper: 1 })).toBe("truncatedNormal: lower must be below upper, got lower 1 and upper 1");
  });
});

describe("programs", () => {
  const dropout = (x: AnyTensor, words: AnyTensor): AnyTensor =>
    lax.mul(x, lax.convert(lax.sample(lax.keyChild(words, 3), { sampler: "bernoulli", shape: [2, 3], p: 0.5 }), x.dtype));
  const program = makeProgram(dropout)(fromArray([1, 2, 3, 4, 5, 6], [2, 3]), wordsOf(k7));

  it("print the counter and the sampler with its arguments", () => {
    expect(printProgram(program)).toMatchInlineSnapshot(`
      "{ lambda a:f32[2,3] b:f64[2] .
        let c:f64[2] = keyChild[counter=3] b
            d:bool[2,3] = sample[sampler=bernoulli shape=[2,3] p=0.5] c
            e:f32[2,3] = convert[dtype=float32] d
            f:f32[2,3] = mul a e
        in ( f ) }"
    `);
  });

  it("type-check, and a sample whose output is declared with the wrong shape does not", () => {
    expect(E.isRight(checkProgram(program))).toBe(true);
    const words = new Var({ shape: [2], dtype: "float64" });
    const wrong: Program = {
      inputs: [words], consts: [], constValues: [],
      eqns: [eqn("sample", { sampler: "randint", shape: [4], minval: 0, maxval: 3 }, [words], new Var({ shape: [5], dtype: "int32" }))],
      outputs: [],
    };
    const checked = checkProgram(wrong);
    expect(E.isLeft(checked) && checked.left.message).toMatch(/sample should produce i32\[4\], but its output is declared i32\[5\]/);
  });
});
