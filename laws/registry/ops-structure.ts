// Registry entries for the structural ops of src/ops/structure.ts and for matmul. These are
// linear in their tensor arguments, so every derivative law applies at every input; what the
// arbitraries take care of is drawing valid shapes, axes (often written negatively) and
// indices in range. oneHot takes integer labels, so its case computes them from a float input
// (cast to int32) inside the function, and its derivative is exactly zero.

import fc from "fast-check";
import { broadcastableTo, broadcastPair, int32Tensor, interval, permutation, shape, tensorOf, type Dims } from "../arbitraries.js";
import { diff, fixed } from "../cases.js";
import { untypedOp, type UntypedOp } from "../untyped-ops.js";
import { op, opCase, smooth, zero } from "./build.js";
import { sameSizeShape, spelledAxis, withInferredDim } from "./shapes.js";
import type { OpEntry } from "./types.js";

/** A shape of rank ≥ 1 and one of its axes (as an index 0..rank-1). */
const shapeAndAxis = (maxRank = 3): fc.Arbitrary<[Dims, number]> =>
  shape({ minRank: 1, maxRank }).chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 1 })));

const concat = untypedOp("concat");
const stack = untypedOp("stack");
const oneHot = untypedOp("oneHot");
const cast = untypedOp("cast");

/** Calls a list op (concat, stack) on all arguments but the last, which is the axis. */
const listThenAxis = (f: UntypedOp) =>
  (...values: unknown[]) => f(values.slice(0, -1), values[values.length - 1]);

const gatherVariant = (name: "gather" | "take") =>
  smooth("indices in range, any axis", shapeAndAxis().chain(([s, axis]) => fc.tuple(
    tensorOf(s), shape({ maxRank: 2 }).chain((is) => int32Tensor(is, 0, (s[axis] ?? 1) - 1)), spelledAxis(axis, s.length),
  )).map(([x, idx, axis]) => opCase(name, [diff(x), fixed(idx), fixed(axis)])));

export const STRUCTURE_ENTRIES: readonly OpEntry[] = [
  op("matmul", smooth("batch dims broadcast", fc.record({
    batch: broadcastPair({ maxRank: 2, maxDim: 2 }), m: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 3 }),
  }).chain(({ batch, m, k, n }) => fc.tuple(tensorOf([...batch.left, m, k]), tensorOf([...batch.right, k, n])))
    .map(([a, b]) => opCase("matmul", [diff(a), diff(b)])))),

  op("broadcastTo", smooth("to a larger shape", shape().chain((out) => fc.tuple(broadcastableTo(out).chain((s) => tensorOf(s)), fc.constant(out)))
    .map(([x, out]) => opCase("broadcastTo", [diff(x), fixed(out)])))),
  op("concat", smooth("1 to 3 tensors", shapeAndAxis().chain(([s, axis]) => fc.tuple(
    fc.array(fc.integer({ min: 1, max: 3 }).chain((w) => tensorOf(s.map((d, i) => (i === axis ? w : d)))), { minLength: 1, maxLength: 3 }),
    spelledAxis(axis, s.length),
  )).map(([xs, axis]) => opCase("concat", [...xs.map(diff), fixed(axis)], listThenAxis(concat))))),
  op("stack", smooth("1 to 3 tensors, new axis", shape({ maxRank: 2 }).chain((s) => fc.tuple(
    fc.array(tensorOf(s), { minLength: 1, maxLength: 3 }), fc.integer({ min: -s.length - 1, max: s.length }),
  )).map(([xs, axis]) => opCase("stack", [...xs.map(diff), fixed(axis)], listThenAxis(stack))))),
  op("expandDims", smooth("any position", shape().chain((s) => fc.tuple(tensorOf(s), fc.integer({ min: -s.length - 1, max: s.length })))
    .map(([x, axis]) => opCase("expandDims", [diff(x), fixed(axis)])))),
  op("squeeze", smooth("a size-1 axis", shape({ maxRank: 2 }).chain((s) => fc.integer({ min: 0, max: s.length }).chain((i) => {
    const withOne = [...s.slice(0, i), 1, ...s.slice(i)];
    return fc.tuple(tensorOf(withOne), spelledAxis(i, withOne.length));
  })).map(([x, axis]) => opCase("squeeze", [diff(x), fixed(axis)])))),
  op(
    "flatten",
    smooth("all axes", shape().chain((s) => tensorOf(s)).map((x) => opCase("flatten", [diff(x)]))),
    smooth("axes start..end", shape({ minRank: 1 }).chain((s) => fc.integer({ min: 0, max: s.length - 1 }).chain((start) =>
      fc.integer({ min: start, max: s.length - 1 }).chain((end) => fc.tuple(tensorOf(s), spelledAxis(start, s.length), spelledAxis(end, s.length)))))
      .map(([x, start, end]) => opCase("flatten", [diff(x), fixed(start), fixed(end)]))),
  ),
  op("reshape", smooth("same size, maybe a -1", shape().chain((s) => fc.tuple(tensorOf(s), sameSizeShape(s).chain(withInferredDim)))
    .map(([x, to]) => opCase("reshape", [diff(x), fixed(to)])))),
  op("transpose", smooth("reverse the axes", shape({ maxRank: 4 }).chain((s) => tensorOf(s)).map((x) => opCase("transpose", [diff(x)])))),
  op("swapLast", smooth("rank ≥ 2", shape({ minRank: 2 }).chain((s) => tensorOf(s)).map((x) => opCase("swapLast", [diff(x)])))),
  op("permute", smooth("any permutation", shape({ maxRank: 4 }).chain((s) => fc.tuple(tensorOf(s), permutation(s.length)))
    .map(([x, perm]) => opCase("permute", [diff(x), fixed(perm)])))),
  op("slice", smooth("one axis, bounds maybe negative", shapeAndAxis().chain(([s, axis]) => {
    const d = s[axis] ?? 1;
    return fc.integer({ min: 0, max: d }).chain((start) => fc.integer({ min: start, max: d }).chain((end) => fc.tuple(
      tensorOf(s), spelledAxis(axis, s.length), fc.constantFrom(start, start - d), end < d ? fc.constantFrom(end, end - d) : fc.constant(end),
    )));
  }).map(([x, axis, start, end]) => opCase("slice", [diff(x), fixed(axis), fixed(start), fixed(end)])))),
  op("pad", smooth("[before, after] per axis", shape().chain((s) => fc.tuple(
    tensorOf(s), fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { minLength: s.length, maxLength: s.length }),
  )).map(([x, widths]) => opCase("pad", [diff(x), fixed(widths)])))),
  op("gather", gatherVariant("gather")),
  op("take", gatherVariant("take")),
  op("oneHot", zero("labels cast from a float input", fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(
    fc.constant(n), shape({ maxRank: 2 }).chain((s) => tensorOf(s, interval(0, n + 0.99))),
  )).map(([n, x]) => opCase("oneHot", [diff(x), fixed(n)], (v, classes) => oneHot(cast(v, "int32"), classes, "float64"))))),
];

