// Jacobians and second derivatives, built from jvp and vjp:
//   jacfwd(f)(x)  one jvp per input element  (cheap for few inputs)
//   jacrev(f)(x)  one vjp per output element (cheap for few outputs)
//   hessian(f)(x) = jacfwd(grad(f))(x)       (forward-over-reverse)
//   hvp(f, x, v)  = jvp(grad(f), [x], [v])   (one Hessian-vector product without the Hessian)

import * as lax from "../core/lax.js";
import type { Shape } from "../shape/index.js";
import type { DType, FloatDType } from "../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../tensor/tensor.js";
import { typed } from "../ops/typed.js";
import { grad, jvp, vjp, type Scalar } from "./api.js";
import type { Grad } from "../tree/tree.js";

/** The i-th standard basis vector of x's shape and dtype. */
const basis = (x: AnyTensor, i: number): AnyTensor => {
  const n = x.size;
  const flat = lax.convert(lax.compare("eq", lax.iota([n], 0, "int32"), lax.full([n], i, "int32")), x.dtype);
  return lax.reshape(flat, x.shape);
};

/** ∂f/∂x by forward mode: shape out.shape ++ x.shape. */
export function jacfwd<S extends Shape, T extends Shape, D extends FloatDType>(
  f: (x: Tensor<S, D>) => Tensor<T, D>,
): (x: Tensor<S, D>) => Tensor<[...T, ...S], D> {
  return (x) => {
    const columns = Array.from({ length: x.size }, (_, i) => jvp(f, [x], [typed<S, D>(basis(x, i))])[1]);
    const out = f(x);
    // columns[i] = ∂f/∂x_i, each of the output's shape: stack them on a new last axis.
    const stacked = columns.length === 0 ? lax.full([...out.shape, 0], 0, out.dtype) : lax.concatenate(columns.map((c) => lax.reshape(c, [...c.shape, 1])), out.shape.length);
    return typed(lax.reshape(stacked, [...out.shape, ...x.shape]));
  };
}

/** ∂f/∂x by reverse mode: shape out.shape ++ x.shape. */
export function jacrev<S extends Shape, T extends Shape, D extends FloatDType>(
  f: (x: Tensor<S, D>) => Tensor<T, D>,
): (x: Tensor<S, D>) => Tensor<[...T, ...S], D> {
  return (x) => {
    const [out, pullback] = vjp(f, x);
    const rows = Array.from({ length: out.size }, (_, j) => pullback(typed<T, D>(basis(out, j)) as Grad<Tensor<T, D>>)[0]);
    const stacked = rows.length === 0 ? lax.full([0, ...x.shape], 0, x.dtype) : lax.concatenate(rows.map((r) => lax.reshape(r, [1, ...r.shape])), 0);
    return typed(lax.reshape(stacked, [...out.shape, ...x.shape]));
  };
}

/** The Hessian of a scalar function: shape x.shape ++ x.shape. */
export function hessian<S extends Shape, D extends FloatDType>(f: (x: Tensor<S, D>) => Tensor<[], D>): (x: Tensor<S, D>) => Tensor<[...S, ...S], D> {
  const g = grad((x: Tensor<S, D>): Scalar => f(x));
  return jacfwd((x: Tensor<S, D>) => typed<S, D>(g(x)));
}

/** The Hessian-vector product ∇²f(x)·v for a scalar f of a parameter tree. */
export function hvp<P>(f: (params: P) => Scalar, params: P, v: Grad<P>): Grad<P> {
  const g = grad(f);
  return jvp((p: P) => g(p), [params], [v] as unknown as [Grad<P>])[1] as Grad<P>; // jvp's tangent of grad(f) is a tree of P's type
}

export type { DType };
