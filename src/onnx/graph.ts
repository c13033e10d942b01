// The ONNX graph under construction: nodes in order, initializers, and the small integer
// tensors (shapes, axes) that operators take as inputs, computed from the graph inputs' own
// shapes where a dim is symbolic.

import type { DType } from "../tensor/dtype.js";
import { ONNX_DTYPE, type Attribute, type NodeProto, type OnnxDType, type TensorProto } from "./proto.js";
import { isPoly, showSym, type SymInt } from "./symbolic.js";

/** Where a symbolic dim can be read at run time: an axis of a graph input. */
export interface DimSource {
  readonly input: string;
  readonly axis: number;
}

/** tygrad dtype ↦ ONNX element type (bool is stored one byte per element, as in ONNX). */
export const onnxDType: { readonly [D in DType]: OnnxDType } = { float32: "float32", float64: "float64", int32: "int32", bool: "bool" };

/** Little-endian bytes of numbers in an ONNX dtype. */
export function rawBytes(dtype: OnnxDType, values: ArrayLike<number>): Uint8Array {
  const size = dtype === "float64" || dtype === "int64" ? 8 : dtype === "float32" || dtype === "int32" ? 4 : 1;
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    switch (dtype) {
      case "float32": view.setFloat32(4 * i, v, true); break;
      case "float64": view.setFloat64(8 * i, v, true); break;
      case "int32": view.setInt32(4 * i, v, true); break;
      case "int64": view.setBigInt64(8 * i, BigInt(v), true); break;
      case "bool": view.setUint8(i, v !== 0 ? 1 : 0); break;
      case "uint8": view.setUint8(i, v); break;
      case "int8": view.setInt8(i, v); break;
    }
  }
  return out;
}

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly memo = new Map<string, string>();
  private counter = 0;

  constructor(private readonly dimSources: ReadonlyMap<string, DimSource>) {}

  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  /** Appends a node and returns the name of its (first) output. */
  node(opType: string, inputs: readonly string[], attributes: readonly Attribute[] = [], outputs = 1): string {
    const names = Array.from({ length: outputs }, () => this.fresh(opType.toLowerCase()));
    this.nodes.push({ opType, inputs, outputs: names, name: this.fresh(`n_${opType}`), attributes });
    return names[0] ?? "";
  }

  /** An initializer holding `values`. */
  initializer(name: string, dtype: OnnxDType, dims: readonly number[], raw: Uint8Array): string {
    this.initializers.push({ name, dtype, dims, raw });
    return name;
  }

  private memoized(key: string, make: () => string): string {
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const name = make();
    this.memo.set(key, name);
    return name;
  }

  /** A constant tensor (shared between uses of the same values). */
  constant(dtype: OnnxDType, dims: readonly number[], values: readonly number[]): string {
    // -0 is its own constant (String(-0) is "0"): 1 / -0 = −∞.
    const key = values.map((v) => (Object.is(v, -0) ? "-0" : String(v))).join(",");
    return this.memoized(`${dtype}[${dims.join(",")}]:${key}`, () => this.initializer(this.fresh("const"), dtype, dims, rawBytes(dtype, values)));
  }

  scalar(value: number, dtype: OnnxDType): string {
    return this.constant(dtype, [], [value]);
  }

  /** A symbolic dim's size at run time, as an int64 tensor of shape [1]: Shape(input)[axis]. */
  private dim(name: string): string {
    return this.memoized(`dim:${name}`, () => {
      const src = this.dimSources.get(name);
      if (src === undefined) throw new Error(`toOnnx: no graph input carries the dim ${name}`);
      return this.node("Shape", [src.input], [{ name: "start", kind: "int", value: src.axis }, { name: "end", kind: "int", value: src.axis + 1 }]);
    });
  }

  /** An integer as an int64 tensor of shape [1], computed at run time when it is symbolic. */
  private intVector(v: SymInt): string {
    if (!isPoly(v)) return this.constant("int64", [1], [v]);
    return this.memoized(`sym:${showSym(v)}`, () => {
      const terms = [...v.terms].map(([monomial, c]) => {
        if (monomial === "") return this.constant("int64", [1], [c]);
        const product = monomial.split("*").map((d) => this.dim(d)).reduce((a, b) => this.node("Mul", [a, b]));
        return c === 1 ? product : this.node("Mul", [product, this.constant("int64", [1], [c])]);
      });
      return terms.reduce((a, b) => this.node("Add", [a, b]));
    });
  }

  /** A list of integers (a shape, starts, pads) as a 1-D int64 tensor. */
  ints(values: readonly SymInt[]): string {
    if (values.every((v): v is number => typeof v === "number")) return this.constant("int64", [values.length], values);
    // Runs of known values become one constant; symbolic ones are computed; Concat joins them.
    const pieces: string[] = [];
    let run: number[] = [];
    const flush = (): void => {
      if (run.length > 0) pieces.push(this.constant("int64", [run.length], run));
      run = [];
    };
    for (const v of values) {
      if (typeof v === "number") run.push(v);
      else {
        flush();
        pieces.push(this.intVector(v));
      }
    }
    flush();
    return this.memoized(`concat:${values.map(showSym).join(",")}`, () => this.node("Concat", pieces, [{ name: "axis", kind: "int", value: 0 }]));
  }

  /** An integer as a scalar of `dtype` (a literal whose value is symbolic, e.g. the size of a mean). */
  symScalar(v: SymInt, dtype: OnnxDType): string {
    if (!isPoly(v)) return this.scalar(v, dtype);
    const cast = this.node("Cast", [this.intVector(v)], [{ name: "to", kind: "int", value: ONNX_DTYPE[dtype] }]);
    return this.node("Reshape", [cast, this.constant("int64", [0], [])]);
  }
}

