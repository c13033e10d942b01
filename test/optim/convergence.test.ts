// Every named optimizer converges, from a fixed start and within the stated number of steps, on
// a convex quadratic and on the Rosenbrock function (float64). Gradients are written in closed
// form (checked against `grad` below). The figures in the test names are what the test asserts:
// after that many steps, every coordinate is within the tolerance of the minimizer.

import { describe, expect, it } from "vitest";
import { grad } from "../../src/ad/index.js";
import { add, mul, square, sub, sum } from "../../src/ops/index.js";
import {
  adagrad, adam, adamw, applyUpdates, exponentialDecay, lion, momentum, rmsprop, sgd,
  type GradientTransformation, type StateFamily,
} from "../../src/optim/index.js";
import { fromArray, scalar, type Tensor } from "../../src/tensor/index.js";

type Opt = GradientTransformation<StateFamily>;

// -- a convex quadratic over a tree: f(x, y) = ½ (x − c)ᵀ A (x − c) + (5/2)(y − 3)²
//    A = [[3, 1], [1, 2]] (eigenvalues 3.62 and 1.38), c = (1, −2); minimizer x = c, y = 3.

interface Quadratic {
  readonly x: Tensor<[2], "float64">;
  readonly y: Tensor<[], "float64">;
}
const quadraticStart: Quadratic = { x: fromArray([4, 3], [2], "float64"), y: scalar(-1, "float64") };

const quadraticLoss = (p: Quadratic): Tensor<[], "float64"> => {
  const d = sub(p.x, fromArray([1, -2], [2], "float64"));
  const [d0, d1] = [sum(mul(d, fromArray([1, 0], [2], "float64"))), sum(mul(d, fromArray([0, 1], [2], "float64")))];
  const xAx = add(add(mul(3, square(d0)), mul(2, mul(d0, d1))), mul(2, square(d1)));
  return add(mul(0.5, xAx), mul(2.5, square(sub(p.y, 3))));
};

/** ∇f = (A(x − c), 5(y − 3)). */
function quadraticGrad(p: Quadratic): Quadratic {
  const [x0, x1] = Array.from(p.x.toArray());
  const d0 = (x0 ?? Number.NaN) - 1;
  const d1 = (x1 ?? Number.NaN) + 2;
  return { x: fromArray([3 * d0 + d1, d0 + 2 * d1], [2], "float64"), y: scalar(5 * (p.y.item() - 3), "float64") };
}
const quadraticError = (p: Quadratic): number => {
  const [x0, x1] = Array.from(p.x.toArray());
  return Math.max(Math.abs((x0 ?? Number.NaN) - 1), Math.abs((x1 ?? Number.NaN) + 2), Math.abs(p.y.item() - 3));
};

// -- Rosenbrock: f(x, y) = (1 − x)² + 100 (y − x²)², minimizer (1, 1), start (−1.2, 1).

interface Point {
  readonly x: Tensor<[], "float64">;
  readonly y: Tensor<[], "float64">;
}
const rosenbrockStart: Point = { x: scalar(-1.2, "float64"), y: scalar(1, "float64") };
const rosenbrockLoss = (p: Point): Tensor<[], "float64"> => add(square(sub(1, p.x)), mul(100, square(sub(p.y, square(p.x)))));

/** ∂f/∂x = −2(1 − x) − 400 x (y − x²),  ∂f/∂y = 200 (y − x²). */
function rosenbrockGrad(p: Point): Point {
  const [x, y] = [p.x.item(), p.y.item()];
  return { x: scalar(-2 * (1 - x) - 400 * x * (y - x * x), "float64"), y: scalar(200 * (y - x * x), "float64") };
}
const rosenbrockError = (p: Point): number => Math.max(Math.abs(p.x.item() - 1), Math.abs(p.y.item() - 1));

// θ after `steps` updates of `opt` from the fixed start (one loop per problem, each over its own parameter type).

function minimizeQuadratic(opt: Opt, steps: number): Quadratic {
  let params = quadraticStart;
  let state = opt.init(params);
  for (let i = 0; i < steps; i++) {
    const [updates, next] = opt.update(quadraticGrad(params), state, params);
    params = applyUpdates(params, updates);
    state = next;
  }
  return params;
}

