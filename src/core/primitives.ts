// The closed set of primitives. Every user-facing op is a composition of these, so each
// interpreter (impl, abstractEval, jvp, transpose, the compiler) is one rule per primitive.
// Binary elementwise primitives take operands of identical shape and dtype: broadcasting and
// scalar operands are resolved by the user-facing ops before a primitive is bound.

import type { DType, FloatDType } from "../tensor/dtype.js";
import type { AnyTensor } from "../tensor/tensor.js";

export type CompareOp = "lt" | "le" | "gt" | "ge" | "eq" | "ne";

/** Each primitive's static parameters. An empty record means "no parameters". */
export interface PrimParams {
  // unary elementwise
  readonly neg: Record<string, never>;
  readonly exp: Record<string, never>;
  readonly log: Record<string, never>;
  readonly sin: Record<string, never>;
  readonly cos: Record<string, never>;
  readonly tanh: Record<string, never>;
  readonly sqrt: Record<string, never>;
  /** eˣ − 1, accurate for tiny |x| where 1 + x rounds to 1. */
  readonly expm1: Record<string, never>;
  /** log(1 + x), accurate for tiny |x|. */
  readonly log1p: Record<string, never>;
  // binary elementwise
  readonly add: Record<string, never>;
  readonly sub: Record<string, never>;
  readonly mul: Record<string, never>;
  readonly div: Record<string, never>;
  readonly pow: Record<string, never>;
  readonly max: Record<string, never>;
  readonly min: Record<string, never>;
  readonly compare: { readonly op: CompareOp };
  // select(pred, onTrue, onFalse): pred is bool
  readonly select: Record<string, never>;
  // reductions over the given (sorted, distinct) axes; the reduced axes are removed
  readonly reduceSum: { readonly axes: readonly number[] };
  readonly reduceMax: { readonly axes: readonly number[] };
  // structure
  /** NumPy-style: operand dims align with the target's trailing dims; each is equal or 1. */
  readonly broadcast: { readonly shape: readonly number[] };
  readonly reshape: { readonly shape: readonly number[] };
  readonly transpose: { readonly perm: readonly number[] };
  /** out[i] = x[start + i * stride] per axis; limit is exclusive. */
  readonly slice: {
    readonly starts: readonly number[];
    readonly limits: readonly number[];
    readonly strides: readonly number[];
  };
  /** Zero padding: `lo`/`hi` elements before/after each axis, `interior` between elements. */
  readonly pad: {
    readonly lo: readonly number[];
    readonly hi: readonly number[];
    readonly interior: readonly number[];
  };
  readonly concatenate: { readonly axis: number };
  /** take(x, indices, axis): out shape = x[:axis] ++ indices.shape ++ x[axis+1:]. */
  readonly gather: { readonly axis: number };
  /** The transpose of gather: adds `updates` into zeros of `shape` at `indices` along `axis`. */
  readonly scatterAdd: { readonly axis: number; readonly shape: readonly number[] };
  /** 0, 1, 2, … along `axis` of `shape`. */
  readonly iota: { readonly shape: readonly number[]; readonly axis: number; readonly dtype: DType };
  /** Batched matrix product op(a) · op(b) over identical leading batch dims. */
  readonly dot: { readonly transposeA: boolean; readonly transposeB: boolean };
  readonly convert: { readonly dtype: DType };
  /** Identity whose derivative is zero. */
  readonly stopGradient: Record<string, never>;
  /**
   * Identity on int32 indices that are all in [0, bound); otherwise evaluating it throws a
   * LabelError naming `op`, the first bad value (`what`: "label", "id") and the bound. It checks
   * labels that are known only when a compiled program runs.
   */
  readonly checkIndices: { readonly op: string; readonly what: string; readonly bound: number };
  /**
   * A user-supplied linear map with its own transpose (how customVjp enters a linear program).
   * Its first `rule.residuals` operands are residuals (constants of the map, e.g. saved
   * activations); the rest are the linear operands. Printed by its name; its functions live in `rule`.
   */
  readonly customLinear: { readonly name: string; readonly rule: CustomLinearRule };
  // randomness: a key enters a program as its two uint32 words [hi, lo], a float64[2] tensor
  /** The words of the key's child at `counter` (a safe integer): split(k, n)[i] is counter i, fold(k, d) counter d. */
  readonly keyChild: { readonly counter: number };
  /** Values drawn from a key by the sampler `params.sampler` (categorical also takes the logits). */
  readonly sample: SampleParams;
}

/**
 * A `sample` equation's sampler and that sampler's own arguments, as src/random/samplers.ts
 * takes them: each names the tensor sampler whose numbers the equation computes.
 */
export type SampleParams =
  | { readonly sampler: "uniform"; readonly shape: readonly number[]; readonly dtype: FloatDType; readonly minval: number; readonly maxval: number }
  | { readonly sampler: "normal"; readonly shape: readonly number[]; readonly dtype: FloatDType; readonly mean: number; readonly stddev: number }
  | { readonly sampler: "truncatedNormal"; readonly shape: readonly number[]; readonly dtype: FloatDType; readonly lower: number; readonly upper: number }
  | { readonly sampler: "bernoulli"; readonly shape: readonly number[]; readonly p: number }
  | { readonly sampler: "randint"; readonly shape: readonly number[]; readonly minval: number; readonly maxval: number }
  | { readonly sampler: "categorical"; readonly axis: number }
  | { readonly sampler: "permutation"; readonly n: number }
  | { readonly sampler: "choice"; readonly shape: readonly number[]; readonly n: number; readonly replace: boolean };

export type Sampler = SampleParams["sampler"];

/** A linear map given by functions: `apply` (forward, may be unavailable) and `transpose`. */
export interface CustomLinearRule {
  readonly out: { readonly shape: readonly number[]; readonly dtype: DType };
  /** How many leading operands are residuals rather than linear operands. */
  readonly residuals: number;
  readonly apply: (inputs: readonly AnyTensor[]) => AnyTensor;
  /** The residuals' values and the output cotangent ↦ one cotangent per linear operand. */
  readonly transpose: (cotangent: AnyTensor, residuals: readonly AnyTensor[]) => readonly (AnyTensor | null)[];
}

export type PrimTag = keyof PrimParams;

export type Params<P extends PrimTag> = PrimParams[P];

/** Every primitive, for enumeration by laws and tests (checked exhaustive below). */
export const PRIMITIVES = [
  "neg", "exp", "log", "sin", "cos", "tanh", "sqrt",
  "expm1", "log1p",
  "add", "sub", "mul", "div", "pow", "max", "min", "compare", "select",
  "reduceSum", "reduceMax",
  "broadcast", "reshape", "transpose", "slice", "pad", "concatenate", "gather", "scatterAdd", "iota",
  "dot", "convert", "stopGradient", "customLinear",
  "checkIndices",
  "keyChild", "sample",
] as const satisfies readonly PrimTag[];

// A compile error here means PRIMITIVES is missing a tag.
type Missing = Exclude<PrimTag, (typeof PRIMITIVES)[number]>;
const _exhaustive: [Missing] extends [never] ? true : Missing = true;
void _exhaustive;

export const UNARY = ["neg", "exp", "log", "sin", "cos", "tanh", "sqrt", "expm1", "log1p"] as const;
export const BINARY = ["add", "sub", "mul", "div", "pow", "max", "min"] as const;
export type UnaryTag = (typeof UNARY)[number];
export type BinaryTag = (typeof BINARY)[number];
