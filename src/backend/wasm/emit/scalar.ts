// Scalar numeric instructions (i32, f32, f64) as code fragments, named as in the text format.

import { type Code } from "./code.js";
import { signedLeb128 } from "./leb128.js";
import { memarg } from "./memarg.js";

const littleEndian = (bytes: ArrayBuffer): readonly number[] => Array.from(new Uint8Array(bytes));

const f32Bytes = (value: number): readonly number[] =>
  littleEndian(new Float32Array([value]).buffer);

const f64Bytes = (value: number): readonly number[] =>
  littleEndian(new Float64Array([value]).buffer);

export const i32 = {
  /** Wraps to 32 bits, so 0xffffffff and -1 are the same constant. */
  const: (value: number): Code => [0x41, signedLeb128(value | 0)],
  load: (offset = 0): Code => [0x28, memarg(2, offset)],
  store: (offset = 0): Code => [0x36, memarg(2, offset)],
  eqz: 0x45,
  eq: 0x46,
  ne: 0x47,
  lt_s: 0x48,
  lt_u: 0x49,
  gt_s: 0x4a,
  gt_u: 0x4b,
  le_s: 0x4c,
  le_u: 0x4d,
  ge_s: 0x4e,
  ge_u: 0x4f,
  add: 0x6a,
  sub: 0x6b,
  mul: 0x6c,
  div_s: 0x6d,
  div_u: 0x6e,
  rem_s: 0x6f,
  rem_u: 0x70,
  and: 0x71,
  or: 0x72,
  xor: 0x73,
  shl: 0x74,
  shr_s: 0x75,
  shr_u: 0x76,
  /** f64 → u32, truncating; NaN gives 0 and out-of-range values saturate (never traps). */
  trunc_sat_f64_u: [0xfc, 0x03],
} as const;

export const f32 = {
  const: (value: number): Code => [0x43, f32Bytes(value)],
  load: (offset = 0): Code => [0x2a, memarg(2, offset)],
  store: (offset = 0): Code => [0x38, memarg(2, offset)],
  eq: 0x5b,
  ne: 0x5c,
  lt: 0x5d,
  gt: 0x5e,
  le: 0x5f,
  ge: 0x60,
  abs: 0x8b,
  neg: 0x8c,
  sqrt: 0x91,
  add: 0x92,
  sub: 0x93,
  mul: 0x94,
  div: 0x95,
  min: 0x96,
  max: 0x97,
} as const;

export const f64 = {
  const: (value: number): Code => [0x44, f64Bytes(value)],
  load: (offset = 0): Code => [0x2b, memarg(3, offset)],
  store: (offset = 0): Code => [0x39, memarg(3, offset)],
  eq: 0x61,
  ne: 0x62,
  lt: 0x63,
  gt: 0x64,
  le: 0x65,
  ge: 0x66,
  abs: 0x99,
  neg: 0x9a,
  sqrt: 0x9f,
  add: 0xa0,
  sub: 0xa1,
  mul: 0xa2,
  div: 0xa3,
  min: 0xa4,
  max: 0xa5,
  convert_i32_s: 0xb7,
} as const;

/** Raw little-endian bytes of numbers, for `v128.const`. */
export const constBytes = { f32: f32Bytes, f64: f64Bytes } as const;
