// The pure predicates on hand-computed cases, and against deliberately wrong machinery: each law
// must pass for tygrad and fail, with the numbers that explain why, for a broken derivative.
import { describe, expect, test } from "vitest";
import * as lax from "../../src/core/lax.js";
import { abstractEvalRules } from "../../src/core/abstract-eval.js";
import { jvpRules } from "../../src/ad/jvp-rules.js";
import { customJvp } from "../../src/ad/custom.js";
import { fromArray, scalar } from "../../src/tensor/create.js";
import { Tensor, type AnyTensor } from "../../src/tensor/tensor.js";
import { callCase, diff, fixed, type LawCase } from "../../laws/cases.js";
import { tygradDifferentiator, type Differentiator } from "../../laws/differentiator.js";
import { application } from "../../laws/primitive-case.js";
import { abstractEvalMatchesImpl } from "../../laws/predicates/abstract-eval.js";
import { gradMatchesVjp, linearizeMatchesJvp } from "../../laws/predicates/consistency.js";
import { dotProductIdentity } from "../../laws/predicates/dot-product.js";
import { jvpMatchesFiniteDifferences, vjpMatchesFiniteDifferences } from "../../laws/predicates/finite-differences.js";
import { jvpIsLinear } from "../../laws/predicates/linearity.js";
import { programsTypeCheck } from "../../laws/predicates/programs.js";
import { hessianIsSymmetric, hvpMatchesFiniteDifferences } from "../../laws/predicates/second-order.js";
import { jvpIsZero, jvpRuleIsZero } from "../../laws/predicates/zero-derivative.js";
import { finiteDifferenceStep, finiteDifferenceTolerance, roundingTolerance } from "../../laws/tolerance.js";

const s64 = (v: number): AnyTensor => scalar(v, "float64");
const v64 = (vs: readonly number[]): AnyTensor => fromArray(vs, [vs.length], "float64");
const only = <T>(xs: readonly T[]): T => {
  const [x] = xs;
  if (x === undefined) throw new Error("expected a value");
  return x;
};
/** callCase hands the function its arguments untyped; these are tensors. */
const t = (x: unknown): AnyTensor => {
  if (!(x instanceof Tensor)) throw new Error("expected a tensor");
  return x;
};

// f(x) = x³ (derivative 3x²), f(x) = 3x (linear), f(a, b) = a·b
const cube = (x: number): LawCase => callCase("cube", [diff(s64(x))], (v) => lax.mul(lax.mul(t(v), t(v)), t(v)));
const triple = (x: number): LawCase => callCase("triple", [diff(s64(x))], (v) => lax.scale(t(v), 3));
const product = (a: readonly number[], b: readonly number[]): LawCase => callCase("product", [diff(v64(a)), diff(v64(b))], (x, y) => lax.mul(t(x), t(y)));

const real = tygradDifferentiator;
const mapTangents = (name: string, g: (t: AnyTensor) => AnyTensor): Differentiator => ({
  ...real, name, jvp: (f, x, u) => {
    const [y, tangent] = real.jvp(f, x, u);
    return [y, tangent.map(g)];
  },
});
const negatedJvp = mapTangents("jvp negated", lax.neg);
const squaredJvp = mapTangents("jvp squared", (v) => lax.mul(v, v));
const zeroVjp: Differentiator = {
  ...real, name: "vjp returns zeros", vjp: (f, x) => {
    const [y] = real.vjp(f, x);
    return [y, () => x.map(lax.zerosLike)];
  },
};
const negatedBoth: Differentiator = {
  ...negatedJvp, name: "jvp and vjp negated", vjp: (f, x) => {
    const [y, pullback] = real.vjp(f, x);
    return [y, (v) => pullback(v).map(lax.neg)];
  },
};

