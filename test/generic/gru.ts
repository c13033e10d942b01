// A GRU cell unrolled over time, generic over the batch B and the sequence length T:
//   z = σ(x Wz + h Uz + bz),  r = σ(x Wr + h Ur + br),
//   h̃ = tanh(x Wh + (r ⊙ h) Uh + bh),  h' = (1 − z) ⊙ h + z ⊙ h̃,
// with the input [B, T, 8] read one step at a time (take along the time axis) and the final
// hidden state [B, 16] classified by a dense layer.
import { add, matmul, mul, scalar, sub, take, tanh, sigmoid, zeros, nn, type Tensor } from "../../src/index.js";

export interface Gate {
  readonly w: Tensor<[8, 16]>;
  readonly u: Tensor<[16, 16]>;
  readonly b: Tensor<[16]>;
}
export interface GruParams {
  readonly z: Gate;
  readonly r: Gate;
  readonly h: Gate;
  readonly out: nn.DenseParams<16, 4>;
}

const gate = <B extends number>(g: Gate, x: Tensor<[B, 8]>, h: Tensor<[B, 16]>): Tensor<[B, 16]> =>
  add(add(matmul(x, g.w), matmul(h, g.u)), g.b);

/** One step of the cell: (x_t [B, 8], h [B, 16]) → h' [B, 16]. */
export function gruCell<B extends number>(p: GruParams, x: Tensor<[B, 8]>, h: Tensor<[B, 16]>): Tensor<[B, 16]> {
  const z = sigmoid(gate(p.z, x, h));
  const r = sigmoid(gate(p.r, x, h));
  const candidate = tanh(add(add(matmul(x, p.h.w), matmul(mul(r, h), p.h.u)), p.h.b));
  return add(mul(sub(1, z), h), mul(z, candidate));
}

/** The cell run over all T steps from h = 0, then class scores for the last state. */
export function gruClassify<B extends number, T extends number>(p: GruParams, xs: Tensor<[B, T, 8]>): Tensor<[B, 4]> {
  const [b, t] = xs.shape;
  let h: Tensor<[B, 16]> = zeros([b, 16]);
  for (let step = 0; step < t; step++) {
    const x = take(xs, scalar(step, "int32"), 1); // the time axis replaced by a scalar index: [B, 8]
    h = gruCell(p, x, h);
  }
  return nn.dense(16, 4).apply(p.out, h);
}
