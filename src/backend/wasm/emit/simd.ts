// 128-bit SIMD instructions (prefix 0xfd, then the operation number as unsigned LEB128), named as
// in the text format. Only the operations the kernels use are listed.

import { type Code } from "./code.js";
import { unsignedLeb128 } from "./leb128.js";
import { memarg } from "./memarg.js";
import { constBytes } from "./scalar.js";

const op = (code: number): Code => [0xfd, unsignedLeb128(code)];

export const v128 = {
  load: (offset = 0): Code => [op(0x00), memarg(4, offset)],
  load32_splat: (offset = 0): Code => [op(0x09), memarg(2, offset)],
  load64_splat: (offset = 0): Code => [op(0x0a), memarg(3, offset)],
  store: (offset = 0): Code => [op(0x0b), memarg(4, offset)],
  /** A constant from 16 raw bytes. */
  const: (bytes: readonly number[]): Code => {
    if (bytes.length !== 16) throw new RangeError(`v128.const: expected 16 bytes, got ${bytes.length}`);
    return [op(0x0c), bytes];
  },
  not: op(0x4d),
  and: op(0x4e),
  andnot: op(0x4f),
  or: op(0x50),
  xor: op(0x51),
  /** bitselect(a, b, mask): bits of a where mask is 1, else bits of b. */
  bitselect: op(0x52),
  any_true: op(0x53),
} as const;

export const i8x16 = {
  /**
   * shuffle(a, b): byte j of the result is byte `lanes[j]` of the 32 bytes a ‖ b (0–15 from a,
   * 16–31 from b).
   */
  shuffle: (lanes: readonly number[]): Code => {
    if (lanes.length !== 16 || !lanes.every((l) => Number.isInteger(l) && l >= 0 && l < 32)) {
      throw new RangeError(`i8x16.shuffle: expected 16 lane indices in 0..31, got [${lanes.join(", ")}]`);
    }
    return [op(0x0d), lanes];
  },
} as const;

export const i32x4 = {
  splat: op(0x11),
  extract_lane: (lane: number): Code => [op(0x1b), lane],
  eq: op(0x37),
  lt_s: op(0x39),
  lt_u: op(0x3a),
  add: op(0xae),
  sub: op(0xb1),
  shl: op(0xab),
  shr_s: op(0xac),
  shr_u: op(0xad),
  trunc_sat_f32x4_s: op(0xf8),
  trunc_sat_f64x2_s_zero: op(0xfc),
  const: (value: number): Code => v128.const(repeat(4, littleEndianI32(value))),
} as const;

export const i64x2 = {
  extend_low_i32x4_s: op(0xc7),
  shl: op(0xcb),
  shr_u: op(0xcd),
  add: op(0xce),
  const: (value: bigint): Code => v128.const(repeat(2, littleEndianI64(value))),
} as const;

export const f32x4 = {
  splat: op(0x13),
  extract_lane: (lane: number): Code => [op(0x1f), lane],
  replace_lane: (lane: number): Code => [op(0x20), lane],
  eq: op(0x41),
  ne: op(0x42),
  lt: op(0x43),
  gt: op(0x44),
  le: op(0x45),
  ge: op(0x46),
  nearest: op(0x6a),
  abs: op(0xe0),
  neg: op(0xe1),
  sqrt: op(0xe3),
  add: op(0xe4),
  sub: op(0xe5),
  mul: op(0xe6),
  div: op(0xe7),
  min: op(0xe8),
  max: op(0xe9),
  convert_i32x4_s: op(0xfa),
  /** Every lane equal to `value` (rounded to f32). */
  const: (value: number): Code => v128.const(repeat(4, constBytes.f32(value))),
} as const;

export const f64x2 = {
  splat: op(0x14),
  extract_lane: (lane: number): Code => [op(0x21), lane],
  replace_lane: (lane: number): Code => [op(0x22), lane],
  eq: op(0x47),
  ne: op(0x48),
  lt: op(0x49),
  gt: op(0x4a),
  le: op(0x4b),
  ge: op(0x4c),
  nearest: op(0x94),
  abs: op(0xec),
  neg: op(0xed),
  sqrt: op(0xef),
  add: op(0xf0),
  sub: op(0xf1),
  mul: op(0xf2),
  div: op(0xf3),
  min: op(0xf4),
  max: op(0xf5),
  convert_low_i32x4_s: op(0xfe),
  const: (value: number): Code => v128.const(repeat(2, constBytes.f64(value))),
} as const;

function repeat(times: number, bytes: readonly number[]): readonly number[] {
  return Array.from({ length: times }, () => bytes).flat();
}

function littleEndianI64(value: bigint): readonly number[] {
  return Array.from(new Uint8Array(new BigInt64Array([BigInt.asIntN(64, value)]).buffer));
}

function littleEndianI32(value: number): readonly number[] {
  return Array.from(new Uint8Array(new Int32Array([value]).buffer));
}