describe("tolerances", () => {
  test("the step is ε^(1/3)·max(1, ‖x‖∞) and the tolerances follow their formulas", () => {
    const eps = 2 ** -52;
    expect(finiteDifferenceStep("float64", 0.5)).toBeCloseTo(6.055454e-6, 11);
    expect(finiteDifferenceStep("float64", 10)).toBe(10 * Math.cbrt(eps));
    expect(finiteDifferenceTolerance("float64", 4, 3)).toBeCloseTo(1e4 * Math.cbrt(eps) ** 2 * 2 * 3, 20);
    expect(roundingTolerance("float64", 1)).toBeCloseTo(2 ** 19 * eps, 25);
    expect(roundingTolerance("float64", 0)).toBeGreaterThan(0); // the underflow term
    expect(roundingTolerance("float32", 1)).toBeCloseTo(64 * 2 ** -23, 12);
  });
});

describe("jvp matches finite differences", () => {
  test("x³ at 2 along 1: jvp 12, central difference 12", () => {
    const r = jvpMatchesFiniteDifferences(cube(2), [s64(1)]);
    expect(r.ok).toBe(true);
    expect(r.analytic).toBe(12);
    expect(r.numeric).toBeCloseTo(12, 8);
    expect(r.step).toBe(2 * Math.cbrt(2 ** -52));
  });
  test("a negated jvp fails, with the analytic and numeric values in the result and the message", () => {
    const r = jvpMatchesFiniteDifferences(cube(2), [s64(1)], negatedJvp);
    expect(r.ok).toBe(false);
    expect(r.analytic).toBe(-12);
    expect(r.numeric).toBeCloseTo(12, 8);
    expect(r.difference).toBeCloseTo(24, 8);
    expect(r.summary).toContain("analytic (jvp) -12.00000000, numeric (finite difference) 12.0000000");
    expect(r.summary).toContain("cube at inputs float64[] 2");
  });
  test("the reverse-mode twin: ⟨u, vjp(v)⟩ against ⟨finite difference, v⟩", () => {
    const c = product([1, 2], [3, -1]);
    const u = [v64([0.6, 0]), v64([0, 0.8])];
    const v = [v64([1, 1])];
    // ⟨J u, v⟩ = b·u_a + a·u_b summed = 3·0.6 + 2·0.8 = 3.4
    const good = vjpMatchesFiniteDifferences(c, u, v);
    expect(good.ok).toBe(true);
    expect(good.analytic).toBeCloseTo(3.4, 12);
    expect(good.numeric).toBeCloseTo(3.4, 8);
    const bad = vjpMatchesFiniteDifferences(c, u, v, zeroVjp);
    expect(bad.ok).toBe(false);
    expect(bad.analytic).toBe(0);
  });
});

describe("dot-product identity", () => {
  const c = product([1, 2], [3, -1]);
  const u = [v64([0.6, 0]), v64([0, 0.8])];
  const v = [v64([1, -2])];
  test("holds for tygrad: ⟨u, vjp(v)⟩ = ⟨jvp(u), v⟩ = 3·0.6·1 + 2·0.8·(−2) = −1.4", () => {
    const r = dotProductIdentity(c, u, v);
    expect(r.ok).toBe(true);
    expect(r.forward).toBeCloseTo(-1.4, 14);
    expect(r.reverse).toBeCloseTo(-1.4, 14);
  });
  test("fails for a vjp that loses its cotangent", () => {
    const r = dotProductIdentity(c, u, v, zeroVjp);
    expect(r.ok).toBe(false);
    expect(r.reverse).toBe(0);
    expect(r.summary).toContain("⟨u, vjp(v)⟩ = 0, ⟨jvp(u), v⟩ = -1.400000000");
  });
  test("cannot see a sign error made consistently in jvp and vjp (the finite-difference law does)", () => {
    expect(dotProductIdentity(c, u, v, negatedBoth).ok).toBe(true);
    expect(jvpMatchesFiniteDifferences(c, u, negatedBoth).ok).toBe(false);
  });
});

describe("jvp is linear in the tangent", () => {
  test("holds for tygrad and fails for a jvp that squares its tangent", () => {
    expect(jvpIsLinear(cube(1.5), [s64(1)], [s64(-1)], 2, 1).ok).toBe(true);
    // triple: squared tangents give 9·(2·1 + 1·(−1))² = 9 against 2·9·1 + 1·9·1 = 27
    const r = jvpIsLinear(triple(1), [s64(1)], [s64(-1)], 2, 1, squaredJvp);
    expect(r.ok).toBe(false);
    expect(r.combined).toBe(9);
    expect(r.separate).toBe(27);
  });
});

