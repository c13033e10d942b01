// The floating-point element types the kernels are generated for, and everything the generators
// need to know about each: element size, SIMD lanes, and the matching scalar and vector opcodes.

import { type Code, ValType, f32, f32x4, f64, f64x2, v128 } from "./emit/index.js";

export type FloatDType = "float32" | "float64";

export interface FloatKind {
  readonly dtype: FloatDType;
  /** Bytes per element. */
  readonly bytes: 4 | 8;
  /** log2(bytes), for address shifts and alignment hints. */
  readonly shift: 2 | 3;
  /** Elements per 128-bit vector. */
  readonly lanes: 4 | 2;
  readonly scalar: typeof f32 | typeof f64;
  readonly scalarType: ValType;
  readonly vector: typeof f32x4 | typeof f64x2;
  /** Load one element and broadcast it to every lane. */
  readonly loadSplat: (offset?: number) => Code;
}

export const float32: FloatKind = {
  dtype: "float32",
  bytes: 4,
  shift: 2,
  lanes: 4,
  scalar: f32,
  scalarType: ValType.f32,
  vector: f32x4,
  loadSplat: v128.load32_splat,
};

export const float64: FloatKind = {
  dtype: "float64",
  bytes: 8,
  shift: 3,
  lanes: 2,
  scalar: f64,
  scalarType: ValType.f64,
  vector: f64x2,
  loadSplat: v128.load64_splat,
};

export const floatKind = (dtype: FloatDType): FloatKind => {
  switch (dtype) {
    case "float32":
      return float32;
    case "float64":
      return float64;
    default:
      throw new TypeError(`floatKind: expected "float32" or "float64", got ${JSON.stringify(dtype)}`);
  }
};
