// Matrix products. `matmul` is NumPy's for rank ≥ 2: the last two axes are matrices and the
// leading (batch) axes broadcast.
//   matmul(x: Tensor<[64, 784]>, w: Tensor<[784, 128]>) → Tensor<[64, 128]>
//   matmul(x: Tensor<[64, 784]>, w: Tensor<[780, 128]>) → compile error: inner dims differ

import * as lax from "../core/lax.js";
import { matmulShape, type Guard, type Matmul, type Ok, type Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { typed } from "./typed.js";

export function matmul<A extends Shape, B extends Shape, D extends DType = "float32">(
  a: Tensor<A, D>, b: Tensor<B, NoInfer<D>> & Guard<Matmul<A, B>>,
): Tensor<Ok<Matmul<A, B>>, D> {
  const out = matmulShape(a.shape, b.shape);
  const batch = out.slice(0, -2);
  const ra = a.shape.length;
  const rb = b.shape.length;
  const aFull = lax.broadcast(a, [...batch, ...a.shape.slice(ra - 2)]);
  const bFull = lax.broadcast(b, [...batch, ...b.shape.slice(rb - 2)]);
  return typed(lax.dot(aFull, bFull));
}
