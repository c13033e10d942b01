// Sum and max reductions of a rows × cols row-major array:
//   axis "last":    out[r] = ⊕_c x[r, c]   (rows outputs; e.g. a softmax denominator)
//   axis "leading": out[c] = ⊕_r x[r, c]   (cols outputs; e.g. a bias gradient, column sums)
// The empty sum is 0 and the empty max is −∞; max propagates NaN like Math.max.
//
// "last" keeps four vector accumulators per row (independent add chains) and folds their lanes at
// the end. "leading" walks 16-column stripes down the rows, with the stripe in registers, so each
// cache line of x is read once.

import {
  type Code,
  type FunctionDef,
  type MemoryImport,
  type ModuleDef,
  LocalScope,
  ValType,
  forRange,
  i32,
  localGet,
  localSet,
  v128,
} from "../emit/index.js";
import { type FloatKind } from "../dtype.js";
import { addTo, at } from "./util.js";

export const reduceOps = ["sum", "max"] as const;
export type ReduceOp = (typeof reduceOps)[number];
export const reduceAxes = ["last", "leading"] as const;
export type ReduceAxis = (typeof reduceAxes)[number];

const identity = (op: ReduceOp): number => (op === "sum" ? 0 : -Infinity);

const combiners = (kind: FloatKind, op: ReduceOp): { vector: Code; scalar: Code } =>
  op === "sum"
    ? { vector: kind.vector.add, scalar: kind.scalar.add }
    : { vector: kind.vector.max, scalar: kind.scalar.max };

const alongLast = (kind: FloatKind, op: ReduceOp, s: LocalScope, x: number, out: number, rows: number, cols: number): Code => {
  const combine = combiners(kind, op);
  const r = s.add(ValType.i32);
  const j = s.add(ValType.i32);
  const rowPtr = s.add(ValType.i32);
  const rowBytes = s.add(ValType.i32);
  const wideEnd = s.add(ValType.i32);
  const vectorEnd = s.add(ValType.i32);
  const acc = s.addMany(ValType.v128, 4);
  const total = s.add(kind.scalarType);

  const accumulate = (target: number, offset: number): Code => [
    localGet(target),
    localGet(rowPtr),
    localGet(j),
    i32.add,
    v128.load(offset),
    combine.vector,
    localSet(target),
  ];
  const pair = (a: number, b: number): Code => [localGet(a), localGet(b), combine.vector, localSet(a)];

  return [
    localGet(cols),
    i32.const(kind.shift),
    i32.shl,
    localSet(rowBytes),
    localGet(rowBytes),
    i32.const(-64),
    i32.and,
    localSet(wideEnd),
    localGet(rowBytes),
    i32.const(-16),
    i32.and,
    localSet(vectorEnd),
    localGet(x),
    localSet(rowPtr),
    forRange(r, i32.const(0), localGet(rows), i32.const(1), [
      acc.map((a) => [kind.vector.const(identity(op)), localSet(a)]),
      forRange(j, i32.const(0), localGet(wideEnd), i32.const(64), acc.map((a, v) => accumulate(a, v * 16))),
      forRange(j, localGet(wideEnd), localGet(vectorEnd), i32.const(16), [accumulate(at(acc, 0), 0)]),
      // (acc0 ⊕ acc1) ⊕ (acc2 ⊕ acc3), then the lanes
      pair(at(acc, 0), at(acc, 1)),
      pair(at(acc, 2), at(acc, 3)),
      pair(at(acc, 0), at(acc, 2)),
      localGet(at(acc, 0)),
      kind.vector.extract_lane(0),
      Array.from({ length: kind.lanes - 1 }, (_, lane) => [
        localGet(at(acc, 0)),
        kind.vector.extract_lane(lane + 1),
        combine.scalar,
      ]),
      localSet(total),
      forRange(j, localGet(vectorEnd), localGet(rowBytes), i32.const(kind.bytes), [
        localGet(total),
        localGet(rowPtr),
        localGet(j),
        i32.add,
        kind.scalar.load(),
        combine.scalar,
        localSet(total),
      ]),
      localGet(out),
      localGet(r),
      i32.const(kind.shift),
      i32.shl,
      i32.add,
      localGet(total),
      kind.scalar.store(),
      addTo(rowPtr, localGet(rowBytes)),
    ]),
  ];
};

const alongLeading = (kind: FloatKind, op: ReduceOp, s: LocalScope, x: number, out: number, rows: number, cols: number): Code => {
  const combine = combiners(kind, op);
  const r = s.add(ValType.i32);
  const j = s.add(ValType.i32); // column offset in bytes
  const ptr = s.add(ValType.i32);
  const rowBytes = s.add(ValType.i32);
  const wideEnd = s.add(ValType.i32);
  const vectorEnd = s.add(ValType.i32);
  const acc = s.addMany(ValType.v128, 4);
  const total = s.add(kind.scalarType);

  /** Reduce a stripe of `width` vectors starting at column byte offset j down all rows. */
  const stripe = (width: number): Code => [
    acc.slice(0, width).map((a) => [kind.vector.const(identity(op)), localSet(a)]),
    localGet(x),
    localGet(j),
    i32.add,
    localSet(ptr),
    forRange(r, i32.const(0), localGet(rows), i32.const(1), [
      acc.slice(0, width).map((a, v) => [localGet(a), localGet(ptr), v128.load(v * 16), combine.vector, localSet(a)]),
      addTo(ptr, localGet(rowBytes)),
    ]),
    acc.slice(0, width).map((a, v) => [localGet(out), localGet(j), i32.add, localGet(a), v128.store(v * 16)]),
  ];

  return [
    localGet(cols),
    i32.const(kind.shift),
    i32.shl,
    localSet(rowBytes),
    localGet(rowBytes),
    i32.const(-64),
    i32.and,
    localSet(wideEnd),
    localGet(rowBytes),
    i32.const(-16),
    i32.and,
    localSet(vectorEnd),
    forRange(j, i32.const(0), localGet(wideEnd), i32.const(64), [stripe(4)]),
    forRange(j, localGet(wideEnd), localGet(vectorEnd), i32.const(16), [stripe(1)]),
    forRange(j, localGet(vectorEnd), localGet(rowBytes), i32.const(kind.bytes), [
      kind.scalar.const(identity(op)),
      localSet(total),
      localGet(x),
      localGet(j),
      i32.add,
      localSet(ptr),
      forRange(r, i32.const(0), localGet(rows), i32.const(1), [
        localGet(total),
        localGet(ptr),
        kind.scalar.load(),
        combine.scalar,
        localSet(total),
        addTo(ptr, localGet(rowBytes)),
      ]),
      localGet(out),
      localGet(j),
      i32.add,
      localGet(total),
      kind.scalar.store(),
    ]),
  ];
};

const reduceFunction = (kind: FloatKind, op: ReduceOp, axis: ReduceAxis): FunctionDef => {
  const s = new LocalScope();
  const x = s.param(ValType.i32);
  const out = s.param(ValType.i32);
  const rows = s.param(ValType.i32);
  const cols = s.param(ValType.i32);
  const body = axis === "last" ? alongLast(kind, op, s, x, out, rows, cols) : alongLeading(kind, op, s, x, out, rows, cols);
  return { name: "reduce", locals: s, results: [], body };
};

export const reduceModule = (kind: FloatKind, op: ReduceOp, axis: ReduceAxis, memory: MemoryImport): ModuleDef => ({
  memory,
  functions: [reduceFunction(kind, op, axis)],
});
