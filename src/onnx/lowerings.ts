// How each primitive becomes standard ONNX operators (opset 17): one rule per primitive, so a
// new primitive does not compile until it has a lowering here or is declared not exportable
// with the reason. Layouts agree with ONNX (row-major, NumPy broadcasting), so most rules are
// a single operator; the others say how they are built.

import type { CompareOp, Params, PrimTag } from "../core/primitives.js";
import { OnnxExportError } from "./errors.js";
import { onnxDType, rawBytes, type GraphBuilder } from "./graph.js";
import { ONNX_DTYPE } from "./proto.js";
import type { Sym, SymAval } from "./sym-program.js";
import { showSym, symAdd, symEqual, symScale, type SymInt } from "./symbolic.js";

export interface LowerContext {
  readonly graph: GraphBuilder;
  /** The ONNX names of the equation's operands, and their shapes and dtypes. */
  readonly inputs: readonly string[];
  readonly avals: readonly SymAval[];
  /** The result's shape and dtype. */
  readonly out: SymAval;
}

export type OnnxLowering<P extends PrimTag> =
  | { readonly lower: (ctx: LowerContext, params: Sym<Params<P>>) => string }
  | { readonly notExportable: string };

const int = (name: string, value: number) => ({ name, kind: "int", value }) as const;
const ints = (name: string, value: readonly number[]) => ({ name, kind: "ints", value }) as const;

/** A parameter that must be a known number (an axis, a permutation, an interior padding). */
const known = (v: SymInt, what: string): number => {
  if (typeof v !== "number") throw new OnnxExportError(`${what} is ${showSym(v)}, which depends on a symbolic dim; ONNX export needs a fixed number here`);
  return v;
};

const operand = (c: LowerContext, i: number): string => c.inputs[i] ?? "";
const avalOf = (c: LowerContext, i: number): SymAval => c.avals[i] ?? c.out;

/** One ONNX operator applied to the operands in order. */
const op = <P extends PrimTag>(opType: string): OnnxLowering<P> => ({ lower: (c) => c.graph.node(opType, c.inputs) });

const COMPARE: { readonly [C in CompareOp]: string } = { lt: "Less", le: "LessOrEqual", gt: "Greater", ge: "GreaterOrEqual", eq: "Equal", ne: "Equal" };

/** Swaps the last two axes (for dot's transposed operands). */
const swapLast = (c: LowerContext, x: string, rank: number): string =>
  c.graph.node("Transpose", [x], [ints("perm", [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2])]);

/**
 * Interior padding on one axis (ONNX Pad has none): give each element a new axis after it,
 * pad that axis with `r` zeros, merge the two axes (d·(1 + r) elements) and drop the last r.
 */
function interiorPad(c: LowerContext, x: string, shape: readonly SymInt[], axis: number, r: number): { x: string; shape: SymInt[] } {
  const g = c.graph;
  const d = shape[axis] ?? 0;
  const split = [...shape.slice(0, axis + 1), 1, ...shape.slice(axis + 1)];
  const spread = [...shape.slice(0, axis), symScale(d, 1 + r), ...shape.slice(axis + 1)];
  const grown = symAdd(d, symScale(symAdd(d, -1), r));
  const rank = shape.length + 1;
  const unsqueezed = g.node("Reshape", [x, g.ints(split)]);
  const pads = Array.from({ length: 2 * rank }, (_, i) => (i === rank + axis + 1 ? r : 0));
  const padded = g.node("Pad", [unsqueezed, g.ints(pads)]);
  const merged = g.node("Reshape", [padded, g.ints(spread)]);
  const out = g.node("Slice", [merged, g.ints([0]), g.ints([grown]), g.ints([axis])]);
  return { x: out, shape: [...shape.slice(0, axis), grown, ...shape.slice(axis + 1)] };
}

