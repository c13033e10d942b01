// Tensor<S, D>: an immutable n-dimensional array whose shape S and dtype D are part of its type.
//
// A tensor's representation is either concrete data (a typed array that is never mutated after
// construction) or a tracer owned by a transformation (jvp, tracing, partial evaluation). User
// code cannot tell the difference except that reading the numbers of a traced tensor is an error.

import type { Shape } from "../shape/index.js";
import type { AnyData, DataOf, DType } from "./dtype.js";
import { formatTensor } from "./format.js";
import { toNestedArray, type Nested } from "./nested.js";

/** A value owned by a transformation; see core/trace.ts. */
export abstract class Tracer {
  abstract readonly level: number;
  /** What a transformation calls its values in messages, e.g. "jvp tracer". */
  abstract readonly kind: string;
}

/** The representation of a tensor: concrete data, or a tracer. */
export type Repr = AnyData | Tracer;

/** Internal key of a tensor's representation; not exported from the package. */
export const REPR: unique symbol = Symbol("tygrad.repr");

/** Reading numbers out of a traced tensor (inside grad/jvp/jit) is impossible: they do not exist yet. */
export class ConcretizationError extends Error {
  readonly _tag = "ConcretizationError";
  constructor(readonly op: string, readonly tracer: string) {
    super(`${op}: cannot read the values of a ${tracer} inside a transformation; ` +
      `use tensor ops (where, maximum, …) instead of reading numbers, or move the read outside the transformed function`);
  }
}

export class Tensor<S extends Shape = Shape, D extends DType = "float32"> {
  /** The dims, e.g. `[64, 784]`. Its type is exactly S. */
  readonly shape: S;
  readonly dtype: D;
  /** @internal */
  readonly [REPR]: Repr;

  /** @internal Use the constructors in tensor/create.ts. */
  constructor(shape: S, dtype: D, repr: Repr) {
    this.shape = Object.freeze(shape.slice()) as unknown as S; // frozen copy: the shape is immutable too
    this.dtype = dtype;
    this[REPR] = repr;
  }

  /** Number of elements. */
  get size(): number {
    let n = 1;
    for (const d of this.shape) n *= d;
    return n;
  }

  get rank(): S["length"] {
    return this.shape.length;
  }

  /** True when the tensor holds numbers (false for a tracer inside a transformation). */
  get isConcrete(): boolean {
    return !(this[REPR] instanceof Tracer);
  }

  /** A copy of the elements in row-major order. */
  toArray(): DataOf<D> {
    return concreteData(this, "toArray").slice() as DataOf<D>;
  }

  /** The elements as nested JS arrays shaped like S (bool as booleans). */
  toNested(): Nested<S, D> {
    return toNestedArray(concreteData(this, "toNested"), this.shape, this.dtype) as Nested<S, D>;
  }

  /** The single element of a size-1 tensor. */
  item(): D extends "bool" ? boolean : number {
    const data = concreteData(this, "item");
    if (data.length !== 1) {
      throw new RangeError(`item: expected a tensor with exactly one element, got shape [${this.shape.join(", ")}] (${data.length} elements)`);
    }
    const v = data[0] ?? 0;
    return (this.dtype === "bool" ? v !== 0 : v) as D extends "bool" ? boolean : number;
  }

  /** NumPy-like rendering, eliding the middle of long axes. */
  toString(): string {
    const r = this[REPR];
    if (r instanceof Tracer) return `Tensor<[${this.shape.join(", ")}], ${this.dtype}>(${r.kind})`;
    return formatTensor(r, this.shape, this.dtype);
  }
}

/** A tensor of any shape and dtype (what untyped internals pass around). */
export type AnyTensor = Tensor<Shape, DType>;

/** The data of a concrete tensor, without copying. Internal: callers must not mutate it. */
export function concreteData<D extends DType>(t: Tensor<Shape, D>, op: string): DataOf<D> {
  const r = t[REPR];
  if (r instanceof Tracer) throw new ConcretizationError(op, r.kind);
  return r as DataOf<D>; // the constructor pairs dtype D with the typed array DataOf<D>
}
