// The blocked matmul loop nest around the packing routines and the micro-kernel:
//
//   for each batch element:
//     for jc in steps of nc:            (column block of C and op(B))
//       for pc in steps of kc:          (depth block)
//         pack op(B)[pc:, jc:]          → panels of nr columns
//         for ic in steps of mc:        (row block of C and op(A))
//           pack op(A)[ic:, pc:]        → panels of mr rows
//           for jr, ir: micro-kernel    C[ic+ir:, jc+jr:] (+)= Ap · Bp
//
// The first depth block overwrites C unless `accumulate` is set; later blocks add to it.

import {
  type Code,
  type FunctionDef,
  LocalScope,
  ValType,
  call,
  forRange,
  i32,
  if_,
  localGet,
  localSet,
} from "../../emit/index.js";
import { type FloatKind } from "../../dtype.js";
import { addressOf, minI32 } from "../util.js";
import { type MatmulBlocking } from "./config.js";

export interface MatmulVariant {
  /** op(A) = Aᵀ: A is stored k × m. */
  readonly transA: boolean;
  /** op(B) = Bᵀ: B is stored n × k. */
  readonly transB: boolean;
}

/** Function indices of the helpers inside the module. */
export interface MatmulCallees {
  readonly packA: number;
  readonly packB: number;
  readonly micro: number;
}

export const matmulDriver = (
  kind: FloatKind,
  blocking: MatmulBlocking,
  variant: MatmulVariant,
  callees: MatmulCallees,
): FunctionDef => {
  const { mr, nr, kc: KC, mc: MC, nc: NC } = blocking;
  const bytes = kind.bytes;
  const s = new LocalScope();
  const a = s.param(ValType.i32);
  const b = s.param(ValType.i32);
  const c = s.param(ValType.i32);
  const m = s.param(ValType.i32);
  const n = s.param(ValType.i32);
  const k = s.param(ValType.i32);
  const lda = s.param(ValType.i32); // leading dimensions, in elements
  const ldb = s.param(ValType.i32);
  const ldc = s.param(ValType.i32);
  const batch = s.param(ValType.i32);
  const strideA = s.param(ValType.i32); // batch strides, in elements
  const strideB = s.param(ValType.i32);
  const strideC = s.param(ValType.i32);
  const accumulate = s.param(ValType.i32);
  const work = s.param(ValType.i32); // scratch, `workspaceBytes` long

  const bt = s.add(ValType.i32);
  const jc = s.add(ValType.i32);
  const nc = s.add(ValType.i32);
  const pc = s.add(ValType.i32);
  const kc = s.add(ValType.i32);
  const ic = s.add(ValType.i32);
  const mc = s.add(ValType.i32);
  const jr = s.add(ValType.i32);
  const ir = s.add(ValType.i32);
  const first = s.add(ValType.i32);
  const aBase = s.add(ValType.i32);
  const bBase = s.add(ValType.i32);
  const cBase = s.add(ValType.i32);
  const i = s.add(ValType.i32);
  const j = s.add(ValType.i32);

  const workA = (): Code => localGet(work);
  const workB = (): Code => [localGet(work), i32.const(MC * KC * bytes), i32.add];
  const tile = (): Code => [localGet(work), i32.const((MC * KC + KC * NC) * bytes), i32.add];

  /** Address of element (row, col) of a matrix stored row-major with leading dimension ld. */
  const element = (base: Code, row: Code, col: Code, ld: Code): Code =>
    addressOf(base, [row, ld, i32.mul, col, i32.add], bytes);

  // op(A)[ic, pc] and op(B)[pc, jc] in storage coordinates.
  const aBlock = variant.transA
    ? element(localGet(aBase), localGet(pc), localGet(ic), localGet(lda))
    : element(localGet(aBase), localGet(ic), localGet(pc), localGet(lda));
  const bBlock = variant.transB
    ? element(localGet(bBase), localGet(jc), localGet(pc), localGet(ldb))
    : element(localGet(bBase), localGet(pc), localGet(jc), localGet(ldb));

  const bytesOf = (elements: Code): Code => [elements, i32.const(kind.shift), i32.shl];

  const zeroC: Code = forRange(i, i32.const(0), localGet(m), i32.const(1), [
    forRange(j, i32.const(0), localGet(n), i32.const(1), [
      element(localGet(cBase), localGet(i), localGet(j), localGet(ldc)),
      kind.scalar.const(0),
      kind.scalar.store(),
    ]),
  ]);

  const microCall: Code = [
    addressOf(workA(), [localGet(ir), localGet(kc), i32.mul], bytes),
    addressOf(workB(), [localGet(jr), localGet(kc), i32.mul], bytes),
    localGet(kc),
    element(localGet(cBase), [localGet(ic), localGet(ir), i32.add], [localGet(jc), localGet(jr), i32.add], localGet(ldc)),
    bytesOf(localGet(ldc)),
    localGet(first),
    minI32(i32.const(mr), [localGet(mc), localGet(ir), i32.sub]),
    minI32(i32.const(nr), [localGet(nc), localGet(jr), i32.sub]),
    tile(),
    call(callees.micro),
  ];

  const body: Code = forRange(bt, i32.const(0), localGet(batch), i32.const(1), [
    addressOf(localGet(a), [localGet(bt), localGet(strideA), i32.mul], bytes),
    localSet(aBase),
    addressOf(localGet(b), [localGet(bt), localGet(strideB), i32.mul], bytes),
    localSet(bBase),
    addressOf(localGet(c), [localGet(bt), localGet(strideC), i32.mul], bytes),
    localSet(cBase),
    // An empty sum: C = 0 unless accumulating.
    localGet(k),
    i32.eqz,
    localGet(accumulate),
    i32.eqz,
    i32.and,
    if_(zeroC),
    forRange(jc, i32.const(0), localGet(n), i32.const(NC), [
      minI32(i32.const(NC), [localGet(n), localGet(jc), i32.sub]),
      localSet(nc),
      forRange(pc, i32.const(0), localGet(k), i32.const(KC), [
        minI32(i32.const(KC), [localGet(k), localGet(pc), i32.sub]),
        localSet(kc),
        localGet(pc),
        i32.eqz,
        localGet(accumulate),
        i32.eqz,
        i32.and,
        localSet(first),
        [bBlock, bytesOf(localGet(ldb)), localGet(kc), localGet(nc), workB(), call(callees.packB)],
        forRange(ic, i32.const(0), localGet(m), i32.const(MC), [
          minI32(i32.const(MC), [localGet(m), localGet(ic), i32.sub]),
          localSet(mc),
          [aBlock, bytesOf(localGet(lda)), localGet(kc), localGet(mc), workA(), call(callees.packA)],
          forRange(jr, i32.const(0), localGet(nc), i32.const(nr), [
            forRange(ir, i32.const(0), localGet(mc), i32.const(mr), [microCall]),
          ]),
        ]),
      ]),
    ]),
  ]);

  return { name: "matmul", locals: s, results: [], body };
};
