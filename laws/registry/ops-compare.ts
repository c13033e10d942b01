// Registry entries for src/ops/compare.ts. Comparisons and logicalNot give bool masks: their
// derivative is exactly zero. Their operands are drawn from a few values so that ties (where
// equal, lessEqual, … switch) are common. logicalNot takes a mask, so its case computes the
// mask from a float input (x > 0) inside the function: the op then runs on dual numbers.
// `where` is differentiable in both branches; its mask is fixed.

import fc from "fast-check";
import { boolTensor, broadcastableTo, broadcastPair, interval, shape, tensorOf } from "../arbitraries.js";
import { diff, fixed } from "../cases.js";
import { untypedOp, type OpName } from "../untyped-ops.js";
import { op, opCase, smooth, zero } from "./build.js";
import type { OpEntry } from "./types.js";

const fewValues = fc.constantFrom(-1, -0.5, 0, 0.5, 1);

const comparison = (name: OpName): OpEntry =>
  op(
    name,
    zero("tensors, broadcast, with ties", broadcastPair().chain((p) => fc.tuple(tensorOf(p.left, fewValues), tensorOf(p.right, fewValues)))
      .map(([a, b]) => opCase(name, [diff(a), diff(b)]))),
    zero("tensor and number", fc.tuple(shape().chain((s) => tensorOf(s, fewValues)), fewValues).map(([a, b]) => opCase(name, [diff(a), fixed(b)]))),
  );

const greater = untypedOp("greater");
const logicalNot = untypedOp("logicalNot");

/** A condition, and two branches whose shapes all broadcast to a common target. */
const whereShapes = shape().chain((target) => fc.tuple(broadcastableTo(target), broadcastableTo(target), broadcastableTo(target)));

export const COMPARE_ENTRIES: readonly OpEntry[] = [
  comparison("equal"),
  comparison("greater"),
  comparison("greaterEqual"),
  comparison("less"),
  comparison("lessEqual"),
  comparison("notEqual"),
  op("logicalNot", zero("mask x > 0 of a float input", shape().chain((s) => tensorOf(s, fewValues))
    .map((x) => opCase("logicalNot", [diff(x)], (v) => logicalNot(greater(v, 0)))))),
  op(
    "where",
    smooth("tensors, broadcast", whereShapes.chain(([c, a, b]) => fc.tuple(boolTensor(c), tensorOf(a), tensorOf(b)))
      .map(([c, a, b]) => opCase("where", [fixed(c), diff(a), diff(b)]))),
    smooth("number branch", whereShapes.chain(([c, , b]) => fc.tuple(boolTensor(c), interval(-2, 2), tensorOf(b)))
      .map(([c, a, b]) => opCase("where", [fixed(c), fixed(a), diff(b)]))),
  ),
];
