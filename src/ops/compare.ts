// Comparisons give bool masks; `where` selects by a mask. Masks are piecewise constant: their
// derivative is zero, and `where` passes the derivative of the branch it picks.

import * as lax from "../core/lax.js";
import type { CompareOp } from "../core/primitives.js";
import { broadcastShapes, type Broadcast, type Guard, type Ok, type Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../tensor/tensor.js";
import { broadcasting, type Operand } from "./elementwise.js";
import { asTensor, dtypeOf, typed } from "./typed.js";

/** A comparison, with the same signatures in the same order as the arithmetic ops (see Binary). */
export interface Comparison {
  <S extends Shape, D extends DType = "float32">(a: Tensor<S, D>, b: number): Tensor<S, "bool">;
  <S extends Shape, D extends DType = "float32">(a: number, b: Tensor<S, D>): Tensor<S, "bool">;
  <S extends Shape, D extends DType = "float32">(a: Tensor<S, D>, b: Tensor<NoInfer<S>, NoInfer<D>>): Tensor<S, "bool">;
  <A extends Shape, B extends Shape = [], D extends DType = "float32">(a: Tensor<A, D>, b: Operand<A, B, NoInfer<D>>): Tensor<Ok<Broadcast<A, B>>, "bool">;
}
// The result's type is the shape rule's; the runtime rule in `broadcasting` checks the same thing.
const comparison = (op: CompareOp, name: string): Comparison =>
  ((a: AnyTensor | number, b: AnyTensor | number) => broadcasting(name, (x, y) => lax.compare(op, x, y), a, b)) as Comparison;

export const less: Comparison = comparison("lt", "less");
export const lessEqual: Comparison = comparison("le", "lessEqual");
export const greater: Comparison = comparison("gt", "greater");
export const greaterEqual: Comparison = comparison("ge", "greaterEqual");
export const equal: Comparison = comparison("eq", "equal");
export const notEqual: Comparison = comparison("ne", "notEqual");

/** Elementwise `cond ? a : b`, broadcasting all three (numbers take the tensors' dtype). */
export function where<C extends Shape, A extends Shape = [], B extends Shape = [], D extends DType = "float32">(
  cond: Tensor<C, "bool">,
  a: (Tensor<A, D> & Guard<Broadcast<C, A>>) | number,
  b: (Tensor<B, NoInfer<D>> & Guard<Broadcast<Ok<Broadcast<C, A>>, B>>) | number,
): Tensor<Ok<Broadcast<Ok<Broadcast<C, A>>, B>>, D> {
  const dtype = dtypeOf(a, b);
  const [x, y] = [asTensor(a, dtype), asTensor(b, dtype)];
  const shape = broadcastShapes("where", broadcastShapes("where", cond.shape, x.shape), y.shape);
  return typed(lax.select(lax.broadcast(cond, shape), lax.broadcast(x, shape), lax.broadcast(y, shape)));
}

/** Elementwise logical not of a mask. */
export const logicalNot = <S extends Shape>(m: Tensor<S, "bool">): Tensor<S, "bool"> =>
  typed(lax.compare("eq", lax.convert(m, "int32"), lax.zerosLike(lax.convert(m, "int32"))));
