// Batching rules: for each primitive, how to apply it to operands that carry an extra leading
// batch axis. A batched value always has its batch axis at position 0 (an operand batched
// elsewhere is never created: vmap moves its inputs' batch axis to 0); an unbatched value is the
// same for every example. Each rule returns the output for all examples at once, and says
// whether that output is batched. Where a direct rule would be long, `perExample` is the rule:
// slice each example out, apply the primitive, stack the results — correct by construction.

import * as lax from "../core/lax.js";
import { abstractEval } from "../core/abstract-eval.js";
import { bind } from "../core/trace.js";
import type { Params, PrimTag } from "../core/primitives.js";
import type { AnyTensor } from "../tensor/tensor.js";

type T = AnyTensor;

/** A value under vmap: the same `value` for every example, or one slice per example along axis 0. */
export interface BatchValue {
  readonly value: T;
  readonly batched: boolean;
}

/** Given the operands (each batched or not) and the batch size, the output for all examples. */
export type BatchRule<P extends PrimTag> = (args: readonly BatchValue[], params: Params<P>, size: number) => BatchValue;

const batchedValue = (value: T): BatchValue => ({ value, batched: true });
const unbatchedValue = (value: T): BatchValue => ({ value, batched: false });

const arg = (args: readonly BatchValue[], i: number): BatchValue => {
  const a = args[i];
  if (a === undefined) throw new TypeError(`vmap: missing operand ${i}`);
  return a;
};

/** The value with its batch axis: an unbatched one is broadcast to every example. */
export const materialize = (a: BatchValue, size: number): T =>
  a.batched ? a.value : lax.broadcast(a.value, [size, ...a.value.shape]);

/** Example i of a batched value (its batch axis removed). */
export function exampleOf(x: T, i: number): T {
  const rest = x.shape.slice(1);
  const one = lax.slice(x, [i, ...rest.map(() => 0)], [i + 1, ...rest]);
  return lax.reshape(one, rest);
}

/** Stacks per-example values of one shape on a new leading axis. */
export function stack(xs: readonly T[]): T {
  return lax.concatenate(xs.map((x) => lax.reshape(x, [1, ...x.shape])), 0);
}

// -- combinators ---------------------------------------------------------------------------------

/** When no operand is batched the primitive applies unchanged and its output is the same for every example. */
const whenUnbatched = <P extends PrimTag>(batchedRule: BatchRule<P>, prim: P): BatchRule<P> => (args, params, size) =>
  args.some((a) => a.batched) ? batchedRule(args, params, size) : unbatchedValue(bind(prim, args.map((a) => a.value), params));

/**
 * The general rule: example by example. f(stack xs) = stack (f x₀, f x₁, …) holds for every
 * primitive, so this is always right; it costs one application per example.
 */
export const perExample = <P extends PrimTag>(prim: P): BatchRule<P> => whenUnbatched<P>((args, params, size) => {
  if (size === 0) {
    const out = abstractEval(prim, args.map((a) => ({ shape: a.batched ? a.value.shape.slice(1) : a.value.shape, dtype: a.value.dtype })), params);
    return batchedValue(lax.full([0, ...out.shape], 0, out.dtype));
  }
  const outs = Array.from({ length: size }, (_, i) => bind(prim, args.map((a) => (a.batched ? exampleOf(a.value, i) : a.value)), params));
  return batchedValue(stack(outs));
}, prim);

/**
 * Elementwise primitives act on each element alone, so on the batch as one larger array; an
 * unbatched operand is broadcast to the batch first (binary primitives take identical shapes).
 */
const elementwise = <P extends PrimTag>(prim: P): BatchRule<P> => whenUnbatched<P>((args, params, size) =>
  batchedValue(bind(prim, args.map((a) => materialize(a, size)), params)), prim);

/** A unary structural primitive whose params gain the batch axis: f_b(x) = f(x) with params for [B, …x]. */
const structural = <P extends PrimTag>(prim: P, shift: (params: Params<P>, x: T) => Params<P>): BatchRule<P> => whenUnbatched<P>((args, params) => {
  const x = arg(args, 0).value;
  return batchedValue(bind(prim, [x], shift(params, x)));
}, prim);

const plusOne = (axes: readonly number[]): number[] => axes.map((a) => a + 1);

// -- special cases ---------------------------------------------------------------------------------

/**
 * NumPy broadcasting aligns trailing axes, so [B, …s] cannot be broadcast to [B, …shape] as it
 * stands when rank s < rank shape: insert the missing size-1 axes after the batch axis first.
 */
const broadcastRule: BatchRule<"broadcast"> = whenUnbatched((args, { shape }) => {
  const x = arg(args, 0).value;
  const [b, ...s] = x.shape;
  const aligned = lax.reshape(x, [b ?? 0, ...shape.slice(0, shape.length - s.length).map(() => 1), ...s]);
  return batchedValue(lax.broadcast(aligned, [b ?? 0, ...shape]));
}, "broadcast");

