// The strided copy: every element of a view of one buffer written to a view of another,
//
//     target[Σ_a i_a · targetStrides[a]] = source[Σ_a i_a · sourceStrides[a]]   for i in shape,
//
// which serves transposes and slices (target row-major), pad (target: the strided interior of a
// zeroed output) and concatenate (target: a sub-block of the output). Elements are moved with
// loads and stores only, so the copy is bit-exact.
//
// Axes that step through both views like one run (stride_a = stride_{a+1} · dim_{a+1} on both
// sides) and size-1 axes are merged first, so a view of any rank becomes a few nested loops. The
// module is generated per (dtype, collapsed rank); counts and strides are call arguments. The
// innermost axis is a tight loop, moving 16 bytes at a time when both its strides are 1.

import { type Code, type FunctionDef, type MemoryImport, type ModuleDef, LocalScope, ValType, forRange, i32, ifElse, localGet, localSet, v128 } from "../emit/index.js";
import { type FloatDType, type FloatKind, floatKind } from "../dtype.js";
import { type BufferRef } from "../runtime/buffer.js";
import { type CompiledKernel } from "../runtime/cache.js";
import { type Runtime } from "../runtime/runtime.js";
import { exportedFunction } from "../wasm-api.js";
import { checkCount } from "./checks.js";
import { addTo, at } from "./util.js";

/** A copy with its axes merged: counts and element strides, outermost first (at least one axis). */
export interface CopyLoops {
  readonly counts: readonly number[];
  readonly sourceStrides: readonly number[];
  readonly targetStrides: readonly number[];
}

/** Drops size-1 axes and merges neighbours that form one run in both views. */
export function collapseCopy(shape: readonly number[], sourceStrides: readonly number[], targetStrides: readonly number[]): CopyLoops {
  const counts: number[] = [];
  const ss: number[] = [];
  const ts: number[] = [];
  shape.forEach((d, a) => {
    if (d === 1) return;
    const s = sourceStrides[a] ?? 0;
    const t = targetStrides[a] ?? 0;
    const last = counts.length - 1;
    // the previous (outer) axis steps by exactly this axis's whole run: merge them
    if (last >= 0 && ss[last] === s * d && ts[last] === t * d) {
      counts[last] = (counts[last] ?? 1) * d;
      ss[last] = s;
      ts[last] = t;
    } else {
      counts.push(d);
      ss.push(s);
      ts.push(t);
    }
  });
  if (counts.length === 0) return { counts: [1], sourceStrides: [0], targetStrides: [0] };
  return { counts, sourceStrides: ss, targetStrides: ts };
}

/** Innermost axis: `count` elements from sp to dp, vectorised when both sides are contiguous. */
const innerLoop = (kind: FloatKind, s: LocalScope, sp: number, dp: number, count: number, sStride: number, dStride: number): Code => {
  const j = s.add(ValType.i32);
  const bytes = s.add(ValType.i32);
  const vectorEnd = s.add(ValType.i32);
  const move = (load: Code, store: Code): Code => [localGet(dp), localGet(j), i32.add, localGet(sp), localGet(j), i32.add, load, store];
  const contiguous = [
    localGet(count),
    i32.const(kind.shift),
    i32.shl,
    localSet(bytes),
    localGet(bytes),
    i32.const(-16),
    i32.and,
    localSet(vectorEnd),
    forRange(j, i32.const(0), localGet(vectorEnd), i32.const(16), [move(v128.load(0), v128.store(0))]),
    forRange(j, localGet(vectorEnd), localGet(bytes), i32.const(kind.bytes), [move(kind.scalar.load(), kind.scalar.store())]),
  ];
  const strided = forRange(j, i32.const(0), localGet(count), i32.const(1), [
    localGet(dp),
    localGet(sp),
    kind.scalar.load(),
    kind.scalar.store(),
    addTo(sp, localGet(sStride)),
    addTo(dp, localGet(dStride)),
  ]);
  const both = [localGet(sStride), i32.const(kind.bytes), i32.eq, localGet(dStride), i32.const(kind.bytes), i32.eq, i32.and];
  return [both, ifElse(contiguous, [strided])];
};

