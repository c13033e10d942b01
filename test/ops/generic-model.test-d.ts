// A model body generic in its batch size B type-checks with exact shapes, and a body that
// multiplies by a weight of the wrong shape does not, even though B is unknown.
import { describe, expectTypeOf, it } from "vitest";
import { add, div, mul, relu, sqrt, sub } from "../../src/ops/elementwise.js";
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

/** Standardizes each feature over the batch: x − mean(x, 0, keepdims) broadcasts [1, F] against [B, F]. */
function standardize<B extends number, F extends number>(x: Tensor<[B, F]>): Tensor<[B, F]> {
  const mu = mean(x, 0, true);
  expectTypeOf(mu).toEqualTypeOf<Tensor<[1, F]>>();
  const centred = sub(x, mu);
  expectTypeOf(centred).toEqualTypeOf<Tensor<[B, F]>>();
  const sd = sqrt(add(mean(mul(centred, centred), 0, true), 1e-5));
  return div(centred, sd);
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
  it("a leading 1 broadcasts against a generic leading dim, on either side", () => {
    expectTypeOf(standardize<16, 3>).returns.toEqualTypeOf<Tensor<[16, 3]>>();
    function shift<B extends number>(x: Tensor<[B, 128]>, row: Tensor<[1, 128]>) {
      return [add(x, row), sub(row, x)] as const;
    }
    expectTypeOf(shift<8>).returns.toEqualTypeOf<readonly [Tensor<[8, 128]>, Tensor<[8, 128]>]>();
  });
  it("a leading-1 operand with other trailing dims or another dtype is rejected", () => {
    function wrongRow<B extends number>(x: Tensor<[B, 128]>, row: Tensor<[1, 127]>) {
      // @ts-expect-error trailing dims 128 and 127 differ
      return add(x, row);
    }
    function wrongDType<B extends number>(x: Tensor<[B, 128]>, row: Tensor<[1, 128], "float64">) {
      // @ts-expect-error float32 and float64 do not mix
      return add(x, row);
    }
    expectTypeOf(wrongRow).toBeFunction();
    expectTypeOf(wrongDType).toBeFunction();
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
