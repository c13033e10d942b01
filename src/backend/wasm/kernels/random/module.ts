// Random draws in counter mode: element i of a draw is a function of the Threefry block of the key
// at counter [0, i] (bits.ts in src/random), so the kernel computes four elements per iteration,
// one per lane, and a last partial vector whose lanes are stored one by one.
//
//   uniform32  float32 uniform on [lo, lo + span):  u = ((o0 ⊕ o1) >>> 9) · 2^-23,
//              v = fl32(fl32(u · span) + lo), then v < lo → lo and v > top → top
//   uniform64  float64 uniform: u = (o0 · 2^20 + (o1 >>> 12)) · 2^-52, v = fl64(fl64(u · span) + lo),
//              clamped the same way
//   bernoulli  a 0/1 float32 mask, 1 where u < p for the float64 u above (see `bernoulli` below)
//
// (o0, o1 are the block's two output words.) These are the host samplers' formulas operation for
// operation. The host's float32 steps are float64 operations rounded to float32 (Math.fround);
// for one addition or multiplication of float32 values that equals the float32 operation, since
// float64 carries more than 2·24 + 2 bits, so the SIMD results are the same bits.

import {
  type Code,
  type FunctionDef,
  type MemoryImport,
  type ModuleDef,
  LocalScope,
  ValType,
  f32,
  f32x4,
  f64,
  f64x2,
  forRange,
  i32,
  i32x4,
  i8x16,
  if_,
  localGet,
  localSet,
  v128,
} from "../../emit/index.js";
import { addressOf, at } from "../util.js";
import { keySchedule, threefryBlocks, type ThreefryLocals } from "./threefry.js";

export const randomDraws = ["uniform32", "uniform64", "bernoulli"] as const;
export type RandomDraw = (typeof randomDraws)[number];

/** Per draw: the element type written, and the type of each of its parameters. */
export const drawLayout: { readonly [D in RandomDraw]: { readonly out: "float32" | "float64"; readonly params: readonly ValType[] } } = {
  uniform32: { out: "float32", params: [ValType.f32, ValType.f32, ValType.f32] },
  uniform64: { out: "float64", params: [ValType.f64, ValType.f64, ValType.f64] },
  bernoulli: { out: "float32", params: [ValType.i32, ValType.i32] },
};

/** How a draw turns the output words (locals x0, x1) into the v128 vectors it stores, in order. */
interface Finisher {
  readonly bytes: 4 | 8;
  /** Code fragments each leaving one v128 of results: 4 elements in all. */
  readonly vectors: Code[];
}

/**
 * [lo, lo + span) clamp: v < lo → lo, v > top → top (top is the largest value below the upper
 * end), picked lane by lane with bitselect; `v`, `lo`, `top` are v128 locals of one float kind.
 */
const clamp = (lt: Code, gt: Code, v: number, lo: number, top: number): Code => [
  localGet(top),
  localGet(lo),
  localGet(v),
  localGet(v),
  localGet(lo),
  lt,
  v128.bitselect,
  localGet(v),
  localGet(top),
  gt,
  v128.bitselect,
];

const uniform32 = (s: LocalScope, l: ThreefryLocals, p: readonly number[], setup: Code[]): Finisher => {
  const [lo, span, top, v] = [s.add(ValType.v128), s.add(ValType.v128), s.add(ValType.v128), s.add(ValType.v128)];
  setup.push([lo, span, top].map((local, i) => [localGet(at(p, i)), f32x4.splat, localSet(local)]));
  return {
    bytes: 4,
    vectors: [
      [
        localGet(l.x0),
        localGet(l.x1),
        v128.xor,
        i32.const(9),
        i32x4.shr_u,
        f32x4.convert_i32x4_s, // below 2^23: exact
        f32x4.const(2 ** -23),
        f32x4.mul,
        localGet(span),
        f32x4.mul,
        localGet(lo),
        f32x4.add,
        localSet(v),
        clamp(f32x4.lt, f32x4.gt, v, lo, top),
      ],
    ],
  };
};

/** Lanes 0–1 (`half` 0) or 2–3 (`half` 1) of L and H, interleaved as the words of two float64s. */
const interleave = (half: 0 | 1): readonly number[] => {
  const word = (vector: 0 | 1, lane: number): number[] => Array.from({ length: 4 }, (_, b) => vector * 16 + lane * 4 + b);
  return [...word(0, 2 * half), ...word(1, 2 * half), ...word(0, 2 * half + 1), ...word(1, 2 * half + 1)];
};

