// Registry entries for every primitive, applied directly with `bind` (no user-facing op in
// between). Input domains keep each primitive differentiable at the drawn points: log and sqrt
// see positive numbers (log1p numbers above −0.8), div a denominator away from 0, pow a positive base, max/min operands
// that never tie, reduceMax distinct elements. Integer operands (gather/scatterAdd indices) are
// in range; bool operands (select's predicate) and indices are fixed, not differentiated.

import fc from "fast-check";
import * as lax from "../../src/core/lax.js";
import type { CompareOp, UnaryTag } from "../../src/core/primitives.js";
import type { DType } from "../../src/tensor/dtype.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import {
  awayFrom, axesOf, boolTensor, broadcastableTo, distinctTensor, int32Tensor, interval, offsetFromIntegers, permutation,
  shape, tensorOf, type Dims,
} from "../arbitraries.js";
import { diff, fixed } from "../cases.js";
import { application } from "../primitive-case.js";
import { primitive, primitiveVariant } from "./build.js";
import { RANDOM_ENTRIES } from "./random.js";
import { sameSizeShape } from "./shapes.js";
import type { PrimitiveEntry } from "./types.js";

const NONE = {};

const unary = (prim: UnaryTag, values: fc.Arbitrary<number>): PrimitiveEntry =>
  primitive(prim, primitiveVariant("float64", "smooth", shape().chain((s) => tensorOf(s, values)).map((x) => application(prim, NONE, [diff(x)]))));

const binary = (prim: "add" | "sub" | "mul" | "div" | "pow" | "max" | "min", left: fc.Arbitrary<number>, right: fc.Arbitrary<number>): PrimitiveEntry =>
  primitive(prim, primitiveVariant("same shapes", "smooth",
    shape().chain((s) => fc.tuple(tensorOf(s, left), tensorOf(s, right))).map(([a, b]) => application(prim, NONE, [diff(a), diff(b)]))));

const any = interval(-2, 2);

/** Two tensors of one shape with some elements equal (so comparisons see ties). */
const withTies = (s: Dims): fc.Arbitrary<[AnyTensor, AnyTensor]> =>
  fc.tuple(tensorOf(s, fc.constantFrom(-1, -0.5, 0, 0.5, 1)), tensorOf(s, fc.constantFrom(-1, -0.5, 0, 0.5, 1)));

/** A shape of rank ≥ 1 and one of its axes. */
const shapeAndAxis = (maxRank = 3): fc.Arbitrary<[Dims, number]> =>
  shape({ minRank: 1, maxRank }).chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 1 })));

const slices = (s: Dims) =>
  fc.tuple(...s.map((d) => fc.integer({ min: 0, max: d }).chain((start) => fc.tuple(fc.constant(start), fc.integer({ min: start, max: d }), fc.integer({ min: 1, max: 3 })))));

/**
 * y = r·a − 3b, linear in (a, b) with the residual r (a constant of the map, its first operand),
 * and its transpose ȳ ↦ (r·ȳ, −3ȳ).
 */
const scaledDifference = (like: AnyTensor) => ({
  name: "r·a-3b",
  rule: {
    out: { shape: like.shape, dtype: like.dtype },
    residuals: 1,
    apply: ([r, a, b]: readonly AnyTensor[]) => lax.sub(lax.mul(r ?? like, a ?? like), lax.scale(b ?? like, 3)),
    transpose: (ct: AnyTensor, [r]: readonly AnyTensor[]) => [lax.mul(r ?? ct, ct), lax.scale(ct, -3)],
  },
});

const convertTo = (dtype: DType, from: fc.Arbitrary<AnyTensor>, derivative: "smooth" | "zero", differentiable = true) =>
  primitiveVariant(`${differentiable ? "float64" : "int32"} to ${dtype}`, derivative,
    from.map((x) => application("convert", { dtype }, [differentiable ? diff(x) : fixed(x)])), dtype === "float32" ? "float32" : "float64");

const floats = shape().chain((s) => tensorOf(s));

