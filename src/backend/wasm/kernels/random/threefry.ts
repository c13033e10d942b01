// Threefry-2x32 with 20 rounds on four counters at once: each v128 holds one state word of four
// independent blocks (lane j is the block of counter j), so a round is two i32x4 additions, a
// rotation built from two shifts and an OR, and an XOR. The schedule is unrolled: the rotation
// distances and injection numbers become immediates.
//
// The function is the one of src/random/threefry.ts: with ks = [k0, k1, k0 ⊕ k1 ⊕ 0x1bd11bda],
//   x0 = c0 + ks0,  x1 = c1 + ks1,
//   each round r:  x0 += x1;  x1 = rotl(x1, R[r mod 8]) ⊕ x0,
//   after rounds 4s (s = 1 … 5):  x0 += ks[s mod 3];  x1 += ks[(s+1) mod 3] + s,
// every addition mod 2^32 (which is what i32x4.add does).

import { type Code, f64, i32, i32x4, localGet, localSet, v128 } from "../../emit/index.js";
import { at } from "../util.js";

/** Rotation distances, one per round, repeating every 8 rounds. */
export const ROTATIONS: readonly number[] = [13, 15, 26, 6, 17, 29, 16, 24];

/** The Skein key-schedule parity constant: ks2 = k0 ⊕ k1 ⊕ this. */
export const KEY_PARITY = 0x1bd11bda;

export const ROUNDS = 20;

/** Locals (all v128) the block function works on. */
export interface ThreefryLocals {
  /** The state words; they hold the two output words afterwards. */
  readonly x0: number;
  readonly x1: number;
  /** The key schedule ks0, ks1, ks2, each splatted to every lane. */
  readonly ks: readonly [number, number, number];
}

/** rotl(x, r) = (x << r) | (x >>> (32 - r)) on every lane. */
const rotl = (x: number, r: number): Code => [
  localGet(x),
  i32.const(r),
  i32x4.shl,
  localGet(x),
  i32.const(32 - r),
  i32x4.shr_u,
  v128.or,
];

const round = (l: ThreefryLocals, r: number): Code => [
  localGet(l.x0),
  localGet(l.x1),
  i32x4.add,
  localSet(l.x0),
  rotl(l.x1, at(ROTATIONS, r % 8)),
  localGet(l.x0),
  v128.xor,
  localSet(l.x1),
];

/** Key injection number s (after round 4s - 1, counting from 0). */
const inject = (l: ThreefryLocals, s: number): Code => [
  localGet(l.x0),
  localGet(at(l.ks, s % 3)),
  i32x4.add,
  localSet(l.x0),
  localGet(l.x1),
  localGet(at(l.ks, (s + 1) % 3)),
  i32x4.add,
  i32x4.const(s),
  i32x4.add,
  localSet(l.x1),
];

/**
 * Threefry of the counters [0, c] for the four lanes c of the v128 `counter` (a local): leaves
 * the two output words of each lane's block in x0 and x1.
 */
export const threefryBlocks = (l: ThreefryLocals, counter: number): Code => [
  // x0 = 0 + ks0, x1 = c + ks1
  localGet(l.ks[0]),
  localSet(l.x0),
  localGet(counter),
  localGet(l.ks[1]),
  i32x4.add,
  localSet(l.x1),
  Array.from({ length: ROUNDS }, (_, r) => [round(l, r), r % 4 === 3 ? inject(l, (r + 1) / 4) : []]),
];

/**
 * The key schedule from the key's two words, stored at `key` as float64 values holding uint32
 * integers (a key's words [hi, lo] in a program): each word is converted exactly, and splatted.
 */
export const keySchedule = (l: ThreefryLocals, key: number, k0: number, k1: number): Code => [
  localGet(key),
  f64.load(0),
  i32.trunc_sat_f64_u,
  localSet(k0),
  localGet(key),
  f64.load(8),
  i32.trunc_sat_f64_u,
  localSet(k1),
  localGet(k0),
  i32x4.splat,
  localSet(l.ks[0]),
  localGet(k1),
  i32x4.splat,
  localSet(l.ks[1]),
  localGet(k0),
  localGet(k1),
  i32.xor,
  i32.const(KEY_PARITY),
  i32.xor,
  i32x4.splat,
  localSet(l.ks[2]),
];
