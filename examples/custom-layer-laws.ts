// A researcher's new activation, its hand-written derivative, and the laws that check it.
//
// swish(x) = x · σ(x)   (Ramachandran et al., 2017; "SiLU"), whose derivative is
//
//   swish'(x) = σ(x) + x · σ'(x) = σ(x) + x · σ(x) · (1 − σ(x)).
//
// tygrad would differentiate x · σ(x) by itself; a custom rule is how one supplies a derivative
// that is cheaper or more stable than the automatic one. `customJvp(f, rule)` gives f the
// forward-mode rule  (x, dx) ↦ (f(x), f'(x)·dx);  reverse mode comes from it by linearization
// and transposition, like every other derivative in the library.
//
// A hand-written rule is one more place to make a mistake, so tygrad/laws checks it against the
// definition of the derivative, on inputs drawn at random by fast-check (float64, for precision):
//   forward:  jvp(f)(x; u)  ≈ (f(x + h u) − f(x − h u)) / 2h        (central finite differences)
//   reverse:  ⟨u, vjp(f)(x; v)⟩ ≈ ⟨(f(x + h u) − f(x − h u)) / 2h, v⟩
//   both:     ⟨u, vjp(v)⟩ = ⟨jvp(u), v⟩                             (the dot-product identity)
// A failure is shrunk to a small input and reported with the values that disagree and the seed
// that replays it.
//
// Run: npx tsx examples/custom-layer-laws.ts        (TYGRAD_SHORT=1 for a tiny run)

import fc from "fast-check";
import { arbitraries as A, checkGradients, GradientCheckError } from "../laws/index.js";
import {
  add, customJvp, fromArray, grad, jvp, matmul, mul, ones, sigmoid, sub, sum,
  type FloatDType, type Tensor,
} from "../src/index.js";
import { choose, table } from "./support/run.js";

// Written for a batch of feature rows [B, F] (generic in B, F and the float dtype), the shape
// every layer in this file applies it to.
type Rows<B extends number, F extends number, D extends FloatDType> = Tensor<[B, F], D>;

/** An elementwise derivative: x ↦ f'(x), keeping x's shape and dtype. */
type Slope = <B extends number, F extends number, D extends FloatDType>(x: Rows<B, F, D>) => Rows<B, F, D>;

/** swish with the derivative `slope` supplied by hand, as its forward-mode rule. */
const swishWith = (slope: Slope) =>
  <B extends number, F extends number, D extends FloatDType>(x: Rows<B, F, D>): Rows<B, F, D> =>
    customJvp(
      (v: Rows<B, F, D>) => mul(v, sigmoid(v)),
      // d swish(v) = swish'(v) · dv
      ([v], [dv]) => [mul(v, sigmoid(v)), mul(dv, slope(v))] as const,
    )(x);

// The right slope: σ + x·σ·(1 − σ).
const swish = swishWith((x) => {
  const s = sigmoid(x);
  return add(s, mul(mul(x, s), sub(1, s)));
});
// A classic slip: differentiating x·σ(x) as if σ(x) were a constant, which drops x·σ'(x).
const swishForgetful = swishWith((x) => sigmoid(x));

// 1. The rule against the closed form and against tygrad's own derivative of x·σ(x). Both
//    functions act elementwise, so one jvp with tangent 1 everywhere, or one gradient of the
//    sum, gives the derivative at every point of a column at once.
const points = [-3, -1, 0, 0.5, 2] as const;
const column = fromArray(points, [points.length, 1], "float64");
const byRule = jvp(swish, [column], [ones([points.length, 1], "float64")])[1].toArray();
const byAutomatic = grad((x: Rows<number, 1, "float64">) => sum(mul(x, sigmoid(x))))(column).toArray();
const closedForm = (x: number) => {
  const s = 1 / (1 + Math.exp(-x));
  return s + x * s * (1 - s);
};
console.log("swish'(x) three ways:\n");
console.log(table(
  ["x", "closed form", "jvp of the custom rule", "grad of x·σ(x) (automatic)"],
  points.map((x, i) => [String(x), closedForm(x).toFixed(12), (byRule[i] ?? NaN).toFixed(12), (byAutomatic[i] ?? NaN).toFixed(12)]),
));

// 2. The laws, on random inputs. An arbitrary for a float64 tensor of a fixed shape, with entries
//    in [−4, 4] (where σ is neither flat nor linear).
const tensorsOf = <const S extends readonly number[]>(shape: S) =>
  fc.array(A.interval(-4, 4), { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) })
    .map((values) => fromArray(values, shape, "float64"));
const numRuns = choose(100, 10);
// A fixed seed makes this script print the same report every run; drop it to explore new inputs.
const seed = 1;

// On its own…
checkGradients((x: Tensor<[4, 3], "float64">) => swish(x), tensorsOf([4, 3]), { numRuns, seed, name: "swish" });
console.log(`\nswish: the three laws hold on ${numRuns} random 4×3 inputs.`);

// …and inside a layer y = swish(x W + b), differentiated with respect to W, b and x together
// (any parameter tree can be checked: here a record of three tensors).
const layer = ({ w, b, x }: { w: Tensor<[3, 2], "float64">; b: Tensor<[2], "float64">; x: Tensor<[4, 3], "float64"> }) =>
  sum(swish(add(matmul(x, w), b)));
checkGradients(layer, fc.record({ w: tensorsOf([3, 2]), b: tensorsOf([2]), x: tensorsOf([4, 3]) }), { numRuns, seed, name: "swish layer" });
console.log(`swish layer Σ swish(x W + b): the laws hold for W, b and x on ${numRuns} random draws.`);

// 3. The wrong rule is caught, and the report says where and by how much. fast-check then
//    shrinks the failing input to the simplest one that still fails: here, inputs near 0, where
//    the missing term x·σ'(x) ≈ x/4 is just larger than the tolerance.
const caught = (f: () => void): GradientCheckError | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof GradientCheckError) return e;
    throw e;
  }
};
const random = caught(() => checkGradients((x: Rows<4, 3, "float64">) => swishForgetful(x), tensorsOf([4, 3]), { numRuns, seed, name: "swishForgetful" }));
if (random === undefined) {
  console.log("\nswishForgetful passed: the check missed a wrong derivative.");
  process.exit(1);
}
console.log("\nswishForgetful, whose rule drops the x·σ'(x) term, is caught:\n");
console.log(random.message);

// Checked at one chosen input, x = 2 everywhere, the same mistake is plain to see.
const atTwo = caught(() => checkGradients((x: Rows<1, 1, "float64">) => swishForgetful(x), fc.constant(fromArray([2], [1, 1], "float64")), { name: "swishForgetful" }));
console.log(atTwo === undefined
  ? "\nswishForgetful passed at x = 2: the check missed a wrong derivative."
  : `\nAt x = 2: the rule's jvp gives ${atTwo.analytic.toFixed(6)} = σ(2), finite differences give ${atTwo.numeric.toFixed(6)} ≈ swish'(2) = ${closedForm(2).toFixed(6)}.`);
if (atTwo === undefined) process.exitCode = 1;
