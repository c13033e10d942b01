// Tensor<S, D>: an immutable n-dimensional array whose shape S and dtype D are part of its type.
//
// A tensor's representation is either concrete data (a typed array that is never mutated while a
// tensor refers to it) or a tracer owned by a transformation (jvp, tracing, partial evaluation).
// User code cannot tell the difference except that reading the numbers of a traced tensor is an
// error. A third state, "donated", is reached only through jit's `donate` option: the tensor gave
// its buffer to a compiled call, which may have reused it for one of its results, so the tensor
// no longer holds numbers (like a deleted array in JAX) and reading it is an error.

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

/** The representation of a donated tensor: it holds no numbers any more (see the header). */
export class Donated extends Tracer {
  readonly level = -1;
  readonly kind = "donated tensor";
  constructor(readonly by: string) {
    super();
  }
}

/** Reading a tensor that was donated to a jit call: its buffer may now hold one of that call's results. */
export class DonatedTensorError extends Error {
  readonly _tag = "DonatedTensorError";
  constructor(readonly op: string, readonly by: string) {
    super(`${op}: this tensor was donated to ${by} (jit's donate option) and no longer holds numbers; ` +
      `use the values that call returned, or leave this argument out of donate to keep it`);
  }
}

/** Arrays with exactly one tensor over them, by array (see "Ownership" below). */
const owners = new WeakMap<AnyData, Tensor<Shape, DType>>();

export class Tensor<S extends Shape = Shape, D extends DType = "float32"> {
  /** The dims, e.g. `[64, 784]`. Its type is exactly S. */
  readonly shape: S;
  readonly dtype: D;
  /** @internal Written again only by `retire` (donation); the symbol is not exported from the package. */
  [REPR]: Repr;

  /** @internal Use the constructors in tensor/create.ts. */
  constructor(shape: S, dtype: D, repr: Repr) {
    this.shape = Object.freeze(shape.slice()) as unknown as S; // frozen copy: the shape is immutable too
    this.dtype = dtype;
    this[REPR] = repr;
    // A second tensor over the same array (a reshape shares its input's data): the array now has
    // two readers, so neither may give it away (see soleOwner).
    if (!(repr instanceof Tracer) && owners.has(repr)) owners.delete(repr);
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

  /**
   * A tensor is not a JavaScript number: `x * 2` or `lr + 1` would silently give NaN (or, under
   * jit, bake in nothing), so arithmetic coercion throws; use the ops (`mul(x, 2)`) or `item()`.
   */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === "string") return this.toString();
    const r = this[REPR];
    const traced = r instanceof Tracer ? ` (${r.kind}; a number argument of a jitted function is traced: name it in jit's static option to keep it a number)` : "";
    throw new TypeError(`a Tensor<[${this.shape.join(", ")}], ${this.dtype}> was used as a JavaScript number; ` +
      `use the ops (mul, add, …) on it, or item() for a concrete value${traced}`);
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
  if (r instanceof Donated) throw new DonatedTensorError(op, r.by);
  if (r instanceof Tracer) throw new ConcretizationError(op, r.kind);
  return r as DataOf<D>; // the constructor pairs dtype D with the typed array DataOf<D>
}

// ---------------------------------------------------------------------------------------------
// Ownership, for donation. A compiled call that is handed a donated tensor may write one of its
// results into that tensor's array instead of allocating a new one — but only if no other tensor
// reads the same array. Arrays created for a compiled call's results are registered here with
// their one tensor; constructing any other tensor over the same array unregisters it.

/** Records that `t` is the only tensor over its freshly allocated array. */
export function claimSole(t: AnyTensor): void {
  const r = t[REPR];
  if (!(r instanceof Tracer)) owners.set(r, t);
}

/** The array of `t` when `t` is known to be its only reader, else undefined. */
export function soleOwner(t: AnyTensor): AnyData | undefined {
  const r = t[REPR];
  return !(r instanceof Tracer) && owners.get(r) === t ? r : undefined;
}

/** Marks `t` as donated to `by`: it stops holding numbers, and its array is no longer its own. */
export function retire(t: AnyTensor, by: string): void {
  const r = t[REPR];
  if (!(r instanceof Tracer) && owners.get(r) === t) owners.delete(r);
  t[REPR] = new Donated(by);
}

/** The call `t` was donated to (e.g. "jit(trainStep)"), or undefined if it still holds its numbers. */
export const donatedTo = (t: AnyTensor): string | undefined => {
  const r = t[REPR];
  return r instanceof Donated ? r.by : undefined;
};
