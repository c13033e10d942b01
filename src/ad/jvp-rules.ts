// Forward-mode rules: for each primitive, how a tangent (an infinitesimal change of the inputs)
// maps to the tangent of the output. `null` is a symbolic zero tangent (e.g. of a constant), so
// programs stay free of `x + 0` and `x * 0` terms.

import * as lax from "../core/lax.js";
import { bind } from "../core/trace.js";
import type { Params, PrimTag } from "../core/primitives.js";
import type { Tensor, AnyTensor } from "../tensor/tensor.js";

type T = AnyTensor;
export type Tangent = T | null;

/** Given primal inputs and their tangents, returns the primal output and its tangent. */
export type JvpRule<P extends PrimTag> = (primals: readonly T[], tangents: readonly Tangent[], params: Params<P>) => readonly [T, Tangent];

const p = (xs: readonly T[], i: number): T => {
  const x = xs[i];
  if (x === undefined) throw new TypeError(`jvp: missing operand ${i}`);
  return x;
};
const tan = (ts: readonly Tangent[], i: number): Tangent => ts[i] ?? null;

/** A symbolic zero made concrete where a rule needs a tensor. */
export const instantiate = (t: Tangent, primal: T): T => t ?? lax.zerosLike(primal);

// -- combinators ---------------------------------------------------------------------------------

/** tangent_out = f(tangents) for primitives linear in every input (add, reshape, concatenate, …). */
const linear = <P extends PrimTag>(apply: (xs: readonly T[], params: Params<P>) => T): JvpRule<P> =>
  (primals, tangents, params) => {
    const out = apply(primals, params);
    if (tangents.every((t) => t === null)) return [out, null];
    return [out, apply(tangents.map((t, i) => instantiate(t, p(primals, i))), params)];
  };

/** tangent_out = t · f'(x), for unary ops with derivative `deriv(x, y)` where y = f(x). */
const unary = (f: (x: T) => T, deriv: (x: T, y: T) => T): JvpRule<PrimTag> => (primals, tangents) => {
  const x = p(primals, 0);
  const y = f(x);
  const t = tan(tangents, 0);
  return [y, t === null ? null : lax.mul(t, deriv(x, y))];
};

/** Output has no derivative (comparisons, iota, integer results). */
const zeroTangent = <P extends PrimTag>(apply: (xs: readonly T[], params: Params<P>) => T): JvpRule<P> =>
  (primals, _tangents, params) => [apply(primals, params), null];

const addTangents = (a: Tangent, b: Tangent): Tangent => (a === null ? b : b === null ? a : lax.add(a, b));


// -- the table -----------------------------------------------------------------------------------