/**
 * Batched matrix product. dot takes identical leading batch dims, so both operands get the
 * batch axis. A batched [B, m, k] input against an unbatched 2-D [k, n] weight folds the batch
 * into the rows, [B·m, k]·[k, n]: the same sums in the same order, without copying the weight.
 */
const dotRule: BatchRule<"dot"> = whenUnbatched((args, params, size) => {
  const [a, b] = [arg(args, 0), arg(args, 1)];
  if (a.batched && !b.batched && b.value.shape.length === 2 && !params.transposeA) {
    const [, m, k] = a.value.shape;
    const rows = lax.dot(lax.reshape(a.value, [size * (m ?? 0), k ?? 0]), b.value, false, params.transposeB);
    return batchedValue(lax.reshape(rows, [size, m ?? 0, rows.shape[1] ?? 0]));
  }
  return batchedValue(lax.dot(materialize(a, size), materialize(b, size), params.transposeA, params.transposeB));
}, "dot");

/** gather along axis+1 when only the array is batched; batched indices go example by example. */
const gatherRule: BatchRule<"gather"> = (args, params, size) => {
  const [x, idx] = [arg(args, 0), arg(args, 1)];
  if (x.batched && !idx.batched) return batchedValue(lax.gather(x.value, idx.value, params.axis + 1));
  return perExample("gather")(args, params, size);
};

/** scatterAdd along axis+1 into [B, …shape] when only the updates are batched; batched indices go example by example. */
const scatterAddRule: BatchRule<"scatterAdd"> = (args, params, size) => {
  const [u, idx] = [arg(args, 0), arg(args, 1)];
  if (u.batched && !idx.batched) return batchedValue(lax.scatterAdd(u.value, idx.value, params.axis + 1, [size, ...params.shape]));
  return perExample("scatterAdd")(args, params, size);
};

// -- the table -----------------------------------------------------------------------------------

export const batchRules: { readonly [P in PrimTag]: BatchRule<P> } = {
  // f(x)_b = f(x_b) elementwise
  neg: elementwise("neg"),
  exp: elementwise("exp"),
  log: elementwise("log"),
  sin: elementwise("sin"),
  cos: elementwise("cos"),
  tanh: elementwise("tanh"),
  sqrt: elementwise("sqrt"),
  expm1: elementwise("expm1"),
  log1p: elementwise("log1p"),
  add: elementwise("add"),
  sub: elementwise("sub"),
  mul: elementwise("mul"),
  div: elementwise("div"),
  pow: elementwise("pow"),
  max: elementwise("max"),
  min: elementwise("min"),
  compare: elementwise("compare"),
  select: elementwise("select"),
  convert: elementwise("convert"),
  stopGradient: elementwise("stopGradient"),
  checkIndices: elementwise("checkIndices"),
  // Σ over axes of x_b = Σ over axes+1 of [B, …x]
  reduceSum: structural("reduceSum", ({ axes }) => ({ axes: plusOne(axes) })),
  reduceMax: structural("reduceMax", ({ axes }) => ({ axes: plusOne(axes) })),
  broadcast: broadcastRule,
  // [B, …s] ↦ [B, …shape]: the row-major order of each example is kept
  reshape: structural("reshape", ({ shape }, x) => ({ shape: [x.shape[0] ?? 0, ...shape] })),
  // the batch axis stays first: perm [0, …perm+1]
  transpose: structural("transpose", ({ perm }) => ({ perm: [0, ...plusOne(perm)] })),
  // the whole batch axis: start 0, limit B, stride 1
  slice: structural("slice", ({ starts, limits, strides }, x) => ({
    starts: [0, ...starts], limits: [x.shape[0] ?? 0, ...limits], strides: [1, ...strides],
  })),
  // no padding on the batch axis
  pad: structural("pad", ({ lo, hi, interior }) => ({ lo: [0, ...lo], hi: [0, ...hi], interior: [0, ...interior] })),
  // every operand gets the batch axis; the joined axis moves to axis+1
  concatenate: whenUnbatched((args, { axis }, size) => batchedValue(lax.concatenate(args.map((a) => materialize(a, size)), axis + 1)), "concatenate"),
  gather: gatherRule,
  scatterAdd: scatterAddRule,
  // no operands: the same for every example
  iota: (_args, params) => unbatchedValue(bind("iota", [], params)),
  dot: dotRule,
  // a user's linear map knows only its own shapes: example by example
  customLinear: perExample("customLinear"),
  // a batch of keys gives a batch of children and draws, one key at a time (the PRNG is host code)
  keyChild: perExample("keyChild"),
  sample: perExample("sample"),
};

export const batchRule = <P extends PrimTag>(prim: P): BatchRule<P> => batchRules[prim] as BatchRule<P>;
