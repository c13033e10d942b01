// The four programs of reverse-mode differentiation, printed side by side:
//   1. f itself, traced to the IR;
//   2. its jvp (dual numbers: every equation paired with its tangent equation);
//   3. its linearization: jvp + partial evaluation keeps only the tangent equations, with the
//      primal values they need as constants (residuals);
//   4. its transpose: the linear program run backwards — the backward pass, with no tape.
//
// Run: npx tsx examples/autodiff-programs.ts

import {
  add, fromArray, logsumexp, makeJvpProgram, makeLinearProgram, makeProgram, makeTransposeProgram, matmul, mean, mul, oneHot,
  printProgram, relu, sin, sub, sum, tensor, type Tensor,
} from "../src/index.js";

const show = (title: string, text: string): void => console.log(`\n── ${title} ${"─".repeat(Math.max(0, 60 - title.length))}\n${text}`);

// A tiny one: f(x, y) = Σ sin(x)·y
const f = (x: Tensor<[3]>, y: Tensor<[3]>) => sum(mul(sin(x), y));
const x = tensor([1, 2, 3]);
const y = tensor([4, 5, 6]);
show("f(x, y) = Σ sin(x)·y", printProgram(makeProgram(f)(x, y)));
show("jvp of f", printProgram(makeJvpProgram(f)(x, y)));
show("linearization of f at (x, y)", printProgram(makeLinearProgram(f)(x, y)));
show("transpose: the backward pass", printProgram(makeTransposeProgram(f)(x, y)));

// A small MLP with a softmax cross-entropy loss.
type Params = { readonly w1: Tensor<[4, 8]>; readonly b1: Tensor<[8]>; readonly w2: Tensor<[8, 3]>; readonly b2: Tensor<[3]> };
const ramp = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i + 1) / 4);
const params: Params = { w1: fromArray(ramp(32), [4, 8]), b1: fromArray(ramp(8), [8]), w2: fromArray(ramp(24), [8, 3]), b2: fromArray(ramp(3), [3]) };
const xs = fromArray(ramp(8), [2, 4]);
const labels = fromArray([0, 2], [2], "int32");
const loss = (p: Params) => {
  const logits = add(matmul(relu(add(matmul(xs, p.w1), p.b1)), p.w2), p.b2);
  return mean(sum(mul(oneHot(labels, 3), sub(logsumexp(logits, 1, true), logits)), 1));
};
show("MLP loss", printProgram(makeProgram(loss)(params)));
show("MLP loss: backward pass", printProgram(makeTransposeProgram(loss)(params)));