const copyFunction = (kind: FloatKind, rank: number): FunctionDef => {
  const s = new LocalScope();
  const source = s.param(ValType.i32);
  const target = s.param(ValType.i32);
  // per axis: count, source stride and target stride (bytes)
  const axes = Array.from({ length: rank }, () => ({ count: s.param(ValType.i32), sStride: s.param(ValType.i32), dStride: s.param(ValType.i32) }));
  const sp = s.addMany(ValType.i32, rank);
  const dp = s.addMany(ValType.i32, rank);
  const counters = s.addMany(ValType.i32, rank);
  const nest = (a: number): Code => {
    const axis = at(axes, a);
    if (a === rank - 1) return innerLoop(kind, s, at(sp, a), at(dp, a), axis.count, axis.sStride, axis.dStride);
    return forRange(at(counters, a), i32.const(0), localGet(axis.count), i32.const(1), [
      localGet(at(sp, a)),
      localSet(at(sp, a + 1)),
      localGet(at(dp, a)),
      localSet(at(dp, a + 1)),
      nest(a + 1),
      addTo(at(sp, a), localGet(axis.sStride)),
      addTo(at(dp, a), localGet(axis.dStride)),
    ]);
  };
  const body = [localGet(source), localSet(at(sp, 0)), localGet(target), localSet(at(dp, 0)), nest(0)];
  return { name: "copy", locals: s, results: [], body };
};

export const copyModule = (kind: FloatKind, rank: number, memory: MemoryImport): ModuleDef => ({
  memory,
  functions: [copyFunction(kind, rank)],
});

export interface CopyArgs {
  /** The source view's first element (its offset) and every element after it in its buffer. */
  readonly source: BufferRef;
  readonly target: BufferRef;
  readonly shape: readonly number[];
  /** In elements; non-negative. */
  readonly sourceStrides: readonly number[];
  readonly targetStrides: readonly number[];
}

/** Furthest element a view reaches from its first one (strides non-negative). */
const reach = (loops: CopyLoops, strides: readonly number[]): number =>
  loops.counts.reduce((acc, n, a) => acc + (n - 1) * (strides[a] ?? 0), 0);

/**
 * A prepared copy of one fixed view into another: the arguments are checked and collapsed once,
 * and each call of the result moves the elements.
 */
export const copyKernel = (runtime: Runtime, dtype: FloatDType, args: CopyArgs): (() => void) => {
  const kind = floatKind(dtype);
  const op = `copy(${kind.dtype})`;
  const size = args.shape.reduce((n, d, a) => n * checkCount(op, `shape[${a}]`, d), 1);
  if (size === 0) return () => undefined;
  for (const [role, buffer, strides] of [
    ["source", args.source, args.sourceStrides],
    ["target", args.target, args.targetStrides],
  ] as const) {
    if (buffer.dtype !== kind.dtype) throw new TypeError(`${op}: ${role} holds ${buffer.dtype}, expected ${kind.dtype}`);
    if (strides.length !== args.shape.length) throw new RangeError(`${op}: ${role} has ${strides.length} strides for rank ${args.shape.length}`);
    strides.forEach((st, a) => checkCount(op, `${role} stride ${a}`, st));
  }
  const loops = collapseCopy(args.shape, args.sourceStrides, args.targetStrides);
  for (const [role, buffer, strides] of [
    ["source", args.source, loops.sourceStrides],
    ["target", args.target, loops.targetStrides],
  ] as const) {
    const needed = reach(loops, strides) + 1;
    if (buffer.length < needed) throw new RangeError(`${op}: ${role} has ${buffer.length} elements, the view reaches ${needed}`);
  }
  const rank = loops.counts.length;
  const compiled: CompiledKernel = runtime.kernels.get(`copy:${kind.dtype}:${rank}`, () => copyModule(kind, rank, runtime.kernels.memoryImport));
  const entry = exportedFunction(compiled.instance, "copy");
  const params = [args.source.offset, args.target.offset];
  loops.counts.forEach((n, a) => params.push(n, (loops.sourceStrides[a] ?? 0) * kind.bytes, (loops.targetStrides[a] ?? 0) * kind.bytes));
  return () => {
    entry(...params);
  };
};
