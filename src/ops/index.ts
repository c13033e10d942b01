// The user-facing ops, all data-first and typed by the shape rules:
//   elementwise  add sub mul div pow maximum minimum; neg exp log sqrt square abs sign sin cos tanh
//                sigmoid relu reciprocal clip cast stopGradient expm1 log1p
//   special      erf erfc (Cody's rational approximations, exact derivatives)
//   compare      less lessEqual greater greaterEqual equal notEqual logicalNot where
//   reduce       sum mean max min argmax argmin logsumexp variance
//   matmul, and the structural ops (reshape, transpose, concat, slice, gather, pad, …)
export {
  abs, add, cast, clip, cos, div, exp, log, maximum, minimum, mul, neg, pow, reciprocal, relu, sigmoid, sign, sin, sqrt,
  square, stopGradient, sub, tanh, type Binary, type Broadcasting, type Operand,
} from "./elementwise.js";
export { expm1, log1p } from "./elementwise.js";
export { erf, erfc } from "./special.js";
export { equal, greater, greaterEqual, less, lessEqual, logicalNot, notEqual, where, type Comparison, type Where } from "./compare.js";
export { argmax, argmin, logsumexp, max, mean, min, sum, variance, type Axes, type Reduction } from "./reduce.js";
export { matmul } from "./matmul.js";
export {
  broadcastTo, concat, expandDims, flatten, gather, oneHot, pad, permute, reshape, slice, squeeze, stack, swapLast, take, transpose,
} from "./structure.js";