describe("linearize agrees with jvp, grad is vjp seeded with 1", () => {
  test("hold for tygrad", () => {
    expect(linearizeMatchesJvp(product([1, 2], [3, -1]), [v64([1, 0]), v64([0, 1])]).ok).toBe(true);
    expect(gradMatchesVjp(product([1, 2], [3, -1]), [v64([0.5, -1])]).ok).toBe(true);
  });
  test("fail for a linearization that doubles, and for a wrong vjp", () => {
    const doubled: Differentiator = { ...real, linearize: (f, x) => {
      const [y, linear] = real.linearize(f, x);
      return [y, (u) => linear(u).map((l) => lax.scale(l, 2))];
    } };
    const lin = linearizeMatchesJvp(product([1, 2], [3, -1]), [v64([1, 0]), v64([0, 1])], doubled);
    expect(lin.ok).toBe(false);
    expect(lin.comparison).toBe("L(u) vs jvp(u)");
    expect(lin.left).toBe(2 * lin.right);
    const g = gradMatchesVjp(product([1, 2], [3, -1]), [v64([0.5, -1])], zeroVjp);
    expect(g.ok).toBe(false);
    expect(g.comparison).toBe("grad(s) vs vjp(f)(w)");
  });
});

describe("second order", () => {
  // f(x, y) = x²·y: H = [[2y, 2x], [2x, 0]]
  const squareTimes = (x: number, y: number): LawCase => callCase("x²y", [diff(s64(x)), diff(s64(y))], (a, b) => lax.mul(lax.mul(t(a), t(a)), t(b)));

  test("the Hessian of x²y at (1, 2) is [[4, 2], [2, 0]], symmetric", () => {
    const r = hessianIsSymmetric(squareTimes(1, 2), [s64(1)], [0, 1]);
    expect(r.ok).toBe(true);
    r.hessian.forEach((h, i) => expect(h).toBeCloseTo([4, 2, 2, 0][i] ?? Number.NaN, 12));
    expect(hvpMatchesFiniteDifferences(squareTimes(1, 2), [s64(1)], [s64(0.6), s64(0.8)]).ok).toBe(true);
  });

  test("a gradient field that is not a gradient (a rotation) has an asymmetric Hessian, and the law says so", () => {
    const rotation = fromArray([0, 1, -1, 0], [2, 2], "float64");
    const rotated = (x: AnyTensor): AnyTensor => lax.reshape(lax.dot(rotation, lax.reshape(x, [2, 1])), [2]);
    // claims ∇f(x) = (x₁, −x₀), which no function has
    const f = customJvp((x: AnyTensor) => lax.reduceSum(x, [0]), ([x], [dx]) => [lax.reduceSum(t(x), [0]), lax.reduceSum(lax.mul(rotated(t(x)), t(dx)), [0])] as const);
    const r = hessianIsSymmetric(callCase("rotation", [diff(v64([0.3, -0.7]))], (x) => f(t(x))), [s64(1)], [0, 1]);
    expect(r.ok).toBe(false);
    expect(r.hessian.map((h) => Math.round(h))).toEqual([0, 1, -1, 0]);
    expect(r.difference).toBe(2);
  });

  test("a derivative rule that stops the gradient of its own derivative fails the hvp law", () => {
    // f(x) = Σx² with ∇f given as stopGradient(2x): right first derivatives, but hvp sees 0
    const f = customJvp((x: AnyTensor) => lax.reduceSum(lax.mul(x, x), [0]),
      ([x], [dx]) => [lax.reduceSum(lax.mul(t(x), t(x)), [0]), lax.reduceSum(lax.mul(lax.stopGradient(lax.scale(t(x), 2)), t(dx)), [0])] as const);
    const c = callCase("Σx² with a stopped derivative", [diff(v64([0.3, -0.7]))], (x) => f(t(x)));
    expect(jvpMatchesFiniteDifferences(c, [v64([0.6, 0.8])]).ok).toBe(true);
    const r = hvpMatchesFiniteDifferences(c, [s64(1)], [v64([0.6, 0.8])]);
    expect(r.ok).toBe(false);
    expect(r.analytic).toBe(0);
    expect(r.index).toBe(1);
    expect(r.numeric).toBeCloseTo(1.6, 6); // 2·u₁, where hvp and the difference of ∇f part most
  });
});

