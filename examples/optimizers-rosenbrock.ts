// SGD, momentum, Adam and RMSProp on the Rosenbrock function, from the classic start (−1.2, 1).
//
//   f(x, y) = (1 − x)² + 100 (y − x²)²,    minimum f = 0 at (1, 1),
//   ∂f/∂x = −2(1 − x) − 400 x (y − x²),    ∂f/∂y = 200 (y − x²).
//
// The minimum lies at the bottom of a long, curved, nearly flat valley with steep walls: across
// the valley the curvature is about 1000, along it about 1. That is the shape of many real
// loss surfaces, and it is exactly what separates the optimizers:
//
//   gradient descent   θ ← θ − η g. η must stay below 2/1000 or it bounces between the walls,
//                      and then it crawls along the flat floor.
//   momentum           v ← β v + g,  θ ← θ − η v. Steps along the floor keep pointing the same
//                      way and add up (up to 1/(1 − β) = 10× for β = 0.9); steps across it
//                      alternate in sign and cancel.
//   RMSProp            s ← ρ s + (1 − ρ) g²,  θ ← θ − η g / √s. Each coordinate's step is divided
//                      by its own typical gradient size, so steep and flat directions move alike.
//   Adam               momentum on g (m) and RMSProp's scaling (v), both bias-corrected:
//                      θ ← θ − η m̂ / (√v̂ + ε).
//
// Each optimizer uses a learning rate near its own best on this problem. The step — gradient
// and update — is compiled once with jit and reused.
//
// Run: npx tsx examples/optimizers-rosenbrock.ts        (TYGRAD_SHORT=1 for a tiny run)

import { add, applyUpdates, grad, jit, mul, optim, report, scalar, square, sub, valueAndGrad, type Tensor } from "../src/index.js";
import { choose, table, writePlot } from "./support/run.js";

type Point = { x: Tensor<[], "float64">; y: Tensor<[], "float64"> };

const rosenbrock = (p: Point) => add(square(sub(1, p.x)), mul(square(sub(p.y, square(p.x))), 100));
const start: Point = { x: scalar(-1.2, "float64"), y: scalar(1, "float64") };
const steps = choose(5000, 200);

// First, the gradient tygrad computes against the closed form above.
const g = grad(rosenbrock)(start);
const [x0, y0] = [-1.2, 1];
console.log("∇f(−1.2, 1):");
console.log(`  tygrad:      (${g.x.item().toFixed(6)}, ${g.y.item().toFixed(6)})`);
console.log(`  closed form: (${(-2 * (1 - x0) - 400 * x0 * (y0 - x0 * x0)).toFixed(6)}, ${(200 * (y0 - x0 * x0)).toFixed(6)})\n`);

/** The iterates θ₀ = start, θ₁, …, θ_steps of an optimizer on f. */
function descend<F extends optim.StateFamily>(optimizer: optim.GradientTransformation<F>): readonly (readonly [number, number])[] {
  const step = jit((p: Point, s: optim.StateOf<F, Point>) => {
    const [value, gradient] = valueAndGrad(rosenbrock)(p);
    const [updates, state] = optimizer.update(gradient, s);
    return { value, point: applyUpdates(p, updates), state };
  });
  let point = start;
  let state = optimizer.init(start);
  const path: (readonly [number, number])[] = [[point.x.item(), point.y.item()]];
  for (let t = 0; t < steps; t++) {
    ({ point, state } = step(point, state));
    path.push([point.x.item(), point.y.item()]);
  }
  return path;
}

const runs = [
  { name: "gradient descent, η = 1e-3", path: descend(optim.sgd(1e-3)) },
  { name: "momentum, η = 1e-3, β = 0.9", path: descend(optim.momentum(1e-3, { beta: 0.9 })) },
  { name: "RMSProp, η = 3e-3", path: descend(optim.rmsprop(3e-3)) },
  { name: "Adam, η = 0.05", path: descend(optim.adam(0.05)) },
];

/** Euclidean distance from the minimum (1, 1) after k steps. */
const distance = (path: readonly (readonly [number, number])[], k: number) => {
  const [x, y] = path[Math.min(k, path.length - 1)] ?? [NaN, NaN];
  return Math.hypot(x - 1, y - 1);
};
const checkpoints = [0, 10, 100, 500, 1000, 2000, 5000].filter((k) => k <= steps);
console.log("Distance to the minimum (1, 1) after k steps:\n");
console.log(table(
  ["optimizer", ...checkpoints.map((k) => `k = ${k}`)],
  runs.map((r) => [r.name, ...checkpoints.map((k) => distance(r.path, k).toExponential(2))]),
));

const path = writePlot("optimizers-rosenbrock.svg", report.contourPaths({
  title: `Rosenbrock f(x, y) = (1 − x)² + 100(y − x²)²: ${steps} steps from (−1.2, 1)`,
  xLabel: "x",
  yLabel: "y",
  f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  xRange: [-1.6, 1.6],
  yRange: [-0.6, 1.8],
  paths: runs.map((r) => ({ name: r.name, points: r.path })),
  width: 760,
  height: 560,
}));
console.log(`\nWrote ${path}`);
