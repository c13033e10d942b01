// Law: nested differentiation does not confuse perturbations. When a derivative is taken inside
// another one, the inner derivative must not see the outer perturbation. The classic test
// (Siskind & Pearlmutter):
//
//     d/dx [ x · d/dy (x + y) ] = d/dx [ x · 1 ] = 1
//
// A system that mixes the two perturbations computes d/dy (x + y) = 2 inside, and answers 2.
// The randomized versions compare against closed forms computed on plain numbers, for smooth
// unary functions u, v and elementwise tensors x, c:
//
//   forward over forward:  F(x) = u(x) · ∂_y v(x·y)|_{y=c} = u(x) · x · v′(xc)
//                          F′(x) = u′(x)·x·v′(xc) + u(x)·v′(xc) + u(x)·x·c·v″(xc)
//   forward over reverse:  G(x) = Σ x · ∇_y Σ sin(x·y)|_{y=c} = Σ x²·cos(xc)
//   reverse over forward:  the same G with the inner derivative taken by jvp, differentiated by grad
//                          ∂G/∂x = 2x·cos(xc) − x²·c·sin(xc)

import * as lax from "../../src/core/lax.js";
import { grad } from "../../src/ad/api.js";
import { fromArray, scalar } from "../../src/tensor/create.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { tygradDifferentiator, type Differentiator } from "../differentiator.js";
import { numbersOf, worstDisagreement } from "../numeric.js";
import { arrayScale, roundingTolerance } from "../tolerance.js";
import { asLoss, fmt, isScalar64, within } from "./common.js";

/** A smooth unary function: how tygrad computes it, and its first two derivatives on numbers. */
export interface SmoothFunction {
  readonly apply: (x: AnyTensor) => AnyTensor;
  readonly d1: (x: number) => number;
  readonly d2: (x: number) => number;
  readonly value: (x: number) => number;
}

export const SMOOTH_FUNCTIONS = {
  sin: { apply: lax.sin, value: Math.sin, d1: Math.cos, d2: (x: number) => -Math.sin(x) },
  cos: { apply: lax.cos, value: Math.cos, d1: (x: number) => -Math.sin(x), d2: (x: number) => -Math.cos(x) },
  exp: { apply: lax.exp, value: Math.exp, d1: Math.exp, d2: Math.exp },
  tanh: {
    apply: lax.tanh, value: Math.tanh,
    d1: (x: number) => 1 - Math.tanh(x) ** 2,
    d2: (x: number) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2),
  },
  square: { apply: (x: AnyTensor) => lax.mul(x, x), value: (x: number) => x * x, d1: (x: number) => 2 * x, d2: () => 2 },
} as const satisfies { readonly [name: string]: SmoothFunction };

export type SmoothName = keyof typeof SMOOTH_FUNCTIONS;

export interface PerturbationResult {
  readonly law: "no perturbation confusion";
  readonly ok: boolean;
  /** Which nesting was checked. */
  readonly nesting: string;
  readonly index: number;
  readonly computed: number;
  readonly expected: number;
  readonly difference: number;
  readonly tolerance: number;
  readonly summary: string;
}

function result(nesting: string, computed: Float64Array, expected: Float64Array, tolerance: number, context: string): PerturbationResult {
  const worst = worstDisagreement([computed], [expected]);
  const ok = within(worst.difference, tolerance);
  const summary = ok
    ? `no perturbation confusion (${nesting})`
    : [
        `nested differentiation confuses perturbations (${nesting})`,
        `  ${context}`,
        `  element ${worst.index}: computed ${fmt(worst.left)}, closed form ${fmt(worst.right)}`,
        `  difference ${fmt(worst.difference)}, tolerance ${fmt(tolerance)}`,
      ].join("\n");
  return { law: "no perturbation confusion", ok, nesting, index: worst.index, computed: worst.left, expected: worst.right, difference: worst.difference, tolerance, summary };
}

const f64 = (values: readonly number[]): AnyTensor => fromArray(values, [values.length], "float64");
const onesLike = (x: AnyTensor): AnyTensor => lax.onesLike(x);
const first = <T>(xs: readonly T[]): T => {
  const x = xs[0];
  if (x === undefined) throw new RangeError("laws: expected one output");
  return x;
};

/** d/dx [ x · d/dy (x + y) ] at (x0, y0) must be exactly 1. */
export function classicPerturbation(x0: number, y0: number, ad: Differentiator = tygradDifferentiator): PerturbationResult {
  const x = scalar(x0, "float64");
  const y = scalar(y0, "float64");
  const outer = (xv: AnyTensor): AnyTensor[] => {
    const inner = first(ad.jvp((yv) => [lax.add(xv, yv)], [y], [onesLike(y)])[1]);
    return [lax.mul(xv, inner)];
  };
  const derivative = first(ad.jvp(outer, [x], [onesLike(x)])[1]);
  return result("d/dx [x · d/dy (x + y)]", numbersOf(derivative), Float64Array.of(1), 0, `x = ${x0}, y = ${y0}`);
}

