// Jacobians and second derivatives, built from jvp and vjp:
//   jacfwd(f)(x)  one jvp per input element  (cheap for few inputs)
//   jacrev(f)(x)  one vjp per output element (cheap for few outputs)
//   hessian(f)(x) = jacfwd(grad(f))(x)       (forward-over-reverse)
//   hvp(f, x, v)  = jvp(grad(f), [x], [v])   (one Hessian-vector product without the Hessian)
//
// Inputs and outputs may be trees, as in JAX: the Jacobian of a tree-to-tree function is a tree
// with the output's structure whose every tensor leaf y is replaced by a tree with the input's
// structure whose every leaf x is ∂y/∂x, of shape y.shape ++ x.shape. For one tensor in and one
// out that is the familiar out.shape ++ in.shape; the Hessian of a scalar function of a tree P is
// a P of P's, H[i][j] of shape x_i.shape ++ x_j.shape.

import * as lax from "../core/lax.js";
import type { Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../tensor/tensor.js";
import { flatten, unflatten, type Grad, type Kept, type Static, type TreeDef } from "../tree/tree.js";
import { flatFunction, grad, jvp, vjp, type Scalar } from "./api.js";

/** P's structure with each leaf Tensor<S, DIn> replaced by ∂y/∂x: Tensor<[...T, ...S]> for an
 *  output leaf y of shape T and dtype DOut, in the output's dtype (forward mode builds it from
 *  output tangents) or the input's (reverse mode builds it from input cotangents). */
type WithRespectTo<P, T extends Shape, DOut extends DType, Mode extends "fwd" | "rev"> =
  P extends Tensor<infer S extends Shape, infer DIn extends DType> ? Tensor<[...T, ...S], Mode extends "rev" ? DIn : DOut>
  : P extends readonly unknown[] ? { -readonly [K in keyof P]: WithRespectTo<P[K], T, DOut, Mode> }
  : P extends Static | Kept ? P
  : { -readonly [K in keyof P]: WithRespectTo<P[K], T, DOut, Mode> };

/**
 * The Jacobian of a function from P to R: R's structure, each tensor leaf replaced by P's
 * structure of blocks out.shape ++ in.shape (static leaves kept as they are). `Jacobian<Tensor<[2]>,
 * { w: Tensor<[3, 2]>; b: Tensor<[2]> }>` is `{ w: Tensor<[2, 3, 2]>; b: Tensor<[2, 2]> }`.
 */
export type Jacobian<R, P, Mode extends "fwd" | "rev" = "fwd"> =
  R extends Tensor<infer T extends Shape, infer D extends DType> ? WithRespectTo<P, T, D, Mode>
  : R extends readonly unknown[] ? { -readonly [K in keyof R]: Jacobian<R[K], P, Mode> }
  : R extends Static | Kept ? R
  : { -readonly [K in keyof R]: Jacobian<R[K], P, Mode> };

/** The Hessian of a scalar function of P: a P of P's, block [i][j] of shape x_i.shape ++ x_j.shape. */
export type Hessian<P> = Jacobian<Grad<P>, P, "fwd">;

/** The i-th standard basis vector of x's shape and dtype. */
const basis = (x: AnyTensor, i: number): AnyTensor => {
  const n = x.size;
  const flat = lax.convert(lax.compare("eq", lax.iota([n], 0, "int32"), lax.full([n], i, "int32")), x.dtype);
  return lax.reshape(flat, x.shape);
};

const zerosOf = (x: AnyTensor): AnyTensor => lax.full(x.shape, 0, x.dtype);

/** The one-hot direction: element e of leaf i, zero in every other leaf. */
const direction = (leaves: readonly AnyTensor[], i: number, e: number): AnyTensor[] =>
  leaves.map((leaf, k) => (k === i ? basis(leaf, e) : zerosOf(leaf)));

/** f as a function of the input's leaves, returning the output's leaves (and recording its structure). */
const flatOf = (f: (x: never) => unknown, x: unknown) => flatFunction(f, flatten([x])[1]);

/** The Jacobian tree from its blocks: blocks[j][i] = ∂ out_j / ∂ in_i. */
const assemble = (outDef: TreeDef, inDef: TreeDef, blocks: readonly (readonly AnyTensor[])[]): unknown =>
  unflatten(outDef, blocks.map((row) => unflatten(inDef, row)));

/** ∂f/∂x by forward mode, one jvp per input element: a tree of blocks out.shape ++ in.shape. */
function jacobianForward(f: (x: never) => unknown, x: unknown): unknown {
  const [ins, inDef] = flatten(x);
  const { flat, outputDef } = flatOf(f, x);
  const outs = flat(...ins);
  // columns[i][e][j] = ∂ out_j / ∂ (in_i)_e, of out_j's shape.
  const columns = ins.map((leaf, i) => Array.from({ length: leaf.size }, (_, e) => jvp(flat, ins, direction(ins, i, e))[1]));
  const blocks = outs.map((out, j) => ins.map((leaf, i) => {
    const cols = (columns[i] ?? []).map((c) => c[j] ?? out);
    // Stack the columns on a new last axis, then unfold it into the input leaf's shape.
    const stacked = cols.length === 0 ? lax.full([...out.shape, 0], 0, out.dtype) : lax.concatenate(cols.map((c) => lax.reshape(c, [...c.shape, 1])), out.shape.length);
    return lax.reshape(stacked, [...out.shape, ...leaf.shape]);
  }));
  return assemble(outputDef(), inDef, blocks);
}

/** ∂f/∂x by reverse mode, one pullback per output element: a tree of blocks out.shape ++ in.shape. */
function jacobianReverse(f: (x: never) => unknown, x: unknown): unknown {
  const [ins, inDef] = flatten(x);
  const { flat, outputDef } = flatOf(f, x);
  const [outs, pullback] = vjp(flat, ...ins);
  const blocks = outs.map((out, j) => {
    // rows[e][i] = ∂ (out_j)_e / ∂ in_i, of in_i's shape.
    const rows = Array.from({ length: out.size }, (_, e) => pullback(direction(outs, j, e)));
    return ins.map((leaf, i) => {
      const rs = rows.map((r) => r[i] ?? leaf);
      const stacked = rs.length === 0 ? lax.full([0, ...leaf.shape], 0, leaf.dtype) : lax.concatenate(rs.map((r) => lax.reshape(r, [1, ...r.shape])), 0);
      return lax.reshape(stacked, [...out.shape, ...leaf.shape]);
    });
  });
  return assemble(outputDef(), inDef, blocks);
}

/**
 * ∂f/∂x by forward mode (one jvp per input element; cheap for few inputs). x and f(x) may be
 * trees: the result has f(x)'s structure with each leaf y a tree of x's structure of blocks
 * ∂y/∂x_i, shape y.shape ++ x_i.shape.
 */
export function jacfwd<P, R>(f: (x: P) => R): (x: P) => Jacobian<R, P, "fwd"> {
  // Built leaf by leaf from f's own output and input structures, as Jacobian<R, P> states.
  return (x) => jacobianForward(f, x) as Jacobian<R, P, "fwd">;
}

/**
 * ∂f/∂x by reverse mode (one vjp per output element; cheap for few outputs), of the same
 * structure and shapes as jacfwd's; each block has its input leaf's dtype.
 */
export function jacrev<P, R>(f: (x: P) => R): (x: P) => Jacobian<R, P, "rev"> {
  return (x) => jacobianReverse(f, x) as Jacobian<R, P, "rev">; // as Jacobian<R, P> states
}

/** The Hessian of a scalar function of a tensor or a tree (forward over reverse): block [i][j] = ∂²f/∂x_i∂x_j. */
export function hessian<P>(f: (x: P) => Scalar): (x: P) => Hessian<P> {
  const g = grad(f);
  return (x) => jacobianForward(g, x) as Hessian<P>; // grad(f) returns Grad<P>, whose Jacobian is Hessian<P>
}

/** The Hessian-vector product ∇²f(x)·v for a scalar f of a parameter tree. */
export function hvp<P>(f: (params: P) => Scalar, params: P, v: Grad<P>): Grad<P> {
  const g = grad(f);
  return jvp((p: P) => g(p), [params], [v] as unknown as [Grad<P>])[1] as Grad<P>; // jvp's tangent of grad(f) is a tree of P's type
}

export type { DType };
