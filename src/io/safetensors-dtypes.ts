// The element types of safetensors files and how each meets a RawArray (float32, float64, int32
// or uint8, the arrays tensors are made from). Reading widens exactly:
//
//   file dtype        read as     written from
//   F32, F64, I32, U8 itself      itself (and F32/F64 from either float, I32 from float64 integers)
//   F16, BF16         float32     float32 or float64, rounded to nearest, ties to even (half-floats.ts)
//   I8, I16, U16      int32       int32, uint8 or float64 integers in the type's range
//   U32               float64     the same, in [0, 2^32)
//   I64, U64          float64     the same; reading checks every value is below 2^53 in magnitude (exact)
//   BOOL              uint8       uint8, int32 or float64 holding only 0 and 1 (reading checks it)
//
// A value a dtype cannot hold is an error naming the tensor and the element, never a silent wrap.

import * as E from "fp-ts/lib/Either.js";
import { fromBfloat16Bits, fromFloat16Bits, toBfloat16Bits, toFloat16Bits } from "./half-floats.js";
import { readNumbers, writeNumbers } from "./endian.js";
import { allocate, type RawData, type RawDType } from "./raw.js";

/** The safetensors dtypes tygrad reads and writes, with the RawArray dtype each one becomes. */
export const fromSafetensorsDType = {
  F32: "float32", F64: "float64", I32: "int32", U8: "uint8",
  F16: "float32", BF16: "float32",
  I8: "int32", I16: "int32", U16: "int32",
  U32: "float64", I64: "float64", U64: "float64",
  BOOL: "uint8",
} as const satisfies Record<string, RawDType>;

export type SafetensorsDType = keyof typeof fromSafetensorsDType;

/** The dtype a RawArray is written as unless another is asked for. */
export const toSafetensorsDType: { readonly [D in RawDType]: SafetensorsDType } = {
  float32: "F32",
  float64: "F64",
  int32: "I32",
  uint8: "U8",
};

/** Bytes per element of each safetensors dtype tygrad reads. */
export const safetensorsItemSize: { readonly [D in SafetensorsDType]: number } = {
  F32: 4, F64: 8, I32: 4, U8: 1, F16: 2, BF16: 2, I8: 1, I16: 2, U16: 2, U32: 4, I64: 8, U64: 8, BOOL: 1,
};

/** Other dtypes of the format, recognised only to say clearly that they are not supported. */
export const otherFormatDTypes: readonly string[] = ["F8_E4M3", "F8_E5M2"];

export const isSafetensorsDType = (u: unknown): u is SafetensorsDType => typeof u === "string" && Object.hasOwn(fromSafetensorsDType, u);

/** The dtypes whose bytes are exactly a RawArray's: read and written by a plain (byte-order-aware) copy. */
const direct = (d: SafetensorsDType): d is "F32" | "F64" | "I32" | "U8" => d === "F32" || d === "F64" || d === "I32" || d === "U8";

/** The integer range of each integer dtype, and how one element is read and written (little-endian). */
const INTEGER: { readonly [D in "I8" | "I16" | "U16" | "U32" | "I64" | "U64" | "BOOL"]: {
  readonly min: number; readonly max: number;
  readonly get: (v: DataView, at: number) => number;
  readonly set: (v: DataView, at: number, x: number) => void;
} } = {
  I8: { min: -(2 ** 7), max: 2 ** 7 - 1, get: (v, at) => v.getInt8(at), set: (v, at, x) => v.setInt8(at, x) },
  I16: { min: -(2 ** 15), max: 2 ** 15 - 1, get: (v, at) => v.getInt16(at, true), set: (v, at, x) => v.setInt16(at, x, true) },
  U16: { min: 0, max: 2 ** 16 - 1, get: (v, at) => v.getUint16(at, true), set: (v, at, x) => v.setUint16(at, x, true) },
  U32: { min: 0, max: 2 ** 32 - 1, get: (v, at) => v.getUint32(at, true), set: (v, at, x) => v.setUint32(at, x, true) },
  // A 64-bit integer becomes a number only when it is a safe integer (|x| < 2^53); NaN marks the others.
  I64: { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, get: (v, at) => exact(v.getBigInt64(at, true)), set: (v, at, x) => v.setBigInt64(at, BigInt(x), true) },
  U64: { min: 0, max: Number.MAX_SAFE_INTEGER, get: (v, at) => exact(v.getBigUint64(at, true)), set: (v, at, x) => v.setBigUint64(at, BigInt(x), true) },
  BOOL: { min: 0, max: 1, get: (v, at) => v.getUint8(at), set: (v, at, x) => v.setUint8(at, x) },
};

