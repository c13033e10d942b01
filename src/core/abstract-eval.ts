// abstractEval: the shape and dtype of each primitive's output, from its inputs' shapes and
// dtypes alone. Every interpreter calls it, so invalid applications fail here with a message
// naming the primitive and the shapes, whether the values are concrete or traced.

import type { DType } from "../tensor/dtype.js";
import { isFloat } from "../tensor/dtype.js";
import { shapesEqual } from "../shape/index.js";
import { DTypeError, shapeError } from "./errors.js";
import { sizeOfShape } from "./host.js";
import { checkCounter, checkSample } from "./impl/random.js";
import type { Params, PrimTag, SampleParams } from "./primitives.js";
import { categoricalAxis } from "../random/discrete.js";
import type { Aval } from "./trace.js";

type AbstractRule<P extends PrimTag> = (inputs: readonly Aval[], params: Params<P>) => Aval;

const show = (s: readonly number[]): string => `[${s.join(", ")}]`;
const sameShape = shapesEqual;

const arity = (op: string, inputs: readonly Aval[], n: number): void => {
  if (inputs.length !== n) throw new TypeError(`${op}: expected ${n} operand${n === 1 ? "" : "s"}, got ${inputs.length}`);
};
const at = (inputs: readonly Aval[], i: number): Aval => {
  const a = inputs[i];
  if (a === undefined) throw new TypeError(`missing operand ${i}`);
  return a;
};

/** Unary float ops (exp, log, …) need a float dtype; neg also accepts int32. */
const unary = (op: string, allowInt: boolean): AbstractRule<PrimTag> => (inputs) => {
  arity(op, inputs, 1);
  const x = at(inputs, 0);
  if (!(isFloat(x.dtype) || (allowInt && x.dtype === "int32"))) {
    throw new DTypeError(op, [x.dtype], allowInt ? "float32, float64 or int32" : "float32 or float64");
  }
  return x;
};

/** Binary elementwise ops: identical shapes and dtypes (user-facing ops broadcast first). */
const binaryOperands = (op: string, inputs: readonly Aval[]): Aval => {
  arity(op, inputs, 2);
  const a = at(inputs, 0);
  const b = at(inputs, 1);
  if (!sameShape(a.shape, b.shape)) throw shapeError(op, [a.shape, b.shape], "operands of identical shape (broadcast first)");
  if (a.dtype !== b.dtype) throw new DTypeError(op, [a.dtype, b.dtype], "operands of the same dtype (use cast)");
  return a;
};
const binary = (op: string, allowInt: boolean): AbstractRule<PrimTag> => (inputs) => {
  const a = binaryOperands(op, inputs);
  if (!(isFloat(a.dtype) || (allowInt && a.dtype === "int32"))) {
    throw new DTypeError(op, [a.dtype], allowInt ? "float32, float64 or int32" : "float32 or float64");
  }
  return a;
};

const checkAxes = (op: string, shape: readonly number[], axes: readonly number[]): void => {
  axes.forEach((ax, i) => {
    if (!Number.isInteger(ax) || ax < 0 || ax >= shape.length) throw shapeError(op, [shape], `axes in [0, ${shape.length}), got ${ax}`);
    if (i > 0 && ax <= (axes[i - 1] ?? -1)) throw shapeError(op, [shape], `sorted distinct axes, got ${show(axes)}`);
  });
};
const reduction = (op: "reduceSum" | "reduceMax"): AbstractRule<"reduceSum" | "reduceMax"> => (inputs, { axes }) => {
  arity(op, inputs, 1);
  const x = at(inputs, 0);
  if (x.dtype === "bool") throw new DTypeError(op, [x.dtype], "a numeric dtype (cast masks first)");
  checkAxes(op, x.shape, axes);
  return { shape: x.shape.filter((_, i) => !axes.includes(i)), dtype: x.dtype };
};

const isNonNegInt = (d: number): boolean => Number.isSafeInteger(d) && d >= 0;

/** A key's words: the float64[2] tensor [hi, lo]. */
const KEY_WORDS: Aval = { shape: [2], dtype: "float64" };

const keyWords = (op: string, inputs: readonly Aval[]): void => {
  const w = at(inputs, 0);
  if (w.dtype !== KEY_WORDS.dtype) throw new DTypeError(op, [w.dtype], "float64 key words [hi, lo]");
  if (!sameShape(w.shape, KEY_WORDS.shape)) throw shapeError(op, [w.shape], "key words of shape [2]: [hi, lo]");
};

/** What a sampler returns: the requested shape, in its dtype (categorical: the logits less the axis). */
const sampleAval = (inputs: readonly Aval[], params: SampleParams): Aval => {
  switch (params.sampler) {
    case "uniform":
    case "normal":
    case "truncatedNormal":
      return { shape: params.shape, dtype: params.dtype };
    case "bernoulli":
      return { shape: params.shape, dtype: "bool" };
    case "randint":
    case "choice":
      return { shape: params.shape, dtype: "int32" };
    case "permutation":
      return { shape: [params.n], dtype: "int32" };
    case "categorical": {
      const logits = at(inputs, 1);
      if (!isFloat(logits.dtype)) throw new DTypeError("categorical", [logits.dtype], "float logits");
      const ax = categoricalAxis(logits.shape, params.axis);
      return { shape: logits.shape.filter((_, i) => i !== ax), dtype: "int32" };
    }
  }
};

