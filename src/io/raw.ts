// RawArray: a dense row-major array of numbers as a plain typed array plus its shape, with no
// tensor machinery attached. The byte-level readers and writers (safetensors, IDX, CSV) speak
// only this record; turning one into a Tensor is the tensor layer's business.

export type RawDType = "float32" | "float64" | "int32" | "uint8";

export type RawData = Float32Array | Float64Array | Int32Array | Uint8Array;

export interface RawArray {
  readonly dtype: RawDType;
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array | Int32Array | Uint8Array;
}

/** Bytes per element of each dtype. */
export const itemSize: { readonly [D in RawDType]: number } = {
  float32: 4,
  float64: 8,
  int32: 4,
  uint8: 1,
};

/** Number of elements of a row-major array of this shape: the product of its dims (1 for a scalar, shape []). */
export const elementCount = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/** A zero-filled typed array of the given dtype and length. */
export const allocate = (dtype: RawDType, length: number): RawData => {
  switch (dtype) {
    case "float32":
      return new Float32Array(length);
    case "float64":
      return new Float64Array(length);
    case "int32":
      return new Int32Array(length);
    case "uint8":
      return new Uint8Array(length);
  }
};

/** The dtype a typed array actually holds (a Buffer counts as uint8: it is a Uint8Array). */
export const dtypeOfData = (data: RawData): RawDType =>
  data instanceof Float32Array
    ? "float32"
    : data instanceof Float64Array
      ? "float64"
      : data instanceof Int32Array
        ? "int32"
        : "uint8";

const isDim = (d: unknown): boolean => typeof d === "number" && Number.isSafeInteger(d) && d >= 0;

/**
 * Checks that a RawArray is self-consistent — its data is a typed array of its dtype, its dims are
 * non-negative integers, and its length is the product of its dims — and throws a TypeError or
 * RangeError naming `op` and the array's `name` otherwise. Writers call it on what they are given.
 */
export const assertRawArray = (op: string, name: string, array: RawArray): void => {
  const where = `${op}: array "${name}"`;
  if (!(array.dtype in itemSize)) {
    throw new TypeError(`${where}: unknown dtype ${JSON.stringify(array.dtype)}; expected float32, float64, int32 or uint8`);
  }
  const isTyped =
    array.data instanceof Float32Array ||
    array.data instanceof Float64Array ||
    array.data instanceof Int32Array ||
    array.data instanceof Uint8Array;
  if (!isTyped) {
    throw new TypeError(`${where}: data is not a Float32Array, Float64Array, Int32Array or Uint8Array`);
  }
  if (dtypeOfData(array.data) !== array.dtype) {
    throw new TypeError(`${where}: dtype is ${array.dtype} but data is a ${array.data.constructor.name}`);
  }
  if (!Array.isArray(array.shape) || !array.shape.every(isDim)) {
    throw new RangeError(`${where}: shape ${JSON.stringify(array.shape)} must be a list of non-negative integers`);
  }
  const expected = elementCount(array.shape);
  if (expected !== array.data.length) {
    throw new RangeError(
      `${where}: shape [${array.shape.join(", ")}] needs ${expected} elements but data has ${array.data.length}`,
    );
  }
};
