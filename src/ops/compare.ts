// Comparisons give bool masks; `where` selects by a mask. Masks are piecewise constant: their
// derivative is zero, and `where` passes the derivative of the branch it picks.

import * as lax from "../core/lax.js";
import type { CompareOp } from "../core/primitives.js";
import { broadcastShapes, type Broadcast, type Guard, type Ok, type Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../tensor/tensor.js";
import { broadcasting, type Broadcasting } from "./elementwise.js";
import type { StretchesInto } from "../shape/types/stretch.js";
import { asTensor, dtypeOf, typed } from "./typed.js";

/** A comparison: the signatures of the arithmetic ops (see Broadcasting), with a bool result. */
export type Comparison<Op extends string = string> = Broadcasting<Op, "bool">;
// The result's type is the shape rule's; the runtime rule in `broadcasting` checks the same thing.
const comparison = <Name extends string>(op: CompareOp, name: Name): Comparison<Name> =>
  ((a: AnyTensor | number, b: AnyTensor | number) => broadcasting(name, (x, y) => lax.compare(op, x, y), a, b)) as Comparison<Name>;

export const less: Comparison<"less"> = comparison("lt", "less");
export const lessEqual: Comparison<"lessEqual"> = comparison("le", "lessEqual");
export const greater: Comparison<"greater"> = comparison("gt", "greater");
export const greaterEqual: Comparison<"greaterEqual"> = comparison("ge", "greaterEqual");
export const equal: Comparison<"equal"> = comparison("eq", "equal");
export const notEqual: Comparison<"notEqual"> = comparison("ne", "notEqual");

/** A branch of `where`: a tensor of the result's dtype or a number. */
type Branch<S extends Shape, D extends DType> = Tensor<S, D> | number;

/**
 * The signatures of `where`, tried in order like those of the arithmetic ops (see Broadcasting):
 * all three of one shape; NumPy broadcasting of known dims; for generic code, a mask and a branch
 * that broadcast into the other branch's shape, or branches that broadcast into the mask's
 * (`where(causal: [T, T], scores: [B, H, T, T], -1e9)`); and NumPy broadcasting again for the
 * error message.
 */
export interface Where {
  <S extends Shape, D extends DType = "float32">(cond: Tensor<S, "bool">, a: Branch<NoInfer<S>, D>, b: Branch<NoInfer<S>, NoInfer<D>>): Tensor<S, D>;
  <C extends Shape, A extends Shape = [], B extends Shape = [], D extends DType = "float32">(
    cond: Tensor<C, "bool">,
    a: (Tensor<A, D> & Guard<Broadcast<C, A, "where">>) | number,
    b: (Tensor<B, NoInfer<D>> & Guard<Broadcast<Ok<Broadcast<C, A, "where">>, B, "where">>) | number,
  ): Tensor<Ok<Broadcast<Ok<Broadcast<C, A, "where">>, B, "where">>, D>;
  <A extends Shape, D extends DType = "float32">(cond: Tensor<StretchesInto<NoInfer<A>>, "bool">, a: Tensor<A, D>, b: Branch<StretchesInto<NoInfer<A>>, NoInfer<D>>): Tensor<A, D>;
  <B extends Shape, D extends DType = "float32">(cond: Tensor<StretchesInto<NoInfer<B>>, "bool">, a: Branch<StretchesInto<NoInfer<B>>, D>, b: Tensor<B, NoInfer<D>>): Tensor<B, D>;
  <C extends Shape, D extends DType = "float32">(cond: Tensor<C, "bool">, a: Branch<StretchesInto<NoInfer<C>>, D>, b: Branch<StretchesInto<NoInfer<C>>, NoInfer<D>>): Tensor<C, D>;
  <C extends Shape, A extends Shape = [], B extends Shape = [], D extends DType = "float32">(
    cond: Tensor<C, "bool">,
    a: (Tensor<A, D> & Guard<Broadcast<C, A, "where">>) | number,
    b: (Tensor<B, NoInfer<D>> & Guard<Broadcast<Ok<Broadcast<C, A, "where">>, B, "where">>) | number,
  ): Tensor<Ok<Broadcast<Ok<Broadcast<C, A, "where">>, B, "where">>, D>;
}

/** Elementwise `cond ? a : b`, broadcasting all three (numbers take the tensors' dtype). */
export const where: Where = ((cond: Tensor<Shape, "bool">, a: AnyTensor | number, b: AnyTensor | number): AnyTensor => {
  const dtype = dtypeOf(a, b);
  const [x, y] = [asTensor(a, dtype), asTensor(b, dtype)];
  const shape = broadcastShapes("where", broadcastShapes("where", cond.shape, x.shape), y.shape);
  return lax.select(lax.broadcast(cond, shape), lax.broadcast(x, shape), lax.broadcast(y, shape));
}) as Where; // the result's type is the shape rule's; broadcastShapes checks the same rule at runtime

/** Elementwise logical not of a mask. */
export const logicalNot = <S extends Shape>(m: Tensor<S, "bool">): Tensor<S, "bool"> =>
  typed(lax.compare("eq", lax.convert(m, "int32"), lax.zerosLike(lax.convert(m, "int32"))));
