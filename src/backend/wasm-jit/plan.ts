// Buffer planning by liveness. A device value is live from the step that writes it to the last
// step that reads it (program outputs: to the end). Values whose live ranges do not intersect may
// share memory, so the plan places them in one block with greedy best-offset packing (largest
// first, each at the lowest address not used by a value live at the same time).
//
// An elementwise kernel may also write an output over an input it reads in full at the same
// position, if that input dies there (in-place update: x ← f(x) for Adam's moments, say); such a
// pair is one storage class. The plan is computed once per compiled program and placed once in
// the arena, so running the program allocates no linear memory.
//
// Resident pairs: when a class starts with the upload of a program input and ends with a program
// output (a parameter and its update), its memory is given to that class for the whole call. At
// the end of a call it then still holds the output, so if the next call receives that very output
// (the same immutable array) as the input, the upload can be skipped: the usual training loop
// `params = step(params, …)` uploads its parameters and optimizer state only once.

import { alignUp, bytesPerElement, type BufferRef } from "../wasm/runtime/buffer.js";
import type { Arena, Block } from "../wasm/runtime/arena.js";
import { planBuffers, type BufferPlan } from "../wasm/runtime/plan.js";
import type { Expr } from "../wasm/kernels/elementwise/expr.js";
import { stepReads, stepWrites, type DeviceValue, type Schedule } from "./steps.js";

/** Input `input` is uploaded into value `upload`, whose class ends as output `output`. */
export interface ResidentPair {
  readonly input: number;
  readonly output: number;
  readonly upload: number;
}

export interface MemoryPlan {
  /** Shared block of the non-pinned values: one request per storage class. */
  readonly block: BufferPlan;
  /** Storage class of each value id (−1 for pinned values). */
  readonly classOf: readonly number[];
  /** Consecutive block of the pinned values (constants), by value id. */
  readonly pinned: BufferPlan;
  readonly pinnedIndex: ReadonlyMap<number, number>;
  /** What the non-pinned values would take without sharing. */
  readonly unsharedBytes: number;
  readonly resident: readonly ResidentPair[];
}

const bytesOf = (v: DeviceValue): number => alignUp(v.length * bytesPerElement(v.dtype));

/** Classes that start as a program input's upload and end as a program output (see the header). */
function residentPairs(schedule: Schedule, roots: readonly number[]): ResidentPair[] {
  const uploadedInput = new Map<number, number>();
  for (const s of schedule.steps) if (s._tag === "upload" && s.source._tag === "input") uploadedInput.set(s.target.id, s.source.index);
  const pairs: ResidentPair[] = [];
  schedule.outputs.forEach((o, output) => {
    if (o._tag !== "device" || o.region.offset !== 0 || o.region.length !== o.region.value.length) return;
    const root = roots[o.region.value.id] ?? o.region.value.id;
    const input = uploadedInput.get(root);
    if (root === o.region.value.id || input === undefined || pairs.some((p) => p.upload === root)) return;
    pairs.push({ input, output, upload: root });
  });
  return pairs;
}

/** Live range [start, end] (step indices) of each value; outputs live to `steps.length`. */
function liveRanges(schedule: Schedule): { start: number[]; end: number[] } {
  const n = schedule.values.length;
  const start = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
  const end = new Array<number>(n).fill(-1);
  const touch = (v: DeviceValue, i: number): void => {
    start[v.id] = Math.min(start[v.id] ?? i, i);
    end[v.id] = Math.max(end[v.id] ?? i, i);
  };
  schedule.steps.forEach((step, i) => {
    for (const v of stepWrites(step)) touch(v, i);
    for (const v of stepReads(step)) touch(v, i);
  });
  for (const o of schedule.outputs) if (o._tag === "device") touch(o.region.value, schedule.steps.length);
  return { start, end };
}

/** The kernel inputs an expression reads. */
const inputsOf = (e: Expr, into: Set<number> = new Set()): Set<number> => {
  switch (e._tag) {
    case "input":
      into.add(e.index);
      break;
    case "const":
      break;
    case "unary":
      inputsOf(e.x, into);
      break;
    case "binary":
      inputsOf(e.x, into);
      inputsOf(e.y, into);
      break;
    case "select":
      inputsOf(e.cond, into);
      inputsOf(e.whenTrue, into);
      inputsOf(e.whenFalse, into);
      break;
  }
  return into;
};