export const PRIMITIVE_ENTRIES: readonly PrimitiveEntry[] = [
  unary("neg", interval(-3, 3)),
  unary("exp", interval(-2, 2)),
  unary("log", interval(0.2, 4)),
  unary("sin", interval(-4, 4)),
  unary("cos", interval(-4, 4)),
  unary("tanh", interval(-3, 3)),
  unary("sqrt", interval(0.2, 4)),
  unary("expm1", interval(-3, 3)),
  unary("log1p", interval(-0.8, 3)),

  binary("add", any, any),
  binary("sub", any, any),
  binary("mul", any, any),
  binary("div", any, awayFrom(-2, 2, [0], 0.3)),
  binary("pow", interval(0.3, 2.5), any),
  // integer + [0.3, 0.7] against integer + [-0.2, 0.2]: never closer than 0.1, so never tied
  binary("max", offsetFromIntegers(-2, 1, 0.3, 0.7), offsetFromIntegers(-2, 1, -0.2, 0.2)),
  binary("min", offsetFromIntegers(-2, 1, 0.3, 0.7), offsetFromIntegers(-2, 1, -0.2, 0.2)),

  primitive("compare", primitiveVariant("any op, with ties", "zero",
    fc.tuple(fc.constantFrom<CompareOp>("lt", "le", "gt", "ge", "eq", "ne"), shape().chain(withTies))
      .map(([op, [a, b]]) => application("compare", { op }, [diff(a), diff(b)])))),
  primitive("select", primitiveVariant("bool predicate", "smooth",
    shape().chain((s) => fc.tuple(boolTensor(s), tensorOf(s), tensorOf(s)))
      .map(([p, a, b]) => application("select", NONE, [fixed(p), diff(a), diff(b)])))),

  primitive("reduceSum", primitiveVariant("any axes", "smooth",
    shape().chain((s) => fc.tuple(tensorOf(s), axesOf(s.length))).map(([x, axes]) => application("reduceSum", { axes }, [diff(x)])))),
  primitive("reduceMax", primitiveVariant("distinct elements", "smooth",
    shape().chain((s) => fc.tuple(distinctTensor(s), axesOf(s.length))).map(([x, axes]) => application("reduceMax", { axes }, [diff(x)])))),

  primitive("broadcast", primitiveVariant("to a larger shape", "smooth",
    shape().chain((out) => fc.tuple(fc.constant(out), broadcastableTo(out).chain((s) => tensorOf(s))))
      .map(([out, x]) => application("broadcast", { shape: out }, [diff(x)])))),
  primitive("reshape", primitiveVariant("same size", "smooth",
    shape().chain((s) => fc.tuple(tensorOf(s), sameSizeShape(s))).map(([x, to]) => application("reshape", { shape: to }, [diff(x)])))),
  primitive("transpose", primitiveVariant("any permutation", "smooth",
    shape().chain((s) => fc.tuple(tensorOf(s), permutation(s.length))).map(([x, perm]) => application("transpose", { perm }, [diff(x)])))),
  primitive("slice", primitiveVariant("starts, limits, strides", "smooth",
    shape().chain((s) => fc.tuple(tensorOf(s), slices(s))).map(([x, axes]) => application("slice", {
      starts: axes.map(([start]) => start), limits: axes.map(([, limit]) => limit), strides: axes.map(([, , stride]) => stride),
    }, [diff(x)])))),
  primitive("pad", primitiveVariant("lo, hi, interior", "smooth",
    shape().chain((s) => {
      const widths = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: s.length, maxLength: s.length });
      return fc.tuple(tensorOf(s), widths, widths, widths);
    }).map(([x, lo, hi, interior]) => application("pad", { lo, hi, interior }, [diff(x)])))),
  primitive("concatenate", primitiveVariant("1 to 3 operands", "smooth",
    shapeAndAxis().chain(([s, axis]) => fc.tuple(fc.constant(axis),
      fc.array(fc.integer({ min: 1, max: 3 }).chain((w) => tensorOf(s.map((d, i) => (i === axis ? w : d)))), { minLength: 1, maxLength: 3 })))
      .map(([axis, xs]) => application("concatenate", { axis }, xs.map(diff))))),
  primitive("gather", primitiveVariant("indices in range", "smooth",
    shapeAndAxis().chain(([s, axis]) => fc.tuple(fc.constant(axis), tensorOf(s), shape({ maxRank: 2 }).chain((is) => int32Tensor(is, 0, (s[axis] ?? 1) - 1))))
      .map(([axis, x, idx]) => application("gather", { axis }, [diff(x), fixed(idx)])))),
  primitive("scatterAdd", primitiveVariant("indices in range, repeats add", "smooth",
    shapeAndAxis().chain(([out, axis]) => shape({ maxRank: 2 }).chain((is) => fc.tuple(
      fc.constant(out), fc.constant(axis),
      tensorOf([...out.slice(0, axis), ...is, ...out.slice(axis + 1)]), int32Tensor(is, 0, (out[axis] ?? 1) - 1),
    ))).map(([out, axis, updates, idx]) => application("scatterAdd", { axis, shape: out }, [diff(updates), fixed(idx)])))),
  primitive("checkIndices", primitiveVariant("indices in range", "zero",
    shape().chain((s) => int32Tensor(s, 0, 4)).map((idx) => application("checkIndices", { op: "laws", what: "index", bound: 5 }, [fixed(idx)])))),
  primitive("iota", primitiveVariant("any dtype", "zero",
    fc.tuple(shapeAndAxis(), fc.constantFrom<DType>("int32", "float32", "float64"))
      .map(([[s, axis], dtype]) => application("iota", { shape: s, axis, dtype }, [])))),

  primitive("dot", primitiveVariant("batched, either operand transposed", "smooth",
    fc.record({
      batch: shape({ maxRank: 2, maxDim: 2 }), m: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 3 }),
      transposeA: fc.boolean(), transposeB: fc.boolean(),
    }).chain(({ batch, m, k, n, transposeA, transposeB }) => fc.tuple(
      fc.constant({ transposeA, transposeB }),
      tensorOf([...batch, ...(transposeA ? [k, m] : [m, k])]),
      tensorOf([...batch, ...(transposeB ? [n, k] : [k, n])]),
    )).map(([params, a, b]) => application("dot", params, [diff(a), diff(b)])))),

  primitive("convert",
    convertTo("float64", floats, "smooth"),
    convertTo("float32", floats, "smooth"),
    convertTo("int32", floats, "zero"),
    convertTo("bool", floats, "zero"),
    convertTo("float64", shape().chain((s) => int32Tensor(s, -3, 3)), "zero", false)),
  primitive("stopGradient", primitiveVariant("float64", "zero", floats.map((x) => application("stopGradient", NONE, [diff(x)])))),
  primitive("customLinear", primitiveVariant("y = r·a − 3b, residual r, with its transpose", "smooth",
    shape().chain((s) => fc.tuple(tensorOf(s), tensorOf(s), tensorOf(s)))
      .map(([r, a, b]) => application("customLinear", scaledDifference(a), [fixed(r), diff(a), diff(b)])))),

  ...RANDOM_ENTRIES,
];