export const abstractEvalRules: { readonly [P in PrimTag]: AbstractRule<P> } = {
  neg: unary("neg", true),
  exp: unary("exp", false),
  log: unary("log", false),
  sin: unary("sin", false),
  cos: unary("cos", false),
  tanh: unary("tanh", false),
  sqrt: unary("sqrt", false),
  expm1: unary("expm1", false),
  log1p: unary("log1p", false),
  add: binary("add", true),
  sub: binary("sub", true),
  mul: binary("mul", true),
  div: binary("div", true),
  pow: binary("pow", false),
  max: binary("max", true),
  min: binary("min", true),
  compare: (inputs) => ({ shape: binaryOperands("compare", inputs).shape, dtype: "bool" }),
  select: (inputs) => {
    arity("select", inputs, 3);
    const [p, t, f] = [at(inputs, 0), at(inputs, 1), at(inputs, 2)];
    if (p.dtype !== "bool") throw new DTypeError("select", [p.dtype], "a bool predicate");
    if (!sameShape(p.shape, t.shape) || !sameShape(t.shape, f.shape)) {
      throw shapeError("select", [p.shape, t.shape, f.shape], "predicate and branches of identical shape");
    }
    if (t.dtype !== f.dtype) throw new DTypeError("select", [t.dtype, f.dtype], "branches of the same dtype");
    return t;
  },
  reduceSum: reduction("reduceSum"),
  reduceMax: reduction("reduceMax"),
  broadcast: (inputs, { shape }) => {
    arity("broadcast", inputs, 1);
    const x = at(inputs, 0);
    const lead = shape.length - x.shape.length;
    const ok = lead >= 0 && shape.every(isNonNegInt) &&
      x.shape.every((d, i) => d === 1 || d === shape[i + lead]);
    if (!ok) throw shapeError("broadcast", [x.shape, shape], `each dim of ${show(x.shape)} to be 1 or equal to the trailing dims of ${show(shape)}`);
    return { shape, dtype: x.dtype };
  },
  reshape: (inputs, { shape }) => {
    arity("reshape", inputs, 1);
    const x = at(inputs, 0);
    if (!shape.every(isNonNegInt) || sizeOfShape(shape) !== sizeOfShape(x.shape)) {
      throw shapeError("reshape", [x.shape, shape], `the same element count (${sizeOfShape(x.shape)})`);
    }
    return { shape, dtype: x.dtype };
  },
  transpose: (inputs, { perm }) => {
    arity("transpose", inputs, 1);
    const x = at(inputs, 0);
    const isPerm = perm.length === x.shape.length && [...perm].sort((a, b) => a - b).every((p, i) => p === i);
    if (!isPerm) throw shapeError("transpose", [x.shape, perm], `a permutation of the ${x.shape.length} axes`);
    return { shape: perm.map((p) => x.shape[p] ?? 0), dtype: x.dtype };
  },
  slice: (inputs, { starts, limits, strides }) => {
    arity("slice", inputs, 1);
    const x = at(inputs, 0);
    const r = x.shape.length;
    const ok = starts.length === r && limits.length === r && strides.length === r &&
      x.shape.every((d, i) => {
        const s = starts[i] ?? -1, l = limits[i] ?? -1, st = strides[i] ?? 0;
        return Number.isInteger(s) && Number.isInteger(l) && Number.isInteger(st) && st >= 1 && 0 <= s && s <= l && l <= d;
      });
    if (!ok) throw shapeError("slice", [x.shape], `0 <= start <= limit <= dim and stride >= 1 on each axis, got starts ${show(starts)}, limits ${show(limits)}, strides ${show(strides)}`);
    return { shape: x.shape.map((_, i) => Math.ceil(((limits[i] ?? 0) - (starts[i] ?? 0)) / (strides[i] ?? 1))), dtype: x.dtype };
  },
  pad: (inputs, { lo, hi, interior }) => {
    arity("pad", inputs, 1);
    const x = at(inputs, 0);
    const r = x.shape.length;
    const ok = lo.length === r && hi.length === r && interior.length === r && [...lo, ...hi, ...interior].every(isNonNegInt);
    if (!ok) throw shapeError("pad", [x.shape], `non-negative integer lo/hi/interior for each of the ${r} axes`);
    return {
      shape: x.shape.map((d, i) => (lo[i] ?? 0) + (hi[i] ?? 0) + d + Math.max(d - 1, 0) * (interior[i] ?? 0)),
      dtype: x.dtype,
    };
  },
  concatenate: (inputs, { axis }) => {
    const first = inputs[0];
    if (first === undefined) throw new TypeError("concatenate: expected at least one operand");
    if (!Number.isInteger(axis) || axis < 0 || axis >= first.shape.length) throw shapeError("concatenate", [first.shape], `axis in [0, ${first.shape.length}), got ${axis}`);
    let total = 0;
    for (const x of inputs) {
      const ok = x.shape.length === first.shape.length && x.shape.every((d, i) => i === axis || d === first.shape[i]);
      if (!ok) throw shapeError("concatenate", inputs.map((i) => i.shape), `all dims equal except axis ${axis}`);
      if (x.dtype !== first.dtype) throw new DTypeError("concatenate", inputs.map((i) => i.dtype), "operands of one dtype");
      total += x.shape[axis] ?? 0;
    }
    return { shape: first.shape.map((d, i) => (i === axis ? total : d)), dtype: first.dtype };
  },
  gather: (inputs, { axis }) => {
    arity("gather", inputs, 2);
    const [x, idx] = [at(inputs, 0), at(inputs, 1)];
    if (idx.dtype !== "int32") throw new DTypeError("gather", [idx.dtype], "int32 indices");
    if (!Number.isInteger(axis) || axis < 0 || axis >= x.shape.length) throw shapeError("gather", [x.shape], `axis in [0, ${x.shape.length}), got ${axis}`);
    return { shape: [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)], dtype: x.dtype };
  },
  scatterAdd: (inputs, { axis, shape }) => {
    arity("scatterAdd", inputs, 2);
    const [u, idx] = [at(inputs, 0), at(inputs, 1)];
    if (idx.dtype !== "int32") throw new DTypeError("scatterAdd", [idx.dtype], "int32 indices");
    const expected = [...shape.slice(0, axis), ...idx.shape, ...shape.slice(axis + 1)];
    if (axis < 0 || axis >= shape.length || !sameShape(u.shape, expected)) {
      throw shapeError("scatterAdd", [u.shape, idx.shape, shape], `updates of shape ${show(expected)}`);
    }
    return { shape, dtype: u.dtype };
  },
  iota: (inputs, { shape, axis, dtype }) => {
    arity("iota", inputs, 0);
    if (!shape.every(isNonNegInt) || axis < 0 || axis >= shape.length) throw shapeError("iota", [shape], `axis in [0, ${shape.length}), got ${axis}`);
    if (dtype === "bool") throw new DTypeError("iota", [dtype], "a numeric dtype");
    return { shape, dtype };
  },
  dot: (inputs, { transposeA, transposeB }) => {
    arity("dot", inputs, 2);
    const [a, b] = [at(inputs, 0), at(inputs, 1)];
    const r = a.shape.length;
    if (r < 2 || b.shape.length !== r || !sameShape(a.shape.slice(0, r - 2), b.shape.slice(0, r - 2))) {
      throw shapeError("dot", [a.shape, b.shape], "operands of equal rank >= 2 with identical batch dims");
    }
    const m = transposeA ? a.shape[r - 1] : a.shape[r - 2];
    const ka = transposeA ? a.shape[r - 2] : a.shape[r - 1];
    const kb = transposeB ? b.shape[r - 1] : b.shape[r - 2];
    const n = transposeB ? b.shape[r - 2] : b.shape[r - 1];
    if (ka !== kb) throw shapeError("dot", [a.shape, b.shape], `contracted dims to agree (${ka} vs ${kb})`);
    if (a.dtype !== b.dtype || a.dtype === "bool") throw new DTypeError("dot", [a.dtype, b.dtype], "two operands of the same numeric dtype");
    return { shape: [...a.shape.slice(0, r - 2), m ?? 0, n ?? 0], dtype: a.dtype };
  },
  convert: (inputs, { dtype }) => {
    arity("convert", inputs, 1);
    return { shape: at(inputs, 0).shape, dtype };
  },
  customLinear: (_inputs, { rule }) => rule.out,
  stopGradient: (inputs) => {
    arity("stopGradient", inputs, 1);
    return at(inputs, 0);
  },
  checkIndices: (inputs, { bound }) => {
    arity("checkIndices", inputs, 1);
    const x = at(inputs, 0);
    if (x.dtype !== "int32") throw new DTypeError("checkIndices", [x.dtype], "int32 indices");
    if (!Number.isSafeInteger(bound) || bound < 0) throw new RangeError(`checkIndices: bound must be a non-negative integer, got ${bound}`);
    return x;
  },
  keyChild: (inputs, { counter }) => {
    arity("keyChild", inputs, 1);
    keyWords("keyChild", inputs);
    checkCounter(counter);
    return KEY_WORDS;
  },
  sample: (inputs, params) => {
    arity("sample", inputs, params.sampler === "categorical" ? 2 : 1);
    keyWords("sample", inputs);
    checkSample(params);
    return sampleAval(inputs, params);
  },
};

export const abstractEval = <P extends PrimTag>(prim: P, inputs: readonly Aval[], params: Params<P>): Aval =>
  (abstractEvalRules[prim] as AbstractRule<P>)(inputs, params);

export type { DType };
