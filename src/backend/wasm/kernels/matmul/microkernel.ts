// The matmul micro-kernel: C[0:mr, 0:nr] (+)= Ap · Bp for one packed A panel (kc × mr, k-major)
// and one packed B panel (kc × nr, k-major). Each step of k is a rank-1 update
//     acc[r][v] += splat(Ap[kk][r]) * Bp[kk][v·lanes : (v+1)·lanes]
// held entirely in registers. Full tiles are written with vector loads/stores; tiles cut by the
// matrix edge go through a scratch tile and are copied element by element.

import {
  type Code,
  type FunctionDef,
  LocalScope,
  ValType,
  forRange,
  i32,
  ifElse,
  localGet,
  localSet,
  select,
  v128,
} from "../../emit/index.js";
import { type FloatKind } from "../../dtype.js";
import { addTo, addressOf, at } from "../util.js";
import { type MatmulBlocking } from "./config.js";

export const microKernel = (kind: FloatKind, blocking: MatmulBlocking): FunctionDef => {
  const { mr, nr, unroll } = blocking;
  const vectorsPerRow = nr / kind.lanes;
  const vec = kind.vector;
  const bytes = kind.bytes;

  const s = new LocalScope();
  const ap = s.param(ValType.i32); // packed A panel
  const bp = s.param(ValType.i32); // packed B panel
  const kc = s.param(ValType.i32);
  const c = s.param(ValType.i32); // address of C[0][0] of this tile
  const ldcBytes = s.param(ValType.i32);
  const first = s.param(ValType.i32); // 1: overwrite C, 0: add to C
  const rows = s.param(ValType.i32); // valid rows (≤ mr)
  const cols = s.param(ValType.i32); // valid columns (≤ nr)
  const tile = s.param(ValType.i32); // mr × nr scratch for edge tiles

  const acc = Array.from({ length: mr }, () => s.addMany(ValType.v128, vectorsPerRow));
  const b = s.addMany(ValType.v128, vectorsPerRow);
  const a = s.add(ValType.v128);
  const kk = s.add(ValType.i32);
  const kMain = s.add(ValType.i32);
  const crow = s.add(ValType.i32);
  const i = s.add(ValType.i32);
  const j = s.add(ValType.i32);

  // One rank-1 update, reading step `u` of the current unrolled group via constant offsets.
  const step = (u: number): Code => [
    b.map((bv, v) => [localGet(bp), v128.load((u * nr + v * kind.lanes) * bytes), localSet(bv)]),
    acc.map((row, r) => [
      localGet(ap),
      kind.loadSplat((u * mr + r) * bytes),
      localSet(a),
      row.map((cv, v) => [localGet(cv), localGet(a), localGet(at(b, v)), vec.mul, vec.add, localSet(cv)]),
    ]),
  ];

  const advance = (steps: number): Code => [
    addTo(ap, i32.const(steps * mr * bytes)),
    addTo(bp, i32.const(steps * nr * bytes)),
  ];

  const zeroAccumulators: Code = acc.flat().map((cv) => [vec.const(0), localSet(cv)]);

  const kLoops: Code = [
    // kMain = kc rounded down to a multiple of `unroll` (a power of two)
    localGet(kc),
    i32.const(-unroll),
    i32.and,
    localSet(kMain),
    forRange(kk, i32.const(0), localGet(kMain), i32.const(unroll), [
      Array.from({ length: unroll }, (_, u) => step(u)),
      advance(unroll),
    ]),
    forRange(kk, localGet(kMain), localGet(kc), i32.const(1), [step(0), advance(1)]),
  ];

  const storeRows = (overwrite: boolean): Code => [
    localGet(c),
    localSet(crow),
    acc.map((row) => [
      row.map((cv, v) =>
        overwrite
          ? [localGet(crow), localGet(cv), v128.store(v * 16)]
          : [localGet(crow), localGet(crow), v128.load(v * 16), localGet(cv), vec.add, v128.store(v * 16)],
      ),
      addTo(crow, localGet(ldcBytes)),
    ]),
  ];

  const storeEdge: Code = [
    acc.map((row, r) => row.map((cv, v) => [localGet(tile), localGet(cv), v128.store((r * nr + v * kind.lanes) * bytes)])),
    forRange(i, i32.const(0), localGet(rows), i32.const(1), [
      forRange(j, i32.const(0), localGet(cols), i32.const(1), [
        // crow = &C[i][j]
        addressOf(addressOf(localGet(c), [localGet(i), localGet(ldcBytes), i32.mul], 1), localGet(j), bytes),
        localSet(crow),
        localGet(crow),
        addressOf(localGet(tile), [localGet(i), i32.const(nr), i32.mul, localGet(j), i32.add], bytes),
        kind.scalar.load(),
        // + (first ? 0 : C[i][j]); select never uses the stale C value when overwriting
        kind.scalar.const(0),
        localGet(crow),
        kind.scalar.load(),
        localGet(first),
        select,
        kind.scalar.add,
        kind.scalar.store(),
      ]),
    ]),
  ];

  const isFullTile: Code = [localGet(rows), i32.const(mr), i32.eq, localGet(cols), i32.const(nr), i32.eq, i32.and];

  return {
    name: "micro",
    locals: s,
    results: [],
    body: [
      zeroAccumulators,
      kLoops,
      isFullTile,
      ifElse([localGet(first), ifElse([storeRows(true)], [storeRows(false)])], [storeEdge]),
    ],
  };
};
