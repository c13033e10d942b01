// Nested JS arrays <-> flat row-major data, with the shape of a nested literal computed at the
// type level: `tensor([[1, 2, 3], [4, 5, 6]])` is a `Tensor<[2, 3]>`.

import type { Shape } from "../shape/index.js";
import type { DType } from "./dtype.js";

/** A scalar element as user code sees it. */
export type Elem<D extends DType> = D extends "bool" ? boolean : number;

/** Nested arrays shaped like S: `Nested<[2, 3], "float32">` is `number[][]`. */
export type Nested<S extends Shape, D extends DType> =
  S extends readonly [] ? Elem<D>
  : S extends readonly [unknown, ...infer R extends Shape] ? Nested<R, D>[]
  : unknown;

/** Input accepted by `tensor(...)`: a number, a boolean, or nested arrays of them. */
export type NestedInput = number | boolean | readonly NestedInput[];

/** The shape of a nested literal: tuple lengths become literal dims, plain arrays `number`. */
export type ShapeOfNested<A, Depth extends readonly unknown[] = []> =
  Depth["length"] extends 12 ? number[] // deeper nesting than any tensor needs: rank unknown
  : A extends readonly unknown[]
    ? [A["length"], ...ShapeOfNested<A[0], [...Depth, 0]>]
    : [];

/** "bool" for boolean leaves, otherwise "float32". */
export type DTypeOfNested<A, Depth extends readonly unknown[] = []> =
  Depth["length"] extends 12 ? "float32"
  : A extends boolean ? "bool" : A extends readonly (infer E)[] ? DTypeOfNested<E, [...Depth, 0]> : "float32";

export class RaggedArrayError extends Error {
  readonly _tag = "RaggedArrayError";
  constructor(readonly path: string, readonly expected: string, readonly got: string) {
    super(`tensor: ragged nested array at ${path}: expected ${expected}, got ${got}`);
  }
}

const describe = (x: unknown): string =>
  Array.isArray(x) ? `an array of length ${x.length}` : typeof x === "number" || typeof x === "boolean" ? `the ${typeof x} ${String(x)}` : `a value of type ${typeof x}`;

/** Walks a nested input once to find its shape (from the first element at each depth) and checks it is not ragged. */
export function flattenNested(input: NestedInput): { readonly shape: readonly number[]; readonly values: readonly number[]; readonly isBool: boolean } {
  const shape: number[] = [];
  for (let x: unknown = input; Array.isArray(x); x = x[0]) shape.push(x.length);
  const values: number[] = [];
  let sawBool = false;
  let sawNumber = false;
  const visit = (x: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof x === "number") sawNumber = true;
      else if (typeof x === "boolean") sawBool = true;
      else throw new RaggedArrayError(path, "a number or boolean", describe(x));
      values.push(Number(x));
      return;
    }
    const want = shape[depth] ?? 0;
    if (!Array.isArray(x) || x.length !== want) throw new RaggedArrayError(path, `an array of length ${want}`, describe(x));
    x.forEach((e, i) => visit(e, depth + 1, `${path}[${i}]`));
  };
  visit(input, 0, "data");
  if (sawBool && sawNumber) throw new RaggedArrayError("data", "all numbers or all booleans", "a mix of both");
  return { shape, values, isBool: sawBool };
}

/** Row-major data back to nested arrays. */
export function toNestedArray(data: ArrayLike<number>, shape: readonly number[], dtype: DType): unknown {
  const leaf = (v: number): number | boolean => (dtype === "bool" ? v !== 0 : v);
  if (shape.length === 0) return leaf(data[0] ?? 0);
  const build = (axis: number, offset: number, stride: number): unknown[] => {
    const n = shape[axis] ?? 0;
    const inner = stride / Math.max(n, 1);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      out.push(axis === shape.length - 1 ? leaf(data[offset + i] ?? 0) : build(axis + 1, offset + i * inner, inner));
    }
    return out;
  };
  const total = shape.reduce((a, b) => a * b, 1);
  return build(0, 0, total);
}
