// Element types. The dtype is part of a tensor's type: `Tensor<[2, 3], "float64">`.
// float32 is the default (speed); float64 is what gradient laws use; int32 holds labels and
// indices; bool holds the masks that comparisons produce.

export type DType = "float32" | "float64" | "int32" | "bool";
export type FloatDType = "float32" | "float64";

/** The typed array that stores each dtype. */
export interface ArrayOfDType {
  readonly float32: Float32Array;
  readonly float64: Float64Array;
  readonly int32: Int32Array;
  readonly bool: Uint8Array;
}
export type DataOf<D extends DType> = ArrayOfDType[D];
export type AnyData = ArrayOfDType[DType];

export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

export const isDType = (x: unknown): x is DType =>
  x === "float32" || x === "float64" || x === "int32" || x === "bool";

export const isFloat = (d: DType): d is FloatDType => d === "float32" || d === "float64";

/** Bytes per element. */
export const itemSize = (d: DType): number =>
  d === "float64" ? 8 : d === "bool" ? 1 : 4;

/** A zero-filled array of `n` elements of dtype `d`. */
export function allocate<D extends DType>(d: D, n: number): DataOf<D>;
export function allocate(d: DType, n: number): AnyData {
  switch (d) {
    case "float32": return new Float32Array(n);
    case "float64": return new Float64Array(n);
    case "int32": return new Int32Array(n);
    case "bool": return new Uint8Array(n);
  }
}

/** The smallest and largest int32. */
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * int32 data must already be integers in int32's range: storing 1.5, NaN or 3e9 would silently
 * give 1, 0 and -1294967296. Typed arrays of integer element types cannot hold such values.
 */
export const checkInt32Values = (op: string, values: ArrayLike<number>): void => {
  if (values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array || values instanceof Uint16Array || values instanceof Uint8Array || values instanceof Uint8ClampedArray) return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NaN;
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
      const why = Number.isInteger(v) ? `is outside int32's range [${INT32_MIN}, ${INT32_MAX}]` : "is not an integer";
      throw new RangeError(`${op}: int32 data at index ${i} is ${v}, which ${why}; round or convert it first`);
    }
  }
};

/** A copy of `values` stored as dtype `d` (int32 truncates toward zero, bool is `x !== 0`). */
export function arrayFrom(d: DType, values: ArrayLike<number>): AnyData {
  const out = allocate(d, values.length);
  if (d === "bool") for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  else out.set(values);
  return out;
}

/** Rounds a JS number to what dtype `d` stores, so scalar literals behave like stored values. */
export const coerceScalar = (d: DType, v: number): number =>
  d === "float32" ? Math.fround(v) : d === "int32" ? v | 0 : d === "bool" ? (v !== 0 ? 1 : 0) : v;
