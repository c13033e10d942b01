// The user-facing ops, all data-first and typed by the shape rules.
export {
  abs, add, cast, clip, cos, div, exp, log, maximum, minimum, mul, neg, pow, reciprocal, relu, sigmoid, sign, sin, sqrt,
  square, stopGradient, sub, tanh, type Binary, type Operand,
} from "./elementwise.js";
export { equal, greater, greaterEqual, less, lessEqual, logicalNot, notEqual, where, type Comparison } from "./compare.js";
export { argmax, argmin, logsumexp, max, mean, min, sum, variance, type Axes, type Reduction } from "./reduce.js";
export { matmul } from "./matmul.js";
export {
  broadcastTo, concat, expandDims, flatten, gather, oneHot, pad, permute, reshape, slice, squeeze, stack, swapLast, take, transpose,
} from "./structure.js";