/** Storage classes: each value alone, except in-place outputs joined to the input they overwrite. */
function storageClasses(schedule: Schedule, end: readonly number[]): number[] {
  const parent = schedule.values.map((v) => v.id);
  const find = (i: number): number => {
    let r = i;
    while ((parent[r] ?? r) !== r) r = parent[r] ?? r;
    return r;
  };
  const classEnd = new Map<number, number>();
  const lastUse = (id: number): number => classEnd.get(find(id)) ?? end[id] ?? -1;
  schedule.steps.forEach((step, i) => {
    if (step._tag !== "elementwise") return;
    const claimed = new Set<number>();
    // Prefer the input an output is computed from, and among those the one fewest outputs use:
    // m' = β·m + (1 − β)·g overwrites m rather than g, and θ' overwrites θ.
    const uses = step.outputs.map((o) => inputsOf(o.expr));
    const usedBy = (k: number): number => uses.filter((u) => u.has(k)).length;
    step.outputs.forEach((out, o) => {
      const eligible = step.inputs
        .map(({ region, broadcast }, k) => ({ region, broadcast, k }))
        .filter(({ region, broadcast }) => {
          const v = region.value;
          return broadcast === "full" && !v.pinned && region.offset === 0 && v.length === out.target.length &&
            v.dtype === out.target.dtype && !claimed.has(v.id) && lastUse(v.id) === i &&
            step.inputs.every((other) => other.region.value !== v || (other.broadcast === "full" && other.region.offset === 0));
        });
      const score = (k: number): number => (uses[o]?.has(k) === true ? usedBy(k) : Number.POSITIVE_INFINITY);
      const candidate = eligible.sort((a, b) => score(a.k) - score(b.k) || a.k - b.k)[0];
      if (candidate === undefined) return;
      const root = find(candidate.region.value.id);
      claimed.add(candidate.region.value.id);
      parent[out.target.id] = root;
      classEnd.set(root, end[out.target.id] ?? i);
    });
  });
  return schedule.values.map((v) => find(v.id));
}

export function planMemory(schedule: Schedule): MemoryPlan {
  const { start, end } = liveRanges(schedule);
  const roots = storageClasses(schedule, end);
  const resident = residentPairs(schedule, roots);
  const residentRoots = new Set(resident.map((p) => p.upload));
  const shared = schedule.values.filter((v) => !v.pinned);
  const classes = new Map<number, { value: DeviceValue; start: number; end: number }>();
  for (const v of shared) {
    const root = roots[v.id] ?? v.id;
    const c = classes.get(root);
    const s = start[v.id] ?? 0;
    const e = end[v.id] ?? s;
    if (c === undefined) classes.set(root, { value: v, start: s, end: e });
    else classes.set(root, { value: c.value, start: Math.min(c.start, s), end: Math.max(c.end, e) });
  }
  const list = [...classes.entries()].map(([root, c]) => ({ root, ...c, start: residentRoots.has(root) ? 0 : c.start, bytes: bytesOf(c.value) }));
  const order = [...list].sort((a, b) => b.bytes - a.bytes || a.start - b.start);
  const placed: { offset: number; bytes: number; start: number; end: number }[] = [];
  const offsetOf = new Map<number, number>();
  for (const c of order) {
    const busy = placed.filter((p) => p.start <= c.end && c.start <= p.end).sort((a, b) => a.offset - b.offset);
    let offset = 0;
    for (const p of busy) {
      if (offset + c.bytes <= p.offset) break;
      offset = Math.max(offset, p.offset + p.bytes);
    }
    placed.push({ offset, bytes: c.bytes, start: c.start, end: c.end });
    offsetOf.set(c.root, offset);
  }
  const index = new Map(list.map((c, i) => [c.root, i]));
  const block: BufferPlan = {
    offsets: list.map((c) => offsetOf.get(c.root) ?? 0),
    requests: list.map((c) => ({ dtype: c.value.dtype, length: c.value.length })),
    bytes: alignUp(placed.reduce((top, p) => Math.max(top, p.offset + p.bytes), 0)),
  };
  const pinnedValues = schedule.values.filter((v) => v.pinned);
  return {
    block,
    classOf: schedule.values.map((v) => (v.pinned ? -1 : (index.get(roots[v.id] ?? v.id) ?? -1))),
    pinned: planBuffers(pinnedValues.map((v) => ({ dtype: v.dtype, length: v.length }))),
    pinnedIndex: new Map(pinnedValues.map((v, i) => [v.id, i])),
    unsharedBytes: shared.reduce((sum, v) => sum + bytesOf(v), 0),
    resident,
  };
}

/**
 * Reserves the plan's memory in the arena (once) and returns each value's buffer, with the two
 * arena blocks holding them (freed together when the compiled program is dropped).
 */
export function placeMemory(arena: Arena, schedule: Schedule, plan: MemoryPlan): { readonly refs: readonly BufferRef[]; readonly blocks: readonly Block[] } {
  const values = arena.reserveBlock(plan.block);
  const pinned = arena.reserveBlock(plan.pinned);
  const refs = schedule.values.map((v) => {
    const ref = v.pinned ? pinned.refs[plan.pinnedIndex.get(v.id) ?? -1] : values.refs[plan.classOf[v.id] ?? -1];
    if (ref === undefined) throw new Error(`placeMemory: value ${v.id} has no buffer`);
    return { dtype: v.dtype, offset: ref.offset, length: v.length };
  });
  return { refs, blocks: [values.block, pinned.block] };
}
