// Registry entries for the elementwise ops of src/ops/elementwise.ts and the special functions
// of src/ops/special.ts (erf and erfc on [−5, 5], across all three regions of their
// approximation). Binary ops are checked three ways: two tensors that broadcast, tensor ∘ number
// and number ∘ tensor (numbers are fixed, not differentiated). Domains keep away from kinks and
// poles: relu and abs see no value within 0.1 of 0, reciprocal and div no denominator within 0.3
// of 0, log and sqrt only positive numbers, pow a positive base, maximum/minimum operands that
// never tie, clip no value within 0.1 of its bounds.

import fc from "fast-check";
import type { DType } from "../../src/tensor/dtype.js";
import { awayFrom, broadcastPair, interval, offsetFromIntegers, shape, tensorOf } from "../arbitraries.js";
import { diff, fixed } from "../cases.js";
import type { OpName } from "../untyped-ops.js";
import { op, opCase, smooth, zero } from "./build.js";
import type { OpEntry } from "./types.js";

const elementwise = (name: OpName, values: fc.Arbitrary<number>, kind: "smooth" | "zero" = "smooth"): OpEntry =>
  op(name, (kind === "smooth" ? smooth : zero)("float64", shape().chain((s) => tensorOf(s, values)).map((x) => opCase(name, [diff(x)]))));

/** The three ways to call a broadcasting binary op, with each operand's domain. */
const broadcasting = (name: OpName, left: fc.Arbitrary<number>, right: fc.Arbitrary<number>): OpEntry =>
  op(
    name,
    smooth("tensors, broadcast", broadcastPair().chain((p) => fc.tuple(tensorOf(p.left, left), tensorOf(p.right, right)))
      .map(([a, b]) => opCase(name, [diff(a), diff(b)]))),
    smooth("tensor and number", fc.tuple(shape().chain((s) => tensorOf(s, left)), right).map(([a, b]) => opCase(name, [diff(a), fixed(b)]))),
    smooth("number and tensor", fc.tuple(left, shape().chain((s) => tensorOf(s, right))).map(([a, b]) => opCase(name, [fixed(a), diff(b)]))),
  );

const any = interval(-2, 2);
const floats = shape().chain((s) => tensorOf(s));

const castTo = (dtype: DType) =>
  (dtype === "int32" || dtype === "bool" ? zero : smooth)(`to ${dtype}`,
    floats.map((x) => opCase("cast", [diff(x), fixed(dtype)], undefined, dtype === "float32" ? "float32" : "float64")));

export const ELEMENTWISE_ENTRIES: readonly OpEntry[] = [
  elementwise("abs", awayFrom(-3, 3, [0], 0.1)),
  elementwise("cos", interval(-4, 4)),
  elementwise("erf", interval(-5, 5)),
  elementwise("erfc", interval(-5, 5)),
  elementwise("exp", interval(-2, 2)),
  elementwise("expm1", interval(-3, 3)),
  elementwise("log", interval(0.2, 4)),
  elementwise("log1p", interval(-0.8, 3)),
  elementwise("neg", interval(-3, 3)),
  elementwise("reciprocal", awayFrom(-3, 3, [0], 0.3)),
  elementwise("relu", awayFrom(-3, 3, [0], 0.1)),
  elementwise("sigmoid", interval(-5, 5)),
  elementwise("sin", interval(-4, 4)),
  elementwise("sqrt", interval(0.2, 4)),
  elementwise("square", interval(-3, 3)),
  elementwise("tanh", interval(-3, 3)),
  elementwise("sign", interval(-3, 3), "zero"),
  elementwise("stopGradient", interval(-3, 3), "zero"),

  broadcasting("add", any, any),
  broadcasting("sub", any, any),
  broadcasting("mul", any, any),
  broadcasting("div", any, awayFrom(-2, 2, [0], 0.3)),
  broadcasting("pow", interval(0.3, 2.5), any),
  // integer + [0.3, 0.7] against integer + [-0.2, 0.2]: never closer than 0.1, so never tied
  broadcasting("maximum", offsetFromIntegers(-2, 1, 0.3, 0.7), offsetFromIntegers(-2, 1, -0.2, 0.2)),
  broadcasting("minimum", offsetFromIntegers(-2, 1, 0.3, 0.7), offsetFromIntegers(-2, 1, -0.2, 0.2)),

  op("clip", smooth("bounds lo < hi", fc.tuple(interval(-1.5, -0.2), interval(0.2, 1.5))
    .chain(([lo, hi]) => fc.tuple(fc.constant(lo), fc.constant(hi), shape().chain((s) => tensorOf(s, awayFrom(-3, 3, [lo, hi], 0.1)))))
    .map(([lo, hi, x]) => opCase("clip", [diff(x), fixed(lo), fixed(hi)])))),
  op("cast", castTo("float64"), castTo("float32"), castTo("int32"), castTo("bool")),
];
