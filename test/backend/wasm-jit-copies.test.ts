// Copies on the device: views the kernels cannot read in place (transposes, strided slices), pad
// and concatenate, compiled to the strided-copy kernel and compared bit for bit with the
// reference interpreter on random shapes; then the kernel's own axis merging, and a CNN training
// step (conv and pool are slices, pads, concatenates and products) against eager evaluation.

import { afterAll, describe, expect, it } from "vitest";
import { applyUpdates, key, nn, optim, valueAndGrad } from "../../src/index.js";
import { activation, conv2d, dense, flatten as flattenLayer, maxPool2d, relu, sequential } from "../../src/nn/index.js";
import { jit } from "../../src/backend/jit/index.js";
import { createWasmBackend } from "../../src/backend/wasm-jit/index.js";
import type { CompileStats } from "../../src/backend/wasm-jit/executable.js";
import { collapseCopy } from "../../src/backend/wasm/kernels/copy.js";
import { withReferenceKernels } from "../../src/core/accelerate.js";
import * as lax from "../../src/core/lax.js";
import { fromArray, type AnyTensor, type Tensor } from "../../src/tensor/index.js";
import type { FloatDType } from "../../src/tensor/dtype.js";
import { flatten } from "../../src/tree/index.js";
import { mulberry32 } from "./wasm-helpers.js";
import { identical, mismatch, programOf, reference } from "./wasm-jit-helpers.js";

const backend = createWasmBackend({ threads: false });
afterAll(() => backend.close());

type Random = () => number;
const int = (next: Random, lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
const shuffle = (next: Random, n: number): number[] => {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = int(next, 0, i);
    [p[i], p[j]] = [p[j] ?? j, p[i] ?? i];
  }
  return p;
};
const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Distinct values, with −0, NaN and ±∞ among them: a copy must move every bit. */
const tensor = (next: Random, shape: readonly number[], dtype: FloatDType): AnyTensor =>
  fromArray(
    Array.from({ length: size(shape) }, (_, i) => [-0, Number.NaN, Infinity, -Infinity][i % 37] ?? (next() - 0.5) * 1000 + i / 7),
    shape,
    dtype,
  );

/**
 * An input of `shape`' s elements read as `shape` through a random view: a transpose, then a
 * slice with random starts and strides (the input is made as large as that slice needs).
 */
function randomView(next: Random, shape: readonly number[], dtype: FloatDType): { input: AnyTensor; view: (x: AnyTensor) => AnyTensor } {
  const perm = shuffle(next, shape.length);
  const starts = shape.map(() => int(next, 0, 1));
  const steps = shape.map(() => int(next, 1, 3));
  const sliced = shape.map((d, a) => (starts[a] ?? 0) + Math.max(0, d - 1) * (steps[a] ?? 1) + 1);
  const limits = shape.map((d, a) => (starts[a] ?? 0) + (d === 0 ? 0 : Math.max(0, d - 1) * (steps[a] ?? 1) + 1));
  // the stored input is the transpose of the sliced box: the view transposes it back first
  const stored = perm.map((p) => sliced[p] ?? 1);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return {
    input: tensor(next, stored, dtype),
    view: (x) => lax.slice(lax.transpose(x, inverse), starts, limits, steps),
  };
}

const randomShape = (next: Random, rank: number, most = 5): number[] => Array.from({ length: rank }, () => int(next, 1, most));

const expectIdentical = (f: (...xs: AnyTensor[]) => AnyTensor[], inputs: AnyTensor[]): CompileStats => {
  const program = programOf(f, inputs);
  const executable = backend.compile(program);
  const got = executable.run(inputs);
  const want = reference(program, inputs);
  expect(executable.stats.fallbacks).toEqual([]);
  expect(executable.stats.steps.fallback).toBe(0);
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i] ?? g;
    expect(g.shape).toEqual(w.shape);
    expect(identical(g, w)).toBe(true);
  });
  return executable.stats;
};

const dtypes = ["float32", "float64"] as const;

describe("strided views copied on the device", () => {
  for (const dtype of dtypes) {
    it(`random transposes and strided slices of rank 1–6 (${dtype})`, () => {
      const next = mulberry32(11);
      for (let trial = 0; trial < 40; trial++) {
        const shape = randomShape(next, int(next, 1, 6));
        const { input, view } = randomView(next, shape, dtype);
        expectIdentical((x) => [view(x)], [input]);
      }
    });
  }

  it("a long contiguous inner run at every length mod 4 (vector loop and tail)", () => {
    for (const dtype of dtypes) {
      for (const width of [1, 2, 3, 4, 5, 17, 38, 64, 67]) {
        const x = tensor(mulberry32(width), [6, width + 3], dtype);
        expect(expectIdentical((a) => [lax.slice(a, [1, 2], [6, width + 2], [2, 1])], [x]).steps.copy).toBe(1);
      }
    }
  });

  it("a broadcast read through a transpose (stride 0 inside)", () => {
    const x = tensor(mulberry32(3), [3, 1, 4], "float32");
    expectIdentical((a) => [lax.transpose(lax.broadcast(a, [3, 5, 4]), [2, 0, 1])], [x]);
  });
});

