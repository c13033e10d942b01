// Per-example gradients with vmap: one gradient per training example, in one batched pass.
//
// A training step needs only the gradient of the mean loss, (1/B) Σᵢ ∇ℓ(θ; xᵢ, yᵢ). Some methods
// need each term ∇ℓ(θ; xᵢ, yᵢ) on its own: clipping each example's gradient before averaging
// (differentially private SGD), gradient-noise and influence diagnostics, finding the examples
// that disagree with the rest. Written for one example, the gradient is `grad(loss)`; `vmap`
// runs it on all B examples at once,
//
//   perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(params, xs, ys)
//
// with the parameters shared (null) and the inputs and labels batched along axis 0 (0). Every
// primitive of the gradient computation then runs once on the whole batch instead of B times.
// The script checks the result against a loop of grad over the examples, checks that the mean
// of the per-example gradients is the gradient of the mean loss, clips each example's gradient
// to norm 1, and times vmap(grad) eagerly and jitted against the loop.
//
// Run: npx tsx examples/per-example-gradients.ts        (TYGRAD_SHORT=1 for a tiny run)

import { add, fromArray, grad, jit, matmul, mean, square, sub, sum, tanh, tree, vmap, type Tensor } from "../src/index.js";
import { choose, table } from "./support/run.js";

// A 4-16-1 regression MLP, written for one example x (a [1, 4] row) and its target y ([1, 1]).
type Params = { readonly w1: Tensor<[4, 16], "float64">; readonly b1: Tensor<[16], "float64">; readonly w2: Tensor<[16, 1], "float64"> };
const loss = (p: Params, x: Tensor<[1, 4], "float64">, y: Tensor<[1, 1], "float64">): Tensor<[], "float64"> =>
  sum(square(sub(matmul(tanh(add(matmul(x, p.w1), p.b1)), p.w2), y)));

const wave = (n: number, seed: number, scale: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9 + i * 7.7) * scale);
const params: Params = { w1: fromArray(wave(64, 1, 0.5), [4, 16], "float64"), b1: fromArray(wave(16, 2, 0.1), [16], "float64"), w2: fromArray(wave(16, 3, 0.5), [16, 1], "float64") };
const B = 64;
const xs = fromArray(wave(B * 4, 4, 1), [B, 1, 4], "float64");
const ys = fromArray(wave(B, 5, 1), [B, 1, 1], "float64");

/** Example i of a batched tensor (its leading axis dropped). */
const exampleOf = <const S extends readonly number[]>(x: Tensor<readonly number[], "float64">, i: number, shape: S) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return fromArray(Array.from(x.toArray()).slice(i * n, (i + 1) * n), shape, "float64");
};

// 1. vmap(grad(loss)) against a loop of grad(loss) over the examples.
const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(params, xs, ys);
const xsList = Array.from({ length: B }, (_, i) => exampleOf(xs, i, [1, 4]));
const ysList = Array.from({ length: B }, (_, i) => exampleOf(ys, i, [1, 1]));
const loopOfGrad = () => xsList.map((x, i) => grad(loss)(params, x, ysList[i] ?? ysList[0] ?? fromArray([0], [1, 1], "float64")));
const looped = loopOfGrad();
let worst = 0;
tree.leaves(perExample).forEach((batchedLeaf, leaf) => {
  const all = batchedLeaf.toArray();
  const each = all.length / B;
  looped.forEach((g, i) => {
    Array.from(tree.leaves(g)[leaf]?.toArray() ?? []).forEach((v, k) => (worst = Math.max(worst, Math.abs(v - (all[i * each + k] ?? Number.NaN)))));
  });
});
console.log(`per-example gradients: w1 ${perExample.w1.shape.join("×")}, b1 ${perExample.b1.shape.join("×")}, w2 ${perExample.w2.shape.join("×")}`);
console.log(`largest difference from a loop of grad over the ${B} examples: ${worst.toExponential(2)}`);

// 2. Their mean is the gradient of the mean loss.
const meanLoss = (p: Params) => mean(vmap((x: Tensor<[1, 4], "float64">, y: Tensor<[1, 1], "float64">) => loss(p, x, y))(xs, ys));
const full = grad(meanLoss)(params);
const differences = [sub(full.w1, mean(perExample.w1, 0)), sub(full.b1, mean(perExample.b1, 0)), sub(full.w2, mean(perExample.w2, 0))];
const gap = Math.max(...differences.flatMap((d) => Array.from(d.toArray(), Math.abs)));
console.log(`mean of per-example gradients vs gradient of the mean loss: largest difference ${gap.toExponential(2)}\n`);

// 3. Clip each example's gradient to norm at most 1 (DP-SGD's first step): ‖gᵢ‖² summed over the leaves, per example.
const squaredNorm = add(add(sum(square(perExample.w1), [1, 2]), sum(square(perExample.b1), 1)), sum(square(perExample.w2), [1, 2]));
const norms = Array.from(squaredNorm.toArray(), Math.sqrt);
const clipped = norms.filter((n) => n > 1).length;
console.log(`per-example gradient norms: min ${Math.min(...norms).toFixed(3)}, max ${Math.max(...norms).toFixed(3)}; ${clipped} of ${B} would be clipped to 1\n`);

// 4. Time: vmap(grad) eagerly and jitted, against the JS loop of grad.
const reps = choose(20, 2);
const time = (run: () => unknown): number => {
  run();
  const start = performance.now();
  for (let r = 0; r < reps; r++) run();
  return (performance.now() - start) / reps;
};
const batched = vmap(grad(loss), { inAxes: [null, 0, 0] });
const compiled = jit(batched);
const rows = [
  ["loop of grad", time(loopOfGrad)],
  ["vmap(grad)", time(() => batched(params, xs, ys))],
  ["jit(vmap(grad))", time(() => compiled(params, xs, ys))],
] as const;
console.log(`${B} per-example gradients of a 4-16-1 MLP (ms per batch, mean of ${reps}):`);
console.log(table(["method", "ms"], rows.map(([name, ms]) => [name, ms.toFixed(2)])));