export const jvpRules: { readonly [P in PrimTag]: JvpRule<P> } = {
  // d(-x) = -dx
  neg: linear((xs) => lax.neg(p(xs, 0))),
  // d(exp x) = exp x · dx
  exp: unary(lax.exp, (_x, y) => y),
  // d(log x) = dx / x
  log: unary(lax.log, (x) => lax.div(lax.onesLike(x), x)),
  // d(sin x) = cos x · dx
  sin: unary(lax.sin, (x) => lax.cos(x)),
  // d(cos x) = -sin x · dx
  cos: unary(lax.cos, (x) => lax.neg(lax.sin(x))),
  // d(tanh x) = (1 - tanh² x) · dx
  tanh: unary(lax.tanh, (_x, y) => lax.sub(lax.onesLike(y), lax.mul(y, y))),
  // d(√x) = dx / (2√x)
  sqrt: unary(lax.sqrt, (_x, y) => lax.div(lax.fullLike(y, 0.5), y)),
  // d(eˣ − 1) = eˣ · dx
  expm1: unary(lax.expm1, (x) => lax.exp(x)),
  // d log(1 + x) = dx / (1 + x)
  log1p: unary(lax.log1p, (x) => lax.div(lax.onesLike(x), lax.add(lax.onesLike(x), x))),
  // d(a + b) = da + db
  add: linear((xs) => lax.add(p(xs, 0), p(xs, 1))),
  // d(a - b) = da - db
  sub: linear((xs) => lax.sub(p(xs, 0), p(xs, 1))),
  // d(a · b) = da · b + a · db
  mul: (primals, tangents) => {
    const [a, b] = [p(primals, 0), p(primals, 1)];
    const [ta, tb] = [tan(tangents, 0), tan(tangents, 1)];
    return [lax.mul(a, b), addTangents(ta === null ? null : lax.mul(ta, b), tb === null ? null : lax.mul(a, tb))];
  },
  // d(a / b) = da / b - db · a / b² = (da - db · y) / b,  y = a / b
  div: (primals, tangents) => {
    const [a, b] = [p(primals, 0), p(primals, 1)];
    const [ta, tb] = [tan(tangents, 0), tan(tangents, 1)];
    const y = lax.div(a, b);
    const fromA = ta === null ? null : lax.div(ta, b);
    const fromB = tb === null ? null : lax.neg(lax.div(lax.mul(tb, y), b));
    return [y, addTangents(fromA, fromB)];
  },
  // d(aᵇ) = b · aᵇ⁻¹ · da + aᵇ · log a · db
  pow: (primals, tangents) => {
    const [a, b] = [p(primals, 0), p(primals, 1)];
    const [ta, tb] = [tan(tangents, 0), tan(tangents, 1)];
    const y = lax.pow(a, b);
    const fromA = ta === null ? null : lax.mul(ta, lax.mul(b, lax.pow(a, lax.sub(b, lax.onesLike(b)))));
    const fromB = tb === null ? null : lax.mul(tb, lax.mul(y, lax.log(a)));
    return [y, addTangents(fromA, fromB)];
  },
  // d max(a, b) = da where a > b, db where a < b, (da + db) / 2 at ties
  max: (primals, tangents) => pickBy("gt", lax.max, primals, tangents),
  // d min(a, b) = da where a < b, db where a > b, (da + db) / 2 at ties
  min: (primals, tangents) => pickBy("lt", lax.min, primals, tangents),
  // comparisons are piecewise constant: zero derivative
  compare: zeroTangent((xs, { op }) => lax.compare(op, p(xs, 0), p(xs, 1))),
  // d select(c, a, b) = select(c, da, db); the predicate has no tangent
  select: (primals, tangents) => {
    const [c, a, b] = [p(primals, 0), p(primals, 1), p(primals, 2)];
    const [ta, tb] = [tan(tangents, 1), tan(tangents, 2)];
    const out = lax.select(c, a, b);
    if (ta === null && tb === null) return [out, null];
    return [out, lax.select(c, instantiate(ta, a), instantiate(tb, b))];
  },
  // d Σx = Σ dx
  reduceSum: linear((xs, { axes }) => lax.reduceSum(p(xs, 0), axes)),
  // d max x = the mean of dx over the positions that attain the maximum
  reduceMax: (primals, tangents, { axes }) => {
    const x = p(primals, 0);
    const y = lax.reduceMax(x, axes);
    const t = tan(tangents, 0);
    if (t === null) return [y, null];
    const hits = lax.convert(lax.compare("eq", x, lax.expandReduced(y, x.shape, axes)), x.dtype);
    return [y, lax.div(lax.reduceSum(lax.mul(t, hits), axes), lax.reduceSum(hits, axes))];
  },
  broadcast: linear((xs, { shape }) => lax.broadcast(p(xs, 0), shape)),
  reshape: linear((xs, { shape }) => lax.reshape(p(xs, 0), shape)),
  transpose: linear((xs, { perm }) => lax.transpose(p(xs, 0), perm)),
  slice: linear((xs, { starts, limits, strides }) => lax.slice(p(xs, 0), starts, limits, strides)),
  pad: linear((xs, { lo, hi, interior }) => lax.pad(p(xs, 0), lo, hi, interior)),
  concatenate: linear((xs, { axis }) => lax.concatenate(xs, axis)),
  // gather is linear in the gathered array; integer indices have no tangent
  gather: (primals, tangents, { axis }) => {
    const [x, idx] = [p(primals, 0), p(primals, 1)];
    const t = tan(tangents, 0);
    return [lax.gather(x, idx, axis), t === null ? null : lax.gather(t, idx, axis)];
  },
  // scatterAdd is linear in the updates
  scatterAdd: (primals, tangents, { axis, shape }) => {
    const [u, idx] = [p(primals, 0), p(primals, 1)];
    const t = tan(tangents, 0);
    return [lax.scatterAdd(u, idx, axis, shape), t === null ? null : lax.scatterAdd(t, idx, axis, shape)];
  },
  iota: zeroTangent((_xs, { shape, axis, dtype }) => lax.iota(shape, axis, dtype)),
  // d(op(A)·op(B)) = op(dA)·op(B) + op(A)·op(dB)
  dot: (primals, tangents, { transposeA, transposeB }) => {
    const [a, b] = [p(primals, 0), p(primals, 1)];
    const [ta, tb] = [tan(tangents, 0), tan(tangents, 1)];
    const d = (x: T, y: T): T => lax.dot(x, y, transposeA, transposeB);
    return [d(a, b), addTangents(ta === null ? null : d(ta, b), tb === null ? null : d(a, tb))];
  },
  // a float → float cast carries its tangent; casts to int32 or bool are piecewise constant
  convert: (primals, tangents, { dtype }) => {
    const x = p(primals, 0);
    const t = tan(tangents, 0);
    const floatToFloat = (dtype === "float32" || dtype === "float64") && (x.dtype === "float32" || x.dtype === "float64");
    return [lax.convert(x, dtype), floatToFloat && t !== null ? lax.convert(t, dtype) : null];
  },
  // a linear map is its own derivative: d L(r; x) = L(r; dx), with the residuals r held constant
  // (a derivative through r would need the rule's own derivative, which customVjp does not give)
  customLinear: (primals, tangents, params) => {
    const n = params.rule.residuals;
    const out = bind("customLinear", primals, params);
    const linearTangents = tangents.slice(n);
    if (linearTangents.every((t) => t === null)) return [out, null];
    const dx = linearTangents.map((t, i) => instantiate(t, p(primals, n + i)));
    return [out, bind("customLinear", [...primals.slice(0, n), ...dx], params)];
  },
  // stopGradient(x) = x with derivative zero
  stopGradient: (primals) => [lax.stopGradient(p(primals, 0)), null],
  // integer indices have no derivative
  checkIndices: zeroTangent((xs, { op, what, bound }) => lax.checkIndices(p(xs, 0), op, what, bound)),
  // a key's words are integers, not a point of a continuum: a child key has no derivative
  keyChild: zeroTangent((xs, { counter }) => lax.keyChild(p(xs, 0), counter)),
  // a draw depends only on the key's words (categorical's int32 result is piecewise constant in its logits): zero derivative
  sample: zeroTangent((xs, params) => lax.sample(p(xs, 0), params, xs[1])),
};

/** max/min: take the tangent of the winning side; split evenly at ties (the subgradient JAX uses). */
function pickBy(win: "gt" | "lt", f: (a: T, b: T) => T, primals: readonly T[], tangents: readonly Tangent[]): readonly [T, Tangent] {
  const [a, b] = [p(primals, 0), p(primals, 1)];
  const [ta, tb] = [tan(tangents, 0), tan(tangents, 1)];
  const out = f(a, b);
  if (ta === null && tb === null) return [out, null];
  const [da, db] = [instantiate(ta, a), instantiate(tb, b)];
  const lose = win === "gt" ? "lt" : "gt";
  const tie = lax.scale(lax.add(da, db), 0.5);
  return [out, lax.select(lax.compare(win, a, b), da, lax.select(lax.compare(lose, a, b), db, tie))];
}

