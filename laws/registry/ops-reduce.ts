// Registry entries for the reductions of src/ops/reduce.ts, each called three ways: over all
// axes, over one axis (possibly negative) and over a tuple of axes, with or without keepdims.
// max and min see distinct elements (no ties: their derivative is split at ties); argmax and
// argmin are integer valued, so their derivative is exactly zero, and they do see ties.

import fc from "fast-check";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { axesOf, distinctTensor, shape, tensorOf, type Dims } from "../arbitraries.js";
import { diff, fixed } from "../cases.js";
import type { OpName } from "../untyped-ops.js";
import { op, opCase, smooth, zero } from "./build.js";
import { anyAxis, spelledAxis } from "./shapes.js";
import type { OpEntry, Variant } from "./types.js";

/** The three calling conventions of a reduction over tensors drawn by `tensor`. */
function reductionVariants(name: OpName, kind: "smooth" | "zero", tensor: (s: Dims) => fc.Arbitrary<AnyTensor>): Variant[] {
  const variant = kind === "smooth" ? smooth : zero;
  const ranked = shape({ minRank: 1 });
  return [
    variant("all axes", shape().chain(tensor).map((x) => opCase(name, [diff(x)]))),
    variant("one axis, keepdims", ranked.chain((s) => fc.tuple(tensor(s), anyAxis(s.length), fc.boolean()))
      .map(([x, axis, keep]) => opCase(name, [diff(x), fixed(axis), fixed(keep)]))),
    variant("tuple of axes, keepdims", ranked.chain((s) => fc.tuple(
      tensor(s),
      axesOf(s.length).chain((axes) => fc.tuple(...axes.map((a) => spelledAxis(a, s.length)))),
      fc.boolean(),
    )).map(([x, axes, keep]) => opCase(name, [diff(x), fixed(axes), fixed(keep)]))),
  ];
}

const fewValues = fc.constantFrom(-1, 0, 0.5, 1);
const values = (s: Dims) => tensorOf(s);
const distinct = (s: Dims) => distinctTensor(s);
const withTies = (s: Dims) => tensorOf(s, fewValues);

export const REDUCE_ENTRIES: readonly OpEntry[] = [
  op("sum", ...reductionVariants("sum", "smooth", values)),
  op("mean", ...reductionVariants("mean", "smooth", values)),
  op("logsumexp", ...reductionVariants("logsumexp", "smooth", values)),
  op("variance", ...reductionVariants("variance", "smooth", values)),
  op("max", ...reductionVariants("max", "smooth", distinct)),
  op("min", ...reductionVariants("min", "smooth", distinct)),
  op("argmax", ...reductionVariants("argmax", "zero", withTies)),
  op("argmin", ...reductionVariants("argmin", "zero", withTies)),
];
