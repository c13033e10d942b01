// Validation of a matmul call and its translation to the kernel's raw i32 arguments, plus the
// sub-problems a thread pool hands to each thread (a range of rows, columns or batch items).

import { type BufferRef } from "../../runtime/buffer.js";
import { type FloatKind } from "../../dtype.js";
import { checkCount } from "../checks.js";

export interface MatmulArgs {
  /** op(A) is m × k: A is stored m × k, or k × m when transposed. */
  readonly a: BufferRef;
  /** op(B) is k × n: B is stored k × n, or n × k when transposed. */
  readonly b: BufferRef;
  /** C is m × n. */
  readonly c: BufferRef;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** Number of independent products (default 1). */
  readonly batch?: number;
  /** Elements between consecutive batch items (defaults: m·k, k·n, m·n; 0 reuses one matrix). */
  readonly strideA?: number;
  readonly strideB?: number;
  readonly strideC?: number;
  /** C += op(A)·op(B) instead of C = op(A)·op(B). */
  readonly accumulate?: boolean;
}

/** The problem in the kernel's terms: addresses in bytes, dimensions and strides in elements. */
export interface RawMatmul {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly lda: number;
  readonly ldb: number;
  readonly ldc: number;
  readonly batch: number;
  readonly strideA: number;
  readonly strideB: number;
  readonly strideC: number;
  readonly accumulate: boolean;
}

export interface MatmulLayout {
  readonly transA: boolean;
  readonly transB: boolean;
}


/** Elements a batched operand spans: its last item starts at (batch−1)·stride. */
const span = (batch: number, stride: number, size: number): number =>
  batch === 0 || size === 0 ? 0 : (batch - 1) * stride + size;

const byteRange = (buffer: BufferRef, bytes: number): readonly [number, number] => [
  buffer.offset,
  buffer.offset + buffer.length * bytes,
];

const overlaps = (x: readonly [number, number], y: readonly [number, number]): boolean =>
  x[0] < y[1] && y[0] < x[1] && x[0] < x[1] && y[0] < y[1];

export const resolveMatmul = (op: string, kind: FloatKind, layout: MatmulLayout, args: MatmulArgs): RawMatmul => {
  const m = checkCount(op, "m", args.m);
  const n = checkCount(op, "n", args.n);
  const k = checkCount(op, "k", args.k);
  const batch = checkCount(op, "batch", args.batch ?? 1);
  const strideA = checkCount(op, "strideA", args.strideA ?? m * k);
  const strideB = checkCount(op, "strideB", args.strideB ?? k * n);
  const strideC = checkCount(op, "strideC", args.strideC ?? m * n);
  const operands = [
    ["a", args.a, span(batch, strideA, m * k), layout.transA ? `${k}×${m}` : `${m}×${k}`],
    ["b", args.b, span(batch, strideB, k * n), layout.transB ? `${n}×${k}` : `${k}×${n}`],
    ["c", args.c, span(batch, strideC, m * n), `${m}×${n}`],
  ] as const;
  for (const [name, buffer, needed, shape] of operands) {
    if (buffer.dtype !== kind.dtype) {
      throw new TypeError(`${op}: ${name} holds ${buffer.dtype} but this kernel is for ${kind.dtype}`);
    }
    if (buffer.length < needed) {
      throw new RangeError(
        `${op}: ${name} has ${buffer.length} elements but ${batch} batch item(s) of ${shape} need ${needed}`,
      );
    }
  }
  const cRange = byteRange(args.c, kind.bytes);
  if (overlaps(cRange, byteRange(args.a, kind.bytes)) || overlaps(cRange, byteRange(args.b, kind.bytes))) {
    throw new RangeError(`${op}: the output c overlaps an input; give c its own buffer`);
  }
  if (batch > 1 && strideC < m * n && m * n > 0) {
    throw new RangeError(`${op}: strideC (${strideC}) is smaller than one ${m}×${n} output, so batch items would overlap`);
  }
  return {
    a: args.a.offset,
    b: args.b.offset,
    c: args.c.offset,
    m,
    n,
    k,
    lda: layout.transA ? m : k,
    ldb: layout.transB ? k : n,
    ldc: n,
    batch,
    strideA,
    strideB,
    strideC,
    accumulate: args.accumulate ?? false,
  };
};

/** Argument list of the exported `matmul` function. */
export const rawArguments = (p: RawMatmul, workspace: number): readonly number[] => [
  p.a,
  p.b,
  p.c,
  p.m,
  p.n,
  p.k,
  p.lda,
  p.ldb,
  p.ldc,
  p.batch,
  p.strideA,
  p.strideB,
  p.strideC,
  p.accumulate ? 1 : 0,
  workspace,
];

export type SplitAxis = "rows" | "cols" | "batch";

/** The part of the problem covering [start, end) along `axis`; C parts never overlap. */
export const subProblem = (
  p: RawMatmul,
  kind: FloatKind,
  layout: MatmulLayout,
  axis: SplitAxis,
  start: number,
  end: number,
): RawMatmul => {
  const bytes = kind.bytes;
  switch (axis) {
    case "rows":
      // row i of op(A) starts at A[i][0], or at A[0][i] when A is stored transposed
      return { ...p, m: end - start, a: p.a + start * (layout.transA ? 1 : p.lda) * bytes, c: p.c + start * p.ldc * bytes };
    case "cols":
      // column j of op(B) starts at B[0][j], or at B[j][0] when B is stored transposed
      return { ...p, n: end - start, b: p.b + start * (layout.transB ? p.ldb : 1) * bytes, c: p.c + start * bytes };
    case "batch":
      return {
        ...p,
        batch: end - start,
        a: p.a + start * p.strideA * bytes,
        b: p.b + start * p.strideB * bytes,
        c: p.c + start * p.strideC * bytes,
      };
  }
};