describe("pad on the device", () => {
  for (const dtype of dtypes) {
    it(`random lo / hi / interior padding of random views (${dtype})`, () => {
      const next = mulberry32(23);
      for (let trial = 0; trial < 40; trial++) {
        const shape = randomShape(next, int(next, 1, 4));
        const lo = shape.map(() => int(next, 0, 2));
        const hi = shape.map(() => int(next, 0, 2));
        const interior = shape.map(() => int(next, 0, 2));
        const { input, view } = randomView(next, shape, dtype);
        expectIdentical((x) => [lax.pad(view(x), lo, hi, interior)], [input]);
      }
    });
  }

  it("no padding at all, an empty operand, and a literal operand", () => {
    const x = tensor(mulberry32(5), [2, 3], "float64");
    expectIdentical((a) => [lax.pad(a, [0, 0], [0, 0], [0, 0])], [x]);
    expectIdentical((a) => [lax.pad(lax.slice(a, [0, 1], [2, 1]), [1, 0], [0, 2], [1, 1])], [x]);
    expectIdentical((a) => [lax.add(a, a), lax.pad(lax.broadcast(lax.fullLike(a, 2.5), [2, 3]), [1, 1], [0, 1], [1, 0])], [x]);
  });
});

describe("concatenate on the device", () => {
  for (const dtype of dtypes) {
    it(`1–4 random views along any axis (${dtype})`, () => {
      const next = mulberry32(37);
      for (let trial = 0; trial < 40; trial++) {
        const shape = randomShape(next, int(next, 1, 4), 4);
        const axis = int(next, 0, shape.length - 1);
        const parts = Array.from({ length: int(next, 1, 4) }, () =>
          randomView(next, shape.map((d, a) => (a === axis ? int(next, 0, 3) : d)), dtype),
        );
        expectIdentical((...xs) => [lax.concatenate(xs.map((x, k) => parts[k]?.view(x) ?? x), axis)], parts.map((p) => p.input));
      }
    });
  }
});

describe("the copy kernel's loops", () => {
  it("merges axes that are one run in both views and drops size-1 axes", () => {
    // a row-major [2, 3, 4] block into the interior of a [2, 3, 6] array: rows stay separate
    expect(collapseCopy([2, 3, 4], [12, 4, 1], [18, 6, 1])).toEqual({ counts: [6, 4], sourceStrides: [4, 1], targetStrides: [6, 1] });
    expect(collapseCopy([2, 1, 3], [3, 99, 1], [3, 7, 1])).toEqual({ counts: [6], sourceStrides: [1], targetStrides: [1] });
    expect(collapseCopy([4, 5], [1, 4], [5, 1])).toEqual({ counts: [4, 5], sourceStrides: [1, 4], targetStrides: [5, 1] });
    expect(collapseCopy([], [], [])).toEqual({ counts: [1], sourceStrides: [0], targetStrides: [0] });
  });
});

describe("a CNN training step (conv and pool through copies)", () => {
  it("compiles with no pad or concatenate fallback and follows the eager step with the reference kernels", () => {
    // the CLI's CNN without dropout (src/cli/models.ts)
    const model = sequential(
      sequential(conv2d(1, 8, 3), activation(relu, "relu"), maxPool2d(2), conv2d(8, 16, 3), activation(relu, "relu"), maxPool2d(2), flattenLayer()),
      dense(400, 10),
    );
    const params = model.init(key(1));
    const adam = optim.adam(1e-3);
    type P = typeof params;
    const step = (p: P, s: ReturnType<typeof adam.init<P>>, x: Tensor<[8, 28, 28, 1]>, y: Tensor<[8], "int32">) => {
      const [loss, g] = valueAndGrad((q: P) => nn.sparseSoftmaxCrossEntropy(model.apply(q, x), y))(p);
      const [u, s2] = adam.update(g, s);
      return { loss, params: applyUpdates(p, u), state: s2 };
    };
    const next = mulberry32(7);
    const x: Tensor<[8, 28, 28, 1]> = fromArray(Array.from({ length: 8 * 28 * 28 }, () => next()), [8, 28, 28, 1]);
    const y: Tensor<[8], "int32"> = fromArray(Array.from({ length: 8 }, () => int(next, 0, 9)), [8], "int32");
    const state = adam.init(params);
    const compiled = jit(step, { backend });
    const stats = backend.compile(compiled.program(params, state, x, y)).stats;
    expect(stats.fallbacks.filter((p) => p === "pad" || p === "concatenate")).toEqual([]);
    const got = compiled(params, state, x, y);
    const want = withReferenceKernels(() => step(params, state, x, y));
    const [g] = flatten(got);
    const [w] = flatten(want);
    expect(g.length).toBe(w.length);
    g.forEach((t, i) => expect(mismatch(t, w[i] ?? t, 1e-4)).toBeUndefined());
  });
});
