// Constructors. Shape arguments infer literal dims without `as const`: `zeros([2, 3])` is a
// `Tensor<[2, 3]>`. Every constructor validates its input and copies it, so a tensor never
// aliases memory its caller can still mutate. The dtype comes only from the `dtype` argument
// (or the data): the result type wraps it in NoInfer so that a context expecting "any dtype",
// like `concat([zeros([2]), ...])`, does not widen it to DType.

import { checkShape, sizeOf, type Shape } from "../shape/index.js";
import { allocate, arrayFrom, coerceScalar, isDType, type DType } from "./dtype.js";
import { flattenNested, type DTypeOfNested, type NestedInput, type ShapeOfNested } from "./nested.js";
import { Tensor } from "./tensor.js";

/** A literal tuple type made mutable: `readonly [2, 3]` → `[2, 3]`. */
export type Dims<S extends Shape> = [...S];

export class DataLengthError extends RangeError {
  readonly _tag = "DataLengthError";
  constructor(readonly op: string, readonly shape: readonly number[], readonly length: number) {
    super(`${op}: shape [${shape.join(", ")}] needs ${sizeOf(shape)} elements, got ${length}`);
  }
}

const checkDType = (op: string, dtype: unknown): void => {
  if (!isDType(dtype)) throw new TypeError(`${op}: unknown dtype ${JSON.stringify(dtype)} (expected float32, float64, int32 or bool)`);
};

const make = <S extends Shape, D extends DType>(op: string, shape: S, dtype: D, values: ArrayLike<number>): Tensor<Dims<S>, D> => {
  checkShape(op, shape);
  checkDType(op, dtype);
  if (values.length !== sizeOf(shape)) throw new DataLengthError(op, shape, values.length);
  return new Tensor<Dims<S>, D>([...shape], dtype, arrayFrom(dtype, values));
};

/**
 * A tensor from nested arrays; the shape is read off the nesting (`tensor([[1, 2], [3, 4]])` is a
 * `Tensor<[2, 2]>`), booleans give a bool tensor. Ragged input is a RaggedArrayError.
 */
export function tensor<const A extends NestedInput, D extends DType = DTypeOfNested<A>>(data: A, dtype?: D): Tensor<ShapeOfNested<A>, NoInfer<D>> {
  const { shape, values, isBool } = flattenNested(data);
  const d = dtype ?? (isBool ? "bool" : "float32");
  return make("tensor", shape, d, values) as Tensor<ShapeOfNested<A>, NoInfer<D>>; // shape read off the same nesting
}

/** A tensor of `shape` from flat row-major data (copied). */
export function fromArray<const S extends Shape, D extends DType = "float32">(data: ArrayLike<number>, shape: S, dtype?: D): Tensor<Dims<S>, NoInfer<D>> {
  return make("fromArray", shape, dtype ?? defaultDType<D>(), data);
}

/** A rank-0 tensor. */
export function scalar<D extends DType = "float32">(value: number | boolean, dtype?: D): Tensor<[], NoInfer<D>> {
  return make("scalar", [] as const, dtype ?? defaultDType<D>(), [Number(value)]);
}

export function full<const S extends Shape, D extends DType = "float32">(shape: S, value: number | boolean, dtype?: D): Tensor<Dims<S>, NoInfer<D>> {
  const d = dtype ?? defaultDType<D>();
  checkShape("full", shape);
  checkDType("full", d);
  const data = allocate(d, sizeOf(shape));
  data.fill(coerceScalar(d, Number(value)));
  return new Tensor<Dims<S>, D>([...shape], d, data);
}

export const zeros = <const S extends Shape, D extends DType = "float32">(shape: S, dtype?: D): Tensor<Dims<S>, NoInfer<D>> =>
  full(shape, 0, dtype ?? defaultDType<D>());
export const ones = <const S extends Shape, D extends DType = "float32">(shape: S, dtype?: D): Tensor<Dims<S>, NoInfer<D>> =>
  full(shape, 1, dtype ?? defaultDType<D>());

/** A tensor of zeros or ones with another tensor's shape and dtype. */
export const zerosLike = <S extends Shape, D extends DType>(x: Tensor<S, D>): Tensor<S, D> => full(x.shape, 0, x.dtype) as Tensor<S, D>;
export const onesLike = <S extends Shape, D extends DType>(x: Tensor<S, D>): Tensor<S, D> => full(x.shape, 1, x.dtype) as Tensor<S, D>;

/**
 * `arange(n, dtype?)`: 0, 1, …, n-1 as a `Tensor<[n]>` (n keeps its type: a literal, or a type
 * parameter T in generic code); `arange(start, stop, step, dtype?)`: NumPy's half-open range
 * (length ⌈(stop − start) / step⌉).
 */
export function arange<N extends number, D extends DType = "float32">(n: N, dtype?: D): Tensor<[N], NoInfer<D>>;
export function arange<D extends DType = "float32">(start: number, stop: number, step?: number, dtype?: D): Tensor<[number], NoInfer<D>>;
export function arange(a: number, second?: number | DType, third = 1, fourth: DType = "float32"): Tensor<[number], DType> {
  // arange(n, dtype?) or arange(start, stop, step?, dtype?)
  const stop = typeof second === "number" ? second : undefined;
  const step = typeof second === "number" ? third : 1;
  const dtype = typeof second === "string" ? second : fourth;
  const [start, end] = stop === undefined ? [0, a] : [a, stop];
  if (!Number.isFinite(start) || !Number.isFinite(end) || !Number.isFinite(step) || step === 0) {
    throw new RangeError(`arange: expected finite start/stop and a non-zero step, got start ${start}, stop ${end}, step ${step}`);
  }
  const n = Math.max(0, Math.ceil((end - start) / step));
  const values = Array.from({ length: n }, (_, i) => start + i * step);
  return make("arange", [n], dtype, values);
}

/** `num` evenly spaced values from start to stop inclusive. */
export function linspace<N extends number, D extends DType = "float32">(start: number, stop: number, num: N, dtype?: D): Tensor<[N], NoInfer<D>> {
  if (!Number.isSafeInteger(num) || num < 0) throw new RangeError(`linspace: num must be a non-negative integer, got ${num}`);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  const values = Array.from({ length: num }, (_, i) => (i === num - 1 && num > 1 ? stop : start + i * step));
  return make("linspace", [num] as [N], dtype ?? defaultDType<D>(), values);
}

/** The n×m identity matrix (m defaults to n). */
export function eye<N extends number, M extends number = N, D extends DType = "float32">(n: N, m?: M, dtype?: D): Tensor<[N, M], NoInfer<D>> {
  const cols = m ?? n;
  checkShape("eye", [n, cols]);
  const values = new Float64Array(n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) values[i * cols + i] = 1;
  return make("eye", [n, cols] as [N, M], dtype ?? defaultDType<D>(), values);
}

/** "float32" as the default dtype type parameter D (D defaults to "float32" when not given). */
const defaultDType = <D extends DType>(): D => "float32" as D; // only reached when the caller omitted dtype, so D is its default "float32"