const uniform64 = (s: LocalScope, l: ThreefryLocals, p: readonly number[], setup: Code[]): Finisher => {
  const [lo, span, top, v] = [s.add(ValType.v128), s.add(ValType.v128), s.add(ValType.v128), s.add(ValType.v128)];
  const [hiBits, loBits] = [s.add(ValType.v128), s.add(ValType.v128)];
  setup.push([lo, span, top].map((local, i) => [localGet(at(p, i)), f64x2.splat, localSet(local)]));
  // 1 + m · 2^-52 has the bits 0x3ff00000_00000000 | m for m = o0 · 2^20 + (o1 >>> 12) < 2^52;
  // subtracting 1 is exact, and leaves u = m · 2^-52.
  const words: Code = [
    localGet(l.x0),
    i32.const(12),
    i32x4.shr_u,
    i32x4.const(0x3ff00000),
    v128.or,
    localSet(hiBits),
    localGet(l.x0),
    i32.const(20),
    i32x4.shl,
    localGet(l.x1),
    i32.const(12),
    i32x4.shr_u,
    v128.or,
    localSet(loBits),
  ];
  const half = (h: 0 | 1): Code => [
    localGet(loBits),
    localGet(hiBits),
    i8x16.shuffle(interleave(h)),
    f64x2.const(1),
    f64x2.sub,
    localGet(span),
    f64x2.mul,
    localGet(lo),
    f64x2.add,
    localSet(v),
    clamp(f64x2.lt, f64x2.gt, v, lo, top),
  ];
  return { bytes: 8, vectors: [[words, half(0)], half(1)] };
};

/**
 * u < p for u = m · 2^-52 with the integer m = o0 · 2^20 + (o1 >>> 12): since u·2^52 = m exactly,
 * u < p ⟺ m < p · 2^52 ⟺ m < T with T = ⌈p · 2^52⌉ ∈ [0, 2^52]. Written as T = tHi · 2^20 + tLo
 * (tLo < 2^20, or tHi = 2^32 - 1 and tLo = 2^20 for T = 2^52), m < T ⟺ o0 < tHi (unsigned) or
 * (o0 = tHi and o1 >>> 12 < tLo). The mask lanes are then ANDed with the bits of 1.0f.
 */
const bernoulli = (s: LocalScope, l: ThreefryLocals, p: readonly number[], setup: Code[]): Finisher => {
  const [tHi, tLo] = [s.add(ValType.v128), s.add(ValType.v128)];
  setup.push([tHi, tLo].map((local, i) => [localGet(at(p, i)), i32x4.splat, localSet(local)]));
  return {
    bytes: 4,
    vectors: [
      [
        localGet(l.x0),
        localGet(tHi),
        i32x4.lt_u,
        localGet(l.x0),
        localGet(tHi),
        i32x4.eq,
        localGet(l.x1),
        i32.const(12),
        i32x4.shr_u,
        localGet(tLo),
        i32x4.lt_s,
        v128.and,
        v128.or,
        f32x4.const(1),
        v128.and,
      ],
    ],
  };
};

const finishers = { uniform32, uniform64, bernoulli } as const;

/** Stores lane `lane` (of 4 elements) of the result vectors held in `held` at `address`. */
const storeLane = (f: Finisher, held: readonly number[], address: Code, lane: number): Code => {
  const perVector = 16 / f.bytes;
  const vector = at(held, Math.floor(lane / perVector));
  const within = lane % perVector;
  return f.bytes === 4
    ? [address, localGet(vector), f32x4.extract_lane(within), f32.store(lane * 4)]
    : [address, localGet(vector), f64x2.extract_lane(within), f64.store(lane * 8)];
};

/** draw(key, out, count, …params): out[i] for i < count from the key's words at `key`. */
const drawFunction = (draw: RandomDraw): FunctionDef => {
  const s = new LocalScope();
  const key = s.param(ValType.i32);
  const out = s.param(ValType.i32);
  const count = s.param(ValType.i32);
  const params = drawLayout[draw].params.map((t) => s.param(t));
  const [k0, k1, i, whole] = [s.add(ValType.i32), s.add(ValType.i32), s.add(ValType.i32), s.add(ValType.i32)];
  const v128Local = (): number => s.add(ValType.v128);
  const l: ThreefryLocals = { x0: v128Local(), x1: v128Local(), ks: [v128Local(), v128Local(), v128Local()] };
  const counter = v128Local();
  const setup: Code[] = [];
  const f = finishers[draw](s, l, params, setup);
  const held = s.addMany(ValType.v128, f.vectors.length);
  const address = addressOf(localGet(out), localGet(i), f.bytes);
  const next = [localGet(counter), i32x4.const(4), i32x4.add, localSet(counter)];
  return {
    name: "draw",
    locals: s,
    results: [],
    body: [
      keySchedule(l, key, k0, k1),
      setup,
      v128.const([0, 1, 2, 3].flatMap((c) => [c, 0, 0, 0])),
      localSet(counter),
      // whole = count rounded down to a multiple of 4
      localGet(count),
      i32.const(-4),
      i32.and,
      localSet(whole),
      forRange(i, i32.const(0), localGet(whole), i32.const(4), [
        threefryBlocks(l, counter),
        f.vectors.map((vector, v) => [address, vector, v128.store(16 * v)]),
        next,
      ]),
      // the last 1–3 elements: one more block of four, stored lane by lane
      localGet(whole),
      localGet(count),
      i32.lt_s,
      if_(
        localGet(whole),
        localSet(i),
        threefryBlocks(l, counter),
        f.vectors.map((vector, v) => [vector, localSet(at(held, v))]),
        [0, 1, 2].map((lane) => [
          localGet(whole),
          i32.const(lane),
          i32.add,
          localGet(count),
          i32.lt_s,
          if_(storeLane(f, held, address, lane)),
        ]),
      ),
    ],
  };
};

export const randomModule = (draw: RandomDraw, memory: MemoryImport): ModuleDef => ({
  memory,
  functions: [drawFunction(draw)],
});
