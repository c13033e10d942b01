// The reference interpreter's rule table: one plain kernel per primitive, over typed arrays.
// It is the teaching path and the oracle that every faster backend is tested against.

import type { Shape } from "../../shape/index.js";
import type { AnyData, DType } from "../../tensor/dtype.js";
import { concreteData, Tensor } from "../../tensor/tensor.js";
import type { HostArray } from "../host.js";
import type { Params, PrimTag } from "../primitives.js";
import type { Aval } from "../trace.js";
import { dotArrays, dotDims } from "./dot.js";
import { binaryFns, compareArrays, convertArray, mapBinary, mapUnary, selectArrays, unaryFns } from "./elementwise.js";
import { checkIndicesData } from "./check.js";
import { keyChildData, keyOfWords, sampleData } from "./random.js";
import { reduceMaxArray, reduceSumArray } from "./reduce.js";
import {
  broadcastArray, concatenateArrays, gatherArray, iotaArray, padArray, scatterAddArray, sliceArray, transposeArray,
} from "./structure.js";

/** Computes the output data of primitive P; `out` is its already-checked shape and dtype. */
export type ImplRule<P extends PrimTag> = (inputs: readonly HostArray[], params: Params<P>, out: Aval) => AnyData;

const arg = (inputs: readonly HostArray[], i: number): HostArray => {
  const x = inputs[i];
  if (x === undefined) throw new TypeError(`missing operand ${i}`);
  return x;
};

const unary = (f: (x: number) => number): ImplRule<PrimTag> => (inputs, _p, out) => mapUnary(f, arg(inputs, 0).data, out.dtype);
const binary = (f: (a: number, b: number) => number): ImplRule<PrimTag> => (inputs, _p, out) =>
  mapBinary(f, arg(inputs, 0).data, arg(inputs, 1).data, out.dtype);

export const implRules: { readonly [P in PrimTag]: ImplRule<P> } = {
  neg: unary(unaryFns.neg),
  exp: unary(unaryFns.exp),
  log: unary(unaryFns.log),
  sin: unary(unaryFns.sin),
  cos: unary(unaryFns.cos),
  tanh: unary(unaryFns.tanh),
  sqrt: unary(unaryFns.sqrt),
  expm1: unary(unaryFns.expm1),
  log1p: unary(unaryFns.log1p),
  add: binary(binaryFns.add),
  sub: binary(binaryFns.sub),
  mul: binary(binaryFns.mul),
  div: binary(binaryFns.div),
  pow: binary(binaryFns.pow),
  max: binary(binaryFns.max),
  min: binary(binaryFns.min),
  compare: (inputs, { op }) => compareArrays(op, arg(inputs, 0).data, arg(inputs, 1).data),
  select: (inputs, _p, out) => selectArrays(arg(inputs, 0).data, arg(inputs, 1).data, arg(inputs, 2).data, out.dtype),
  reduceSum: (inputs, { axes }, out) => reduceSumArray(arg(inputs, 0).data, arg(inputs, 0).shape, axes, out.dtype),
  reduceMax: (inputs, { axes }, out) => reduceMaxArray(arg(inputs, 0).data, arg(inputs, 0).shape, axes, out.dtype),
  broadcast: (inputs, { shape }, out) => broadcastArray(arg(inputs, 0).data, arg(inputs, 0).shape, shape, out.dtype),
  reshape: (inputs) => arg(inputs, 0).data, // same elements, same order: share the immutable data
  transpose: (inputs, { perm }, out) => transposeArray(arg(inputs, 0).data, arg(inputs, 0).shape, perm, out.dtype),
  slice: (inputs, { starts, strides }, out) => sliceArray(arg(inputs, 0).data, arg(inputs, 0).shape, starts, strides, out.shape, out.dtype),
  pad: (inputs, { lo, interior }, out) => padArray(arg(inputs, 0).data, arg(inputs, 0).shape, lo, interior, out.shape, out.dtype),
  concatenate: (inputs, { axis }, out) => concatenateArrays(inputs, axis, out.shape, out.dtype),
  gather: (inputs, { axis }, out) => gatherArray(arg(inputs, 0).data, arg(inputs, 0).shape, arg(inputs, 1).data, axis, out.dtype),
  scatterAdd: (inputs, { axis, shape }, out) => scatterAddArray(arg(inputs, 0).data, arg(inputs, 1).data, axis, shape, out.dtype),
  iota: (_inputs, { shape, axis }, out) => iotaArray(shape, axis, out.dtype),
  dot: (inputs, { transposeA, transposeB }, out) => {
    const [a, b] = [arg(inputs, 0), arg(inputs, 1)];
    return dotArrays(a.data, b.data, dotDims(a.shape, b.shape, transposeA, transposeB), transposeA, transposeB, out.dtype);
  },
  convert: (inputs, _p, out) => convertArray(arg(inputs, 0).data, out.dtype),
  stopGradient: (inputs) => arg(inputs, 0).data,
  checkIndices: (inputs, params) => checkIndicesData(arg(inputs, 0).data, params),
  customLinear: (inputs, { name, rule }) =>
    concreteData(rule.apply(inputs.map((h) => new Tensor<Shape, DType>(h.shape, h.dtype, h.data))), name),
  keyChild: (inputs, { counter }) => keyChildData(arg(inputs, 0).data, counter),
  sample: (inputs, params) => sampleData(keyOfWords("sample", arg(inputs, 0).data), params, inputs[1]),
};

export const applyImpl = <P extends PrimTag>(prim: P, inputs: readonly HostArray[], params: Params<P>, out: Aval): AnyData =>
  (implRules[prim] as ImplRule<P>)(inputs, params, out);
