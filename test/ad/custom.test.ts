// User-defined derivatives. Each test gives a rule that differs from the true derivative on
// purpose, so the result shows which rule was used.
import { describe, expect, it } from "vitest";
import { grad, jvp, vjp } from "../../src/ad/api.js";
import { customJvp, customVjp, ForwardModeUnavailableError } from "../../src/ad/custom.js";
import { makeLinearProgram, makeTransposeProgram } from "../../src/ad/programs.js";
import { evalProgram } from "../../src/core/eval-program.js";
import { printProgram } from "../../src/core/print.js";
import { add, cos, exp, log, mul, neg, sigmoid, sin, square } from "../../src/ops/elementwise.js";
import { sum } from "../../src/ops/reduce.js";
import { fromArray, scalar, tensor } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { catchError, expectClose, values } from "../tensor/helpers.js";

type V = Tensor<[2], "float64">;
type S = Tensor<[], "float64">;
const v = (a: number, b: number): V => fromArray([a, b], [2], "float64");

describe("customJvp", () => {
  // square, but with a forward rule claiming d(x²) = 10·dx
  const fakeSquare = customJvp((x: V): V => square(x), ([x], [t]) => [square(x), mul(t, 10)]);
  it("outside a transformation it is just the function", () => {
    expect(values(fakeSquare(v(3, -2)))).toEqual([9, 4]);
  });
  it("jvp uses the rule", () => {
    const [y, t] = jvp(fakeSquare, [v(3, -2)], [v(1, 2)]);
    expect(values(y)).toEqual([9, 4]);
    expect(values(t)).toEqual([10, 20]);
  });
  it("grad uses the rule too (through linearize and transpose)", () => {
    expect(values(grad((x: V) => sum(fakeSquare(x)))(v(3, -2)))).toEqual([10, 10]);
  });
  it("a stable softplus: log(1 + eˣ) with derivative sigmoid(x) stays finite at x = 1000", () => {
    const naive = (x: S): S => log(add(exp(x), 1));
    const softplus = customJvp((x: S): S => naive(x), ([x], [t]) => [naive(x), mul(t, sigmoid(x))]);
    expect(values(grad(naive)(scalar(1000, "float64")))).toEqual([Number.NaN]); // e¹⁰⁰⁰ overflows: inf / inf
    expect(values(grad(softplus)(scalar(1000, "float64")))).toEqual([1]);
    expectClose(values(grad(softplus)(scalar(0, "float64"))), [0.5], 1e-15);
  });
  it("the rule is itself differentiated for higher derivatives", () => {
    // sin with its true rule written by hand: the second derivative must be −sin x
    const mySin = customJvp((x: S): S => sin(x), ([x], [t]) => [sin(x), mul(t, cos(x))]);
    expectClose(values(grad(grad(mySin))(scalar(0.3, "float64"))), [-Math.sin(0.3)], 1e-15);
  });
  it("an argument without a tangent gets a zero tangent in the rule", () => {
    const scaled = customJvp((x: V, c: V): V => mul(x, c), ([x, c], [tx, tc]) => [mul(x, c), add(mul(tx, c), mul(tc, 1000))]);
    const c = v(2, 3);
    expect(values(grad((x: V) => sum(scaled(x, c)))(v(1, 1)))).toEqual([2, 3]);
  });
});

describe("customVjp", () => {
  // square, with a backward rule claiming x̄ = 100·ȳ, and x saved as the residual
  const fakeSquare = customVjp(
    (x: V): V => square(x),
    (x: V) => [square(x), x] as const,
    (x, ct) => [mul(add(mul(x, 0), 100), ct)],
    "fakeSquare",
  );
  it("outside a transformation it is just the function", () => {
    expect(values(fakeSquare(v(3, -2)))).toEqual([9, 4]);
  });
  it("grad and vjp use the backward rule", () => {
    expect(values(grad((x: V) => sum(fakeSquare(x)))(v(3, -2)))).toEqual([100, 100]);
    const [, pullback] = vjp(fakeSquare, v(3, -2));
    expect(values(pullback(v(1, 2))[0])).toEqual([100, 200]);
  });
  it("the residuals from fwd reach bwd: x̄ = 2x·ȳ computed from the saved x", () => {
    const honest = customVjp((x: V): V => square(x), (x: V) => [square(x), x] as const, (x, ct) => [mul(mul(x, 2), ct)]);
    expect(values(grad((x: V) => sum(honest(x)))(v(3, -2)))).toEqual([6, -4]);
  });
  it("a null cotangent means the argument gets none", () => {
    const firstOnly = customVjp((a: V, b: V): V => mul(a, b), (a: V, b: V) => [mul(a, b), b] as const, (b, ct) => [mul(b, ct), null]);
    const [ga, gb] = grad((a: V, b: V) => sum(firstOnly(a, b)), { argnums: [0, 1] })(v(1, 2), v(3, 4));
    expect(values(ga)).toEqual([3, 4]);
    expect(values(gb)).toEqual([0, 0]);
  });
  it("under forward mode it is a ForwardModeUnavailableError naming the function", () => {
    const err = catchError(() => jvp(fakeSquare, [v(3, -2)], [v(1, 1)]));
    expect(err).toBeInstanceOf(ForwardModeUnavailableError);
    expect(err).toMatchObject({ _tag: "ForwardModeUnavailableError" });
    expect(err.message).toBe('jvp: "fakeSquare" was defined with customVjp, which gives only a reverse-mode rule; use grad/vjp, or define it with customJvp');
  });
  it("forward mode works when none of its arguments carries a tangent", () => {
    const [y, t] = jvp((s: V) => mul(s, fakeSquare(v(3, -2))), [v(1, 1)], [v(1, 0)]);
    expect(values(y)).toEqual([9, 4]);
    expect(values(t)).toEqual([9, 0]);
  });
  it("enters the linear program as one customLinear equation whose first operand is the residual", () => {
    const linear = printProgram(makeLinearProgram((x: V) => sum(fakeSquare(x)))(v(3, -2)));
    expect(linear).toMatchInlineSnapshot(`
      "{ lambda a:f64[2] ; b:f64[2] .
        let c:f64[2] = customLinear[name=fakeSquare] b a
            d:f64[] = reduceSum[axes=[0]] c
        in ( d ) }"
    `);
    const backward = makeTransposeProgram((x: V) => sum(fakeSquare(x)))(v(3, -2));
    expect(values(evalProgram(backward, [scalar(1, "float64")])[0] ?? scalar(0))).toEqual([100, 100]);
  });
  it("composes with ordinary ops around it", () => {
    const g = grad((x: V) => sum(neg(fakeSquare(mul(x, 3)))))(v(1, 1));
    expect(values(g)).toEqual([-300, -300]);
  });
});

describe("custom rules with float32", () => {
  it("customJvp works at the default dtype", () => {
    const double = customJvp((x: Tensor<[2]>): Tensor<[2]> => mul(x, 2), ([x], [t]) => [mul(x, 2), mul(t, -1)]);
    expect(values(grad((x: Tensor<[2]>) => sum(double(x)))(tensor([1, 2])))).toEqual([-1, -1]);
  });
});
