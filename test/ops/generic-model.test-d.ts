// A model body generic in its batch size B type-checks with exact shapes, and a body that
// multiplies by a weight of the wrong shape does not, even though B is unknown.
import { describe, expectTypeOf, it } from "vitest";
import { add, mul, relu, sub } from "../../src/ops/elementwise.js";
import { matmul } from "../../src/ops/matmul.js";
import { logsumexp, mean, sum } from "../../src/ops/reduce.js";
import { reshape } from "../../src/ops/structure.js";
import type { Tensor } from "../../src/tensor/tensor.js";

interface Params {
  readonly w1: Tensor<[784, 128]>;
  readonly b1: Tensor<[128]>;
  readonly w2: Tensor<[128, 10]>;
  readonly b2: Tensor<[10]>;
}

function mlp<B extends number>(x: Tensor<[B, 784]>, p: Params): Tensor<[B, 10]> {
  const hidden = relu(add(matmul(x, p.w1), p.b1));
  expectTypeOf(hidden).toEqualTypeOf<Tensor<[B, 128]>>();
  return add(matmul(hidden, p.w2), p.b2);
}

function crossEntropy<B extends number>(logits: Tensor<[B, 10]>, labels: Tensor<[B, 10]>): Tensor<[]> {
  const logProbs: Tensor<[B, 10]> = sub(logits, logsumexp(logits, -1, true));
  return mean(mul(sum(mul(labels, logProbs), -1), -1));
}

function fromImages<B extends number>(images: Tensor<[B, 28, 28]>, p: Params): Tensor<[B, 10]> {
  const flat = reshape(images, [images.shape[0], 784]);
  expectTypeOf(flat).toEqualTypeOf<Tensor<[B, 784]>>();
  return mlp(flat, p);
}

describe("generic model bodies", () => {
  it("mlp maps [B, 784] to [B, 10] for any B", () => {
    expectTypeOf(mlp<32>).returns.toEqualTypeOf<Tensor<[32, 10]>>();
    expectTypeOf(crossEntropy<7>).returns.toEqualTypeOf<Tensor<[]>>();
    expectTypeOf(fromImages<64>).returns.toEqualTypeOf<Tensor<[64, 10]>>();
  });
  it("a body multiplying by a [128, 784] weight is rejected", () => {
    function wrong<B extends number>(x: Tensor<[B, 784]>, w: Tensor<[128, 784]>): Tensor<[B, 784]> {
      // @ts-expect-error inner dims 784 and 128 differ
      return matmul(x, w);
    }
    expectTypeOf(wrong<1>).returns.toEqualTypeOf<Tensor<[1, 784]>>();
  });
  it("a body returning the wrong batch shape is rejected", () => {
    function wrongOut<B extends number>(x: Tensor<[B, 784]>, p: Params): Tensor<[B, 128]> {
      // @ts-expect-error [B, 10] is not [B, 128]
      return mlp(x, p);
    }
    expectTypeOf(wrongOut<1>).returns.toEqualTypeOf<Tensor<[1, 128]>>();
  });
});