export const onnxLowerings: { readonly [P in PrimTag]: OnnxLowering<P> } = {
  neg: op("Neg"),
  exp: op("Exp"),
  log: op("Log"),
  sin: op("Sin"),
  cos: op("Cos"),
  tanh: op("Tanh"),
  sqrt: op("Sqrt"),
  // eˣ − 1 and log(1 + x): ONNX has no dedicated operators, so they lose the precision near 0
  // that tygrad's own kernels keep (relative error ~ ε/|x| for tiny |x|).
  expm1: { lower: (c) => c.graph.node("Sub", [c.graph.node("Exp", c.inputs), c.graph.scalar(1, onnxDType[c.out.dtype])]) },
  log1p: { lower: (c) => c.graph.node("Log", [c.graph.node("Add", [operand(c, 0), c.graph.scalar(1, onnxDType[c.out.dtype])])]) },
  // A runtime check of the indices (a LabelError for one out of range); the values pass through.
  checkIndices: { lower: (c) => c.graph.node("Identity", c.inputs) },
  add: op("Add"),
  sub: op("Sub"),
  mul: op("Mul"),
  div: op("Div"), // int32: both truncate toward zero
  pow: op("Pow"),
  max: op("Max"),
  min: op("Min"),
  // a ≠ b = ¬(a = b)
  compare: { lower: (c, { op: cmp }) => {
    const eq = c.graph.node(COMPARE[cmp], c.inputs);
    return cmp === "ne" ? c.graph.node("Not", [eq]) : eq;
  } },
  select: op("Where"),
  // ReduceSum takes its axes as an input (an empty list would mean "all axes": so no node at all).
  reduceSum: { lower: (c, { axes }) => axes.length === 0
    ? c.graph.node("Identity", c.inputs)
    : c.graph.node("ReduceSum", [operand(c, 0), c.graph.ints(axes)], [int("keepdims", 0)]) },
  // In opset 17 ReduceMax takes its axes as an attribute.
  reduceMax: { lower: (c, { axes }) => axes.length === 0
    ? c.graph.node("Identity", c.inputs)
    : c.graph.node("ReduceMax", c.inputs, [ints("axes", axes.map((a) => known(a, "reduceMax axis"))), int("keepdims", 0)]) },
  // NumPy broadcasting is Expand's rule too.
  broadcast: { lower: (c, { shape }) => c.graph.node("Expand", [operand(c, 0), c.graph.ints(shape)]) },
  // allowzero: a 0 in the target shape is a size, not "copy this dim".
  reshape: { lower: (c, { shape }) => c.graph.node("Reshape", [operand(c, 0), c.graph.ints(shape)], [int("allowzero", 1)]) },
  transpose: { lower: (c, { perm }) => c.graph.node("Transpose", c.inputs, [ints("perm", perm.map((p) => known(p, "transpose perm")))]) },
  // Only the axes that are not taken whole.
  slice: { lower: (c, { starts, limits, strides }) => {
    const dims = avalOf(c, 0).shape;
    const axes = dims.map((_, i) => i).filter((i) => !(starts[i] === 0 && strides[i] === 1 && symEqual(limits[i] ?? 0, dims[i] ?? 0)));
    if (axes.length === 0) return c.graph.node("Identity", c.inputs);
    const g = c.graph;
    const pick = (xs: readonly SymInt[]): SymInt[] => axes.map((i) => xs[i] ?? 0);
    return g.node("Slice", [operand(c, 0), g.ints(pick(starts)), g.ints(pick(limits)), g.ints(axes), g.ints(pick(strides))]);
  } },
  // Interior padding first, axis by axis, then Pad's [lo…, hi…] with zeros.
  pad: { lower: (c, { lo, hi, interior }) => {
    let x = operand(c, 0);
    let shape: SymInt[] = [...avalOf(c, 0).shape];
    interior.forEach((r, axis) => {
      const n = known(r, "pad interior");
      if (n > 0 && shape[axis] !== 0 && shape[axis] !== 1) ({ x, shape } = interiorPad(c, x, shape, axis, n));
    });
    if ([...lo, ...hi].every((v) => v === 0)) return x === operand(c, 0) ? c.graph.node("Identity", [x]) : x;
    return c.graph.node("Pad", [x, c.graph.ints([...lo, ...hi])]);
  } },
  concatenate: { lower: (c, { axis }) => c.graph.node("Concat", c.inputs, [int("axis", known(axis, "concatenate axis"))]) },
  gather: { lower: (c, { axis }) => c.graph.node("Gather", c.inputs, [int("axis", known(axis, "gather axis"))]) },
  // The transpose of gather. ScatterND adds rows at their index along the first axis, so the
  // scattered axis is moved to the front (of the zeros and of the updates) and back after.
  scatterAdd: { lower: (c, { axis: a, shape }) => {
    const g = c.graph;
    const axis = known(a, "scatterAdd axis");
    const r = shape.length;
    const m = avalOf(c, 1).shape.length; // rank of the indices
    const ur = r - 1 + m;
    const frontU = [...Array.from({ length: m }, (_, i) => axis + i), ...Array.from({ length: axis }, (_, i) => i), ...Array.from({ length: ur - axis - m }, (_, i) => axis + m + i)];
    const updates = g.node("Transpose", [operand(c, 0)], [ints("perm", frontU)]);
    const zerosShape = [shape[axis] ?? 0, ...shape.slice(0, axis), ...shape.slice(axis + 1)];
    const dtype = onnxDType[c.out.dtype];
    const zeros = g.node("ConstantOfShape", [g.ints(zerosShape)], [{ name: "value", kind: "tensor", value: { name: "zero", dtype, dims: [1], raw: rawBytes(dtype, [0]) } }]);
    const idx = g.node("Unsqueeze", [g.node("Cast", [operand(c, 1)], [int("to", ONNX_DTYPE.int64)]), g.ints([-1])]);
    const summed = g.node("ScatterND", [zeros, idx, updates], [{ name: "reduction", kind: "string", value: "add" }]);
    const back = Array.from({ length: r }, (_, j) => (j < axis ? j + 1 : j === axis ? 0 : j));
    return g.node("Transpose", [summed], [ints("perm", back)]);
  } },
  // Range(0, n) laid along `axis`, then expanded to the shape.
  iota: { lower: (c, { shape, axis: a, dtype }) => {
    const g = c.graph;
    const axis = known(a, "iota axis");
    const n = g.symScalar(shape[axis] ?? 0, "int64");
    const range = g.node("Range", [g.scalar(0, "int64"), n, g.scalar(1, "int64")]);
    const cast = g.node("Cast", [range], [int("to", ONNX_DTYPE[onnxDType[dtype]])]);
    const line = g.node("Reshape", [cast, g.ints(shape.map((d, i) => (i === axis ? d : 1)))]);
    return g.node("Expand", [line, g.ints(shape)]);
  } },
  // op(a) · op(b) over the batch dims: MatMul, after swapping the last two axes of a transposed operand.
  dot: { lower: (c, { transposeA, transposeB }) => {
    const rank = avalOf(c, 0).shape.length;
    const a = transposeA ? swapLast(c, operand(c, 0), rank) : operand(c, 0);
    const b = transposeB ? swapLast(c, operand(c, 1), rank) : operand(c, 1);
    return c.graph.node("MatMul", [a, b]);
  } },
  // float → int32 truncates toward zero, x → bool is x ≠ 0: Cast's rules too.
  convert: { lower: (c, { dtype }) => c.graph.node("Cast", c.inputs, [int("to", ONNX_DTYPE[onnxDType[dtype]])]) },
  stopGradient: op("Identity"),
  customLinear: { notExportable: "customLinear is a linear map given by JavaScript functions (it appears in linearized and transposed programs); export the forward function instead" },
  keyChild: { notExportable: "keyChild derives PRNG keys (Threefry), which ONNX operators cannot reproduce bit for bit; export in inference mode (train: false) or pass random values in as inputs" },
  sample: { notExportable: "sample draws random numbers from a tygrad key, which ONNX operators cannot reproduce bit for bit; export in inference mode (train: false) or pass random values in as inputs" },
};
