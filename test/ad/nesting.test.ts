// Transformations composed with each other: nested jvp must not confuse perturbations, jvp and
// grad nest both ways, and the second-derivative helpers agree with closed forms.
import { describe, expect, it } from "vitest";
import { grad, jvp } from "../../src/ad/api.js";
import { hessian, hvp, jacfwd, jacrev } from "../../src/ad/jacobian.js";
import { add, mul, sin } from "../../src/ops/elementwise.js";
import { matmul } from "../../src/ops/matmul.js";
import { sum } from "../../src/ops/reduce.js";
import { concat, slice } from "../../src/ops/structure.js";
import { fromArray, scalar } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectClose, values } from "../tensor/helpers.js";

type S64 = Tensor<[], "float64">;
const s64 = (v: number): S64 => scalar(v, "float64");
const cube = (y: S64): S64 => mul(y, mul(y, y));

describe("perturbation confusion", () => {
  // f(x) = x · d/dy (x + y) = x · 1, so f'(x) = 1. Confusing the inner perturbation with the
  // outer one would count the inner x as varying too and give 2.
  it("nested jvp: d/dx (x · d/dy (x + y)) = 1", () => {
    const f = (x: S64): S64 => mul(x, jvp((y: S64) => add(x, y), [s64(1)], [s64(1)])[1]);
    const [value, derivative] = jvp(f, [s64(3)], [s64(1)]);
    expect(values(value)).toEqual([3]);
    expect(values(derivative)).toEqual([1]);
  });
  it("nested grad: d/dx (x · d/dy (x + y)) = 1", () => {
    const f = (x: S64): S64 => mul(x, grad((y: S64) => add(x, y))(s64(1)));
    expect(values(grad(f)(s64(3)))).toEqual([1]);
  });
  it("d/dx (x · d/dy (x · y)) = 2x: the inner derivative x is a function of the outer variable", () => {
    const f = (x: S64): S64 => mul(x, jvp((y: S64) => mul(x, y), [s64(5)], [s64(1)])[1]);
    expect(values(jvp(f, [s64(3)], [s64(1)])[1])).toEqual([6]);
  });
});

describe("jvp and grad nest both ways", () => {
  it("grad of a jvp: d/dx (d/dx x³) = 6x", () => {
    const g = grad((x: S64) => jvp(cube, [x], [s64(1)])[1]);
    expect(values(g(s64(2)))).toEqual([12]);
  });
  it("jvp of a grad: the value 3x² and its derivative 6x", () => {
    const [value, derivative] = jvp((x: S64) => grad(cube)(x), [s64(2)], [s64(1)]);
    expect(values(value)).toEqual([12]);
    expect(values(derivative)).toEqual([12]);
  });
  it("grad of grad of grad: d³/dx³ x³ = 6", () => {
    const third = grad(grad(grad(cube)));
    expect(values(third(s64(-4)))).toEqual([6]);
  });
  it("grad of sin four times comes back to sin", () => {
    const d4 = grad(grad(grad(grad((x: S64) => sin(x)))));
    expectClose(values(d4(s64(0.7))), [Math.sin(0.7)], 1e-15);
  });
});

describe("Jacobians and Hessians", () => {
  // f(x) = [x0·x1, x1 + x2², sin x0]: J = [[x1, x0, 0], [0, 1, 2x2], [cos x0, 0, 0]]
  const f = (x: Tensor<[3], "float64">): Tensor<[3], "float64"> => {
    const [x0, x1, x2] = [slice(x, 0, 0, 1), slice(x, 0, 1, 2), slice(x, 0, 2, 3)];
    return concat([mul(x0, x1), add(x1, mul(x2, x2)), sin(x0)], 0);
  };
  const x = fromArray([0.5, -2, 3], [3], "float64");
  const closedForm = [-2, 0.5, 0, 0, 1, 6, Math.cos(0.5), 0, 0];
  it("jacfwd and jacrev both give the closed-form Jacobian, shape out ++ in", () => {
    const jf = jacfwd(f)(x);
    const jr = jacrev(f)(x);
    expect(jf.shape).toEqual([3, 3]);
    expect(jr.shape).toEqual([3, 3]);
    expectClose(values(jf), closedForm, 1e-15);
    expectClose(values(jr), closedForm, 1e-15);
  });
  it("jacfwd = jacrev for a map between shapes of different rank", () => {
    const w = fromArray([1, 2, 3, 4, 5, 6], [3, 2], "float64");
    const g = (m: Tensor<[2, 3], "float64">): Tensor<[2, 2], "float64"> => mul(matmul(m, w), matmul(m, w));
    const m = fromArray([1, -1, 0.5, 2, 0, -3], [2, 3], "float64");
    const jf = jacfwd(g)(m);
    expect(jf.shape).toEqual([2, 2, 2, 3]);
    expectClose(values(jacrev(g)(m)), values(jf), 1e-13);
  });
  it("hessian of a cubic: f = x0³ + x1³ + x0·x1² has H = [[6x0, 2x1], [2x1, 6x1 + 2x0]]", () => {
    const cubic = (v: Tensor<[2], "float64">): S64 => {
      const [x0, x1] = [slice(v, 0, 0, 1), slice(v, 0, 1, 2)];
      return sum(add(add(cube(sum(x0)), cube(sum(x1))), mul(x0, mul(x1, x1))));
    };
    const h = hessian(cubic)(fromArray([1, 2], [2], "float64"));
    expect(h.shape).toEqual([2, 2]);
    expect(values(h)).toEqual([6, 4, 4, 14]);
  });
  it("hvp equals the Hessian times v, over a parameter tree", () => {
    type P = { readonly a: Tensor<[2], "float64">; readonly b: S64 };
    // f = Σ a² · b: ∂²/∂a² = 2b·I, ∂²/∂a∂b = 2a, ∂²/∂b² = 0
    const fTree = (p: P): S64 => mul(sum(mul(p.a, p.a)), p.b);
    const p: P = { a: fromArray([1, 3], [2], "float64"), b: s64(2) };
    const v: P = { a: fromArray([1, -1], [2], "float64"), b: s64(0.5) };
    const out = hvp(fTree, p, v);
    // H·v: a-part = 2b·va + 2a·vb = [4 + 1, -4 + 3]; b-part = 2a·va = 2 − 6
    expect(values(out.a)).toEqual([5, -1]);
    expect(values(out.b)).toEqual([-4]);
  });
});