function minimizeRosenbrock(opt: Opt, steps: number): Point {
  let params = rosenbrockStart;
  let state = opt.init(params);
  for (let i = 0; i < steps; i++) {
    const [updates, next] = opt.update(rosenbrockGrad(params), state, params);
    params = applyUpdates(params, updates);
    state = next;
  }
  return params;
}

describe("the closed-form gradients used below", () => {
  it("equal grad of the losses at a few points", () => {
    const qs: Quadratic[] = [quadraticStart, { x: fromArray([-0.5, 2.5], [2], "float64"), y: scalar(7, "float64") }];
    qs.forEach((p) => {
      const [auto, closed] = [grad(quadraticLoss)(p), quadraticGrad(p)];
      expect(Array.from(auto.x.toArray())).toEqual(Array.from(closed.x.toArray()).map((v) => expect.closeTo(v, 12)));
      expect(auto.y.item()).toBeCloseTo(closed.y.item(), 12);
    });
    const rs: Point[] = [rosenbrockStart, { x: scalar(0.3, "float64"), y: scalar(-0.7, "float64") }];
    rs.forEach((p) => {
      const [auto, closed] = [grad(rosenbrockLoss)(p), rosenbrockGrad(p)];
      expect(auto.x.item()).toBeCloseTo(closed.x.item(), 10);
      expect(auto.y.item()).toBeCloseTo(closed.y.item(), 10);
    });
  });
});

interface Case {
  readonly name: string;
  readonly opt: Opt;
  readonly steps: number;
  readonly tolerance: number;
}
const of = (name: string, opt: Opt, steps: number, tolerance: number): Case => ({ name, opt, steps, tolerance });

describe("a convex quadratic from x = (4, 3), y = −1", () => {
  const cases: readonly Case[] = [
    of("sgd(0.2)", sgd(0.2), 100, 1e-6),
    of("sgd(0.05, momentum 0.9)", sgd(0.05, { momentum: 0.9 }), 400, 1e-6),
    of("sgd(0.05, Nesterov momentum 0.9)", sgd(0.05, { momentum: 0.9, nesterov: true }), 300, 1e-6),
    of("momentum(0.05)", momentum(0.05), 400, 1e-6),
    of("adam(0.1)", adam(0.1), 500, 1e-6),
    of("adamw(0.1)", adamw(0.1), 300, 1e-3),
    of("rmsprop(0.1 · 0.5^(t/50))", rmsprop(exponentialDecay({ initValue: 0.1, transitionSteps: 50, decayRate: 0.5 })), 800, 1e-6),
    of("adagrad(1)", adagrad(1), 400, 1e-6),
    of("lion(0.1 · 0.5^(t/200))", lion(exponentialDecay({ initValue: 0.1, transitionSteps: 200, decayRate: 0.5 })), 2000, 1e-3),
  ];
  it.each(cases)("$name is within $tolerance of the minimizer after $steps steps", ({ opt, steps, tolerance }) => {
    expect(quadraticError(minimizeQuadratic(opt, steps))).toBeLessThan(tolerance);
  });
});

describe("the Rosenbrock function from (−1.2, 1)", () => {
  const cases: readonly Case[] = [
    of("sgd(0.0019)", sgd(0.0019), 10000, 1e-3),
    of("sgd(0.001, momentum 0.9)", sgd(0.001, { momentum: 0.9 }), 2000, 1e-3),
    of("sgd(0.001, Nesterov momentum 0.9)", sgd(0.001, { momentum: 0.9, nesterov: true }), 2000, 1e-3),
    of("momentum(0.001)", momentum(0.001), 2000, 1e-3),
    of("adam(0.05)", adam(0.05), 5000, 1e-3),
    of("adamw(0.02)", adamw(0.02), 4000, 1e-3),
    of("rmsprop(0.01 · 0.5^(t/1000))", rmsprop(exponentialDecay({ initValue: 0.01, transitionSteps: 1000, decayRate: 0.5 })), 7000, 1e-3),
    of("adagrad(1.5)", adagrad(1.5), 8000, 1e-3),
    of("lion(0.02 · 0.5^(t/500))", lion(exponentialDecay({ initValue: 0.02, transitionSteps: 500, decayRate: 0.5 })), 3000, 1e-3),
  ];
  it.each(cases)("$name is within $tolerance of (1, 1) after $steps steps", ({ opt, steps, tolerance }) => {
    expect(rosenbrockError(minimizeRosenbrock(opt, steps))).toBeLessThan(tolerance);
  });
});