const LIMIT = BigInt(Number.MAX_SAFE_INTEGER);
const exact = (x: bigint): number => (x >= -LIMIT && x <= LIMIT ? Number(x) : NaN);

/** Reads `count` elements of `dtype` at `bytes[offset…]`; Left names the first element it cannot represent. */
export function readStored(dtype: SafetensorsDType, bytes: Uint8Array, offset: number, count: number): E.Either<string, RawData> {
  if (direct(dtype)) return E.right(readNumbers(fromSafetensorsDType[dtype], bytes, offset, count, "little"));
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * safetensorsItemSize[dtype]);
  const out = allocate(fromSafetensorsDType[dtype], count);
  if (dtype === "F16" || dtype === "BF16") {
    const widen = dtype === "F16" ? fromFloat16Bits : fromBfloat16Bits;
    for (let i = 0; i < count; i++) out[i] = widen(view.getUint16(2 * i, true));
    return E.right(out);
  }
  const { get, min, max } = INTEGER[dtype];
  const size = safetensorsItemSize[dtype];
  for (let i = 0; i < count; i++) {
    const x = get(view, i * size);
    if (!(x >= min && x <= max)) {
      const what = dtype === "BOOL" ? `byte ${view.getUint8(i)}, but BOOL holds only 0 and 1` : `${dtype === "I64" ? view.getBigInt64(8 * i, true) : view.getBigUint64(8 * i, true)}, beyond 2^53 − 1 in magnitude, which a float64 cannot hold exactly`;
      return E.left(`element ${i} is ${what}`);
    }
    out[i] = x;
  }
  return E.right(out);
}

/** Which RawArray dtypes each file dtype is written from. */
const SOURCES: { readonly [D in SafetensorsDType]: readonly RawDType[] } = {
  F32: ["float32", "float64"], F64: ["float64", "float32"], I32: ["int32", "float64"], U8: ["uint8", "int32", "float64"],
  F16: ["float32", "float64"], BF16: ["float32", "float64"],
  I8: ["int32", "uint8", "float64"], I16: ["int32", "uint8", "float64"], U16: ["int32", "uint8", "float64"],
  U32: ["int32", "uint8", "float64"], I64: ["int32", "uint8", "float64"], U64: ["int32", "uint8", "float64"],
  BOOL: ["uint8", "int32", "float64"],
};

const RANGE_OF_DIRECT = { I32: [-(2 ** 31), 2 ** 31 - 1], U8: [0, 255] } as const;

/**
 * The little-endian bytes of `data` (a RawArray of `source` dtype) as `dtype`. Throws a TypeError
 * when the source dtype cannot be written as `dtype`, and a RangeError naming the element when a
 * value does not fit (integers: not an integer, or out of range; floats never: they round).
 */
export function writeStored(op: string, name: string, dtype: SafetensorsDType, source: RawDType, data: RawData): Uint8Array {
  const where = `${op}: array "${name}"`;
  if (!SOURCES[dtype].includes(source)) {
    throw new TypeError(`${where}: ${source} data cannot be written as ${dtype}; ${dtype} is written from ${SOURCES[dtype].join(", ")}`);
  }
  const size = safetensorsItemSize[dtype];
  const out = new Uint8Array(data.length * size);
  const view = new DataView(out.buffer);
  const checkInteger = (min: number, max: number): void => {
    for (let i = 0; i < data.length; i++) {
      const x = data[i] ?? NaN;
      if (!Number.isInteger(x) || x < min || x > max) throw new RangeError(`${where}: element ${i} is ${x}, which ${dtype} cannot hold (integers in [${min}, ${max}])`);
    }
  };
  if (direct(dtype)) {
    const target = fromSafetensorsDType[dtype];
    if (target === source) {
      writeNumbers(data, out, 0, "little");
      return out;
    }
    if (dtype === "I32" || dtype === "U8") checkInteger(RANGE_OF_DIRECT[dtype][0], RANGE_OF_DIRECT[dtype][1]);
    const converted = allocate(target, data.length);
    converted.set(data);
    writeNumbers(converted, out, 0, "little");
    return out;
  }
  if (dtype === "F16" || dtype === "BF16") {
    const narrow = dtype === "F16" ? toFloat16Bits : toBfloat16Bits;
    for (let i = 0; i < data.length; i++) view.setUint16(2 * i, narrow(data[i] ?? NaN), true);
    return out;
  }
  const { min, max, set } = INTEGER[dtype];
  checkInteger(min, max);
  for (let i = 0; i < data.length; i++) set(view, i * size, data[i] ?? 0);
  return out;
}
