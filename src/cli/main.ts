// `npm start`: a short tour of typed tensor math and of the program behind a gradient.

import { add, grad, makeLinearProgram, makeProgram, matmul, mean, printProgram, relu, sin, sum, mul, tensor, type Tensor } from "../index.js";

const x = tensor([[1, 2, 3], [4, 5, 6]]);
const w = tensor([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]);
const b = tensor([0.01, -0.01]);

const layer = (xs: Tensor<[2, 3]>, ws: Tensor<[3, 2]>) => relu(add(matmul(xs, ws), b));
console.log("relu(x @ w + b) =");
console.log(layer(x, w).toString());

const loss = (ws: Tensor<[3, 2]>) => mean(layer(x, ws));
console.log("\n∂ mean(relu(x @ w + b)) / ∂w =");
console.log(grad(loss)(w).toString());

const f = (a: Tensor<[3]>, c: Tensor<[3]>) => sum(mul(sin(a), c));
const a = tensor([1, 2, 3]);
console.log("\nThe program of f(a, c) = Σ sin(a)·c:");
console.log(printProgram(makeProgram(f)(a, a)));
console.log("\nIts linearization (tangents in, residuals as constants):");
console.log(printProgram(makeLinearProgram(f)(a, a)));
