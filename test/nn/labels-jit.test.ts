// Labels known only when a compiled program runs reach the same verdict as eager labels: the
// checkIndices primitive in the traced program raises the LabelError that the eager check raises,
// naming the op, the label, its position and the class count — on the Wasm backend and the
// reference interpreter, through grad and vmap, and for accuracy, topK and embedding ids.
import { afterAll, describe, expect, it } from "vitest";
import { grad } from "../../src/ad/api.js";
import { vmap } from "../../src/ad/vmap.js";
import { jit, referenceBackend } from "../../src/backend/jit/index.js";
import { createWasmBackend } from "../../src/backend/wasm-jit/index.js";
import { LabelError } from "../../src/nn/errors.js";
import { embedding } from "../../src/nn/layers/embedding.js";
import { sparseSoftmaxCrossEntropy } from "../../src/nn/losses.js";
import { accuracy, topK } from "../../src/nn/metrics.js";
import { key } from "../../src/random/index.js";
import { fromArray, type Tensor } from "../../src/tensor/index.js";

const wasm = createWasmBackend({ threads: false });
afterAll(() => wasm.close());

const logits: Tensor<[4, 10], "float64"> = fromArray(Array.from({ length: 40 }, (_, i) => Math.sin(i)), [4, 10], "float64");
const labels = (values: readonly number[]): Tensor<[4], "int32"> => fromArray(values, [4], "int32");
const loss = (z: Tensor<[4, 10], "float64">, y: Tensor<[4], "int32">) => sparseSoftmaxCrossEntropy(z, y);

/** The error a call throws (fails the test if it returns). */
const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (error) {
    return error;
  }
  return expect.fail("expected the call to throw");
};

describe.each([["wasm", wasm], ["reference", referenceBackend]] as const)("sparseSoftmaxCrossEntropy under jit (%s backend)", (_name, backend) => {
  it.each([
    [[0, 12, 3, 1], "label 12 at position 1"],
    [[0, 1, 2, -1], "label -1 at position 3"],
    [[10, 0, 0, 0], "label 10 at position 0"],
  ])("labels %j: the same LabelError as eagerly (%s, classes 10)", (values, what) => {
    const eager = thrown(() => loss(logits, labels(values)));
    const compiled = thrown(() => jit(loss, { backend })(logits, labels(values)));
    expect(compiled).toBeInstanceOf(LabelError);
    expect(String(compiled)).toBe(`LabelError: sparseSoftmaxCrossEntropy: got ${what} (expected labels in [0, 10))`);
    expect(String(compiled)).toBe(String(eager));
  });

  it("the compiled program stays usable: good labels after a bad call give the eager loss", () => {
    const f = jit(loss, { backend });
    expect(() => f(logits, labels([0, 99, 3, 1]))).toThrow(LabelError);
    expect(f(logits, labels([0, 9, 3, 1])).item()).toBeCloseTo(loss(logits, labels([0, 9, 3, 1])).item(), 12);
    expect(f.stats().compilations).toBe(1);
  });

  it("jit(grad(loss)) reports the bad label too (nothing differentiates labels)", () => {
    const g = jit(grad((z: Tensor<[4, 10], "float64">, y: Tensor<[4], "int32">) => loss(z, y)), { backend });
    expect(() => g(logits, labels([0, 1, 2, 3]))).not.toThrow();
    expect(() => g(logits, labels([0, 1, 2, 10]))).toThrow("sparseSoftmaxCrossEntropy: got label 10 at position 3 (expected labels in [0, 10))");
  });

  it("accuracy, topK and embedding ids under jit", () => {
    expect(() => jit((z: Tensor<[4, 10], "float64">, y: Tensor<[4], "int32">) => accuracy(z, y), { backend })(logits, labels([0, 1, 2, 30])))
      .toThrow("accuracy: got label 30 at position 3 (expected labels in [0, 10))");
    expect(() => jit((z: Tensor<[4, 10], "float64">, y: Tensor<[4], "int32">) => topK(z, y, 3), { backend })(logits, labels([-2, 1, 2, 3])))
      .toThrow("topK: got label -2 at position 0 (expected labels in [0, 10))");
    const table = embedding(5, 3, { dtype: "float64" });
    const params = table.init(key(0));
    const lookup = jit((ids: Tensor<[4], "int32">) => table.apply(params, ids), { backend });
    expect(lookup(labels([0, 4, 1, 2])).shape).toEqual([4, 3]);
    const error = thrown(() => lookup(labels([0, 5, 1, 2])));
    expect(error).toBeInstanceOf(LabelError);
    expect(String(error)).toMatch(/: got id 5 at position 1 \(expected ids in \[0, 5\)\)$/);
  });
});

describe("labels traced by vmap", () => {
  it("are checked when the batched program runs", () => {
    const rows = vmap((z: Tensor<[4, 10], "float64">, y: Tensor<[4], "int32">) => loss(z, y));
    const z3 = fromArray(Array.from({ length: 120 }, (_, i) => Math.cos(i)), [3, 4, 10], "float64");
    const y3 = fromArray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 0], [3, 4], "int32");
    const error = thrown(() => rows(z3, y3));
    expect(error).toBeInstanceOf(LabelError);
    expect(String(error)).toMatch(/sparseSoftmaxCrossEntropy: got label 11 at position 10 \(expected labels in \[0, 10\)\)/);
  });
});