describe("zero derivatives", () => {
  const signCase = callCase("sign", [diff(v64([-1, 0.5]))], (x) => lax.stopGradient(lax.convert(lax.compare("gt", t(x), lax.zerosLike(t(x))), "float64")));
  test("jvpIsZero: holds for a mask, fails for sin with the first non-zero tangent", () => {
    expect(jvpIsZero(signCase, [v64([0.6, 0.8])]).ok).toBe(true);
    const r = jvpIsZero(callCase("sin", [diff(v64([0, 1]))], (x) => lax.sin(t(x))), [v64([0.6, 0.8])]);
    expect(r.ok).toBe(false);
    expect(r.index).toBe(0);
    expect(r.value).toBeCloseTo(0.6, 15);
  });
  test("jvpRuleIsZero: the real compare rule gives no tangent; a broken one that passes a tangent through fails", () => {
    const app = application("compare", { op: "lt" }, [diff(v64([1, 2])), diff(v64([2, 1]))]);
    expect(jvpRuleIsZero(app, [v64([1, 1]), v64([0, 0])]).ok).toBe(true);
    const broken = { ...jvpRules, compare: (primals: readonly AnyTensor[], tangents: readonly (AnyTensor | null)[], params: { readonly op: "lt" | "le" | "gt" | "ge" | "eq" | "ne" }) =>
      [lax.compare(params.op, only(primals), only(primals.slice(1))), tangents[0] ?? null] as const };
    const r = jvpRuleIsZero(app, [v64([1, 1]), v64([0, 0])], broken);
    expect(r.ok).toBe(false);
    expect(r.summary).toContain("compare should have derivative exactly zero");
  });
});

describe("abstractEval agrees with impl", () => {
  const app = application("reduceSum", { axes: [0] }, [diff(fromArray([1, 2, 3, 4, 5, 6], [2, 3], "float64"))]);
  test("holds for the real rules; fails for a reduceSum rule that forgets to drop the axis", () => {
    const r = abstractEvalMatchesImpl(app);
    expect(r.ok).toBe(true);
    expect(r.predicted).toEqual({ shape: [3], dtype: "float64" });
    const broken = { ...abstractEvalRules, reduceSum: (inputs: readonly { readonly shape: readonly number[]; readonly dtype: "float64" | "float32" | "int32" | "bool" }[]) => only(inputs) };
    const bad = abstractEvalMatchesImpl(app, broken);
    expect(bad.ok).toBe(false);
    expect(bad.summary).toContain("abstractEval predicts float64[2,3] (6 elements in a Float64Array), but impl produced 3 elements in a Float64Array");
  });
  test("a wrong dtype is caught by the storage class", () => {
    const broken = { ...abstractEvalRules, reduceSum: () => ({ shape: [3], dtype: "int32" as const }) };
    expect(abstractEvalMatchesImpl(app, broken).storage).toBe("Int32Array");
    const convert = application("convert", { dtype: "int32" }, [fixed(fromArray([1.5], [1], "float64"))]);
    expect(abstractEvalMatchesImpl(convert).storage).toBe("Int32Array");
  });
});

describe("programs type-check and evaluate like f", () => {
  test("holds for a pure function; fails for one that reads whether its input is concrete", () => {
    expect(programsTypeCheck(product([1, 2], [3, 4])).ok).toBe(true);
    const impure = callCase("impure", [diff(v64([0.5]))], (x) => (t(x).isConcrete ? lax.sin(t(x)) : lax.cos(t(x))));
    const r = programsTypeCheck(impure);
    expect(r.ok).toBe(false);
    expect(r.stage).toBe("evaluation");
  });
});
