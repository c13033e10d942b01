// Packing: copy a depth × width block of op(A) or op(B) into consecutive panels of `panel`
// columns, each stored k-major (all `panel` values of one k step side by side), zero-padded at
// the right edge. The micro-kernel then reads both operands sequentially whatever their layout
// or transposition was.
//
// Element (kk, w) of the block lives in the source at
//   widthContiguous:  src[kk·ld + w]   (op(B) = B, or op(A) = Aᵀ read from A stored k × m)
//   depthContiguous:  src[w·ld + kk]   (op(A) = A, or op(B) = Bᵀ read from B stored n × k)

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
  v128,
} from "../../emit/index.js";
import { type FloatKind } from "../../dtype.js";
import { addTo, minI32 } from "../util.js";

export type PackLayout = "widthContiguous" | "depthContiguous";

export const packFunction = (name: string, kind: FloatKind, panel: number, layout: PackLayout): FunctionDef => {
  const bytes = kind.bytes;
  const s = new LocalScope();
  const src = s.param(ValType.i32); // address of element (0, 0)
  const ldBytes = s.param(ValType.i32); // source leading dimension, in bytes
  const depth = s.param(ValType.i32);
  const width = s.param(ValType.i32);
  const dst = s.param(ValType.i32);

  const w0 = s.add(ValType.i32);
  const valid = s.add(ValType.i32); // columns of this panel inside the block
  const kk = s.add(ValType.i32);
  const w = s.add(ValType.i32);
  const sp = s.add(ValType.i32);
  const dp = s.add(ValType.i32);

  const copyScalar: Code = [localGet(dp), localGet(sp), kind.scalar.load(), kind.scalar.store()];
  const storeZero = (offset: Code): Code => [offset, kind.scalar.const(0), kind.scalar.store()];

  // widthContiguous: one k step of a panel is `panel` adjacent source elements.
  const widthContiguousPanel: Code = [
    // sp = &src[0][w0]
    localGet(src),
    localGet(w0),
    i32.const(kind.shift),
    i32.shl,
    i32.add,
    localSet(sp),
    localGet(valid),
    i32.const(panel),
    i32.eq,
    ifElse(
      [
        forRange(kk, i32.const(0), localGet(depth), i32.const(1), [
          Array.from({ length: Math.floor((panel * bytes) / 16) }, (_, v) => [
            localGet(dp),
            localGet(sp),
            v128.load(v * 16),
            v128.store(v * 16),
          ]),
          // a panel that is not a whole number of vectors ends with scalar copies
          Array.from({ length: panel % kind.lanes }, (_, e) => {
            const offset = panel * bytes - (panel % kind.lanes) * bytes + e * bytes;
            return [localGet(dp), localGet(sp), kind.scalar.load(offset), kind.scalar.store(offset)];
          }),
          addTo(dp, i32.const(panel * bytes)),
          addTo(sp, localGet(ldBytes)),
        ]),
      ],
      [
        forRange(kk, i32.const(0), localGet(depth), i32.const(1), [
          forRange(w, i32.const(0), i32.const(panel), i32.const(1), [
            localGet(w),
            localGet(valid),
            i32.lt_s,
            ifElse(
              [
                localGet(dp),
                localGet(sp),
                localGet(w),
                i32.const(kind.shift),
                i32.shl,
                i32.add,
                kind.scalar.load(),
                kind.scalar.store(),
              ],
              [storeZero(localGet(dp))],
            ),
            addTo(dp, i32.const(bytes)),
          ]),
          addTo(sp, localGet(ldBytes)),
        ]),
      ],
    ),
  ];

  // depthContiguous: walk each source row along k, scattering into column w of the panel.
  const depthContiguousPanel: Code = [
    forRange(w, i32.const(0), i32.const(panel), i32.const(1), [
      // dp = panel base + w
      localGet(dst),
      localGet(w0),
      localGet(depth),
      i32.mul,
      localGet(w),
      i32.add,
      i32.const(kind.shift),
      i32.shl,
      i32.add,
      localSet(dp),
      localGet(w),
      localGet(valid),
      i32.lt_s,
      ifElse(
        [
          // sp = &src[w0 + w][0]
          localGet(src),
          localGet(w0),
          localGet(w),
          i32.add,
          localGet(ldBytes),
          i32.mul,
          i32.add,
          localSet(sp),
          forRange(kk, i32.const(0), localGet(depth), i32.const(1), [
            copyScalar,
            addTo(dp, i32.const(panel * bytes)),
            addTo(sp, i32.const(bytes)),
          ]),
        ],
        [
          forRange(kk, i32.const(0), localGet(depth), i32.const(1), [
            storeZero(localGet(dp)),
            addTo(dp, i32.const(panel * bytes)),
          ]),
        ],
      ),
    ]),
  ];

  return {
    name,
    locals: s,
    results: [],
    body: [
      localGet(dst),
      localSet(dp),
      forRange(w0, i32.const(0), localGet(width), i32.const(panel), [
        minI32(i32.const(panel), [localGet(width), localGet(w0), i32.sub]),
        localSet(valid),
        layout === "widthContiguous" ? widthContiguousPanel : depthContiguousPanel,
      ]),
    ],
  };
};