/** Forward over forward with random smooth u, v: compares jvp of F along t with F′(x)·t. */
export function nestedJvpClosedForm(
  u: SmoothName, v: SmoothName, xs: readonly number[], cs: readonly number[], ts: readonly number[],
  ad: Differentiator = tygradDifferentiator,
): PerturbationResult {
  const U = SMOOTH_FUNCTIONS[u];
  const V = SMOOTH_FUNCTIONS[v];
  const c = f64(cs);
  const F = (x: AnyTensor): AnyTensor[] => {
    const inner = first(ad.jvp((y) => [V.apply(lax.mul(x, y))], [c], [onesLike(c)])[1]);
    return [lax.mul(U.apply(x), inner)];
  };
  const computed = numbersOf(first(ad.jvp(F, [f64(xs)], [f64(ts)])[1]));
  const terms = xs.map((x, i) => {
    const [ci, ti] = [cs[i] ?? 0, ts[i] ?? 0];
    return [U.d1(x) * x * V.d1(x * ci) * ti, U.value(x) * V.d1(x * ci) * ti, U.value(x) * x * ci * V.d2(x * ci) * ti];
  });
  const expected = Float64Array.from(terms, ([a = 0, b = 0, d = 0]) => a + b + d);
  const magnitude = terms.reduce((m, ts3) => Math.max(m, ts3.reduce((s, q) => s + Math.abs(q), 0)), 0);
  return result(`forward over forward, u = ${u}, v = ${v}`, computed, expected,
    roundingTolerance("float64", arrayScale(xs.length, magnitude)), `x = ${JSON.stringify(xs)}, c = ${JSON.stringify(cs)}, t = ${JSON.stringify(ts)}`);
}

/** G(x) = Σ x²·cos(xc), its inner derivative by grad (forward over reverse) or by jvp (reverse over forward). */
export function mixedNestingClosedForm(
  nesting: "forward over reverse" | "reverse over forward", xs: readonly number[], cs: readonly number[], ts: readonly number[],
  ad: Differentiator = tygradDifferentiator,
): PerturbationResult {
  const c = f64(cs);
  const everything = (t: AnyTensor): number[] => t.shape.map((_, i) => i);
  // ∇_y Σ sin(x·y) at y = c, by reverse mode or by forward mode along ones (the same vector, x·cos(xc)).
  const innerByGrad = (x: AnyTensor): AnyTensor => {
    const loss = (y: AnyTensor) => {
      const s = lax.reduceSum(lax.sin(lax.mul(x, y)), everything(y));
      if (!isScalar64(s)) throw new Error("laws: Σ sin(x·y) should be a float64 scalar");
      return asLoss(s);
    };
    return grad(loss)(c);
  };
  const innerByJvp = (x: AnyTensor): AnyTensor => first(ad.jvp((y) => [lax.sin(lax.mul(x, y))], [c], [onesLike(c)])[1]);
  const G = (x: AnyTensor): AnyTensor => {
    const inner = nesting === "forward over reverse" ? innerByGrad(x) : innerByJvp(x);
    return lax.reduceSum(lax.mul(x, inner), everything(x));
  };
  const gradient = xs.map((x, i) => {
    const ci = cs[i] ?? 0;
    return [2 * x * Math.cos(x * ci), -x * x * ci * Math.sin(x * ci)];
  });
  let computed: Float64Array;
  let expected: Float64Array;
  if (nesting === "forward over reverse") {
    computed = numbersOf(first(ad.jvp((x) => [G(x)], [f64(xs)], [f64(ts)])[1]));
    expected = Float64Array.of(gradient.reduce((s, [a = 0, b = 0], i) => s + (a + b) * (ts[i] ?? 0), 0));
  } else {
    const loss = (x: AnyTensor) => {
      const s = G(x);
      if (!isScalar64(s)) throw new Error("laws: G should be a float64 scalar");
      return asLoss(s);
    };
    computed = numbersOf(grad(loss)(f64(xs)));
    expected = Float64Array.from(gradient, ([a = 0, b = 0]) => a + b);
  }
  const magnitude = gradient.reduce((m, [a = 0, b = 0]) => m + Math.abs(a) + Math.abs(b), 0);
  return result(nesting, computed, expected, roundingTolerance("float64", arrayScale(xs.length, magnitude)),
    `x = ${JSON.stringify(xs)}, c = ${JSON.stringify(cs)}${nesting === "forward over reverse" ? `, t = ${JSON.stringify(ts)}` : ""}`);
}
