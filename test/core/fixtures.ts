// Two functions whose programs the core tests print, check and evaluate: a one-liner
// (Σ sin(x)·y) and a small MLP loss (two layers, relu, softmax cross-entropy via logsumexp).
import { add, mul, neg, relu, sin, sub } from "../../src/ops/elementwise.js";
import { matmul } from "../../src/ops/matmul.js";
import { logsumexp, mean, sum } from "../../src/ops/reduce.js";
import { oneHot } from "../../src/ops/structure.js";
import { fromArray, tensor } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";

/** Σ sin(x) · y */
export const sinTimes = (x: Tensor<[3]>, y: Tensor<[3]>): Tensor<[]> => sum(mul(sin(x), y));
export const sinArgs = [tensor([0, 1, 2]), tensor([1, 2, 3])] as const;

export interface MlpParams {
  readonly w1: Tensor<[4, 5]>;
  readonly b1: Tensor<[5]>;
  readonly w2: Tensor<[5, 3]>;
  readonly b2: Tensor<[3]>;
}

/** Mean softmax cross-entropy of a 4-5-3 relu network on a batch of 2 with one-hot labels. */
export function mlpLoss(p: MlpParams, x: Tensor<[2, 4]>, labels: Tensor<[2, 3]>): Tensor<[]> {
  const hidden = relu(add(matmul(x, p.w1), p.b1));
  const logits = add(matmul(hidden, p.w2), p.b2);
  const logProbs = sub(logits, logsumexp(logits, -1, true));
  return mean(neg(sum(mul(labels, logProbs), -1)));
}

const grid = <const S extends readonly number[]>(shape: S, scale: number) =>
  fromArray(Array.from({ length: shape.reduce((n, d) => n * d, 1) }, (_, i) => scale * (((i * 5) % 7) - 3)), shape);

export const mlpParams: MlpParams = { w1: grid([4, 5], 0.1), b1: grid([5], 0.05), w2: grid([5, 3], 0.2), b2: grid([3], 0.1) };
export const mlpArgs = [mlpParams, grid([2, 4], 0.5), oneHot(tensor([0, 2], "int32"), 3)] as const;
