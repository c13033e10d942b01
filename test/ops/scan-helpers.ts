// A GRU-like recurrence written once, run by scan and by a plain JS loop (the oracle: the same
// ops in the same order, unrolled), with deterministic float64 parameters and inputs.
import { add, mul, sigmoid, sub, tanh } from "../../src/ops/elementwise.js";
import { matmul } from "../../src/ops/matmul.js";
import { fromArray } from "../../src/tensor/create.js";
import type { FloatDType } from "../../src/tensor/dtype.js";
import type { Tensor } from "../../src/tensor/tensor.js";

export interface Gru<F extends number, H extends number, D extends FloatDType> {
  readonly wz: Tensor<[F, H], D>; readonly uz: Tensor<[H, H], D>;
  readonly wr: Tensor<[F, H], D>; readonly ur: Tensor<[H, H], D>;
  readonly wh: Tensor<[F, H], D>; readonly uh: Tensor<[H, H], D>;
}

/** Deterministic numbers in (-scale, scale). */
export const wave = <const S extends readonly number[], D extends FloatDType = "float64">(shape: S, seed: number, scale = 0.5, dtype?: D) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return fromArray(Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * scale), shape, dtype ?? ("float64" as D));
};

export const gruParams = <F extends number, H extends number, D extends FloatDType = "float64">(f: F, h: H, dtype?: D): Gru<F, H, D> => ({
  wz: wave([f, h], 1, 0.5, dtype), uz: wave([h, h], 2, 0.5, dtype),
  wr: wave([f, h], 3, 0.5, dtype), ur: wave([h, h], 4, 0.5, dtype),
  wh: wave([f, h], 5, 0.5, dtype), uh: wave([h, h], 6, 0.5, dtype),
});

/** One GRU step: z, r gates; candidate n = tanh(x·Wh + (r∘h)·Uh); h' = (1 − z)∘n + z∘h. */
export function gruStep<B extends number, F extends number, H extends number, D extends FloatDType>(
  p: Gru<F, H, D>, h: Tensor<[B, H], D>, x: Tensor<[B, F], D>,
): Tensor<[B, H], D> {
  const z = sigmoid(add(matmul(x, p.wz), matmul(h, p.uz)));
  const r = sigmoid(add(matmul(x, p.wr), matmul(h, p.ur)));
  const n = tanh(add(matmul(x, p.wh), matmul(mul(r, h), p.uh)));
  return add(mul(sub(1, z), n), mul(z, h));
}
