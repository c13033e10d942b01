// Register and cache blocking of the matmul, per dtype.
//
// The micro-kernel keeps an mr × nr tile of C in SIMD registers and streams a packed mr-row
// panel of A and an nr-column panel of B through it, one rank-1 update per step of k.
// x86-64 gives WebAssembly engines 16 vector registers: mr·nr/lanes accumulators, nr/lanes
// B vectors and one broadcast A value must fit. Cache blocking (GotoBLAS/BLIS order): a kc × nr
// panel of B stays in L1 while the mr-row panels of an mc × kc block of A (in L2) stream past.

import { type FloatDType } from "../../dtype.js";

export interface MatmulBlocking {
  /** Rows of the register tile. */
  readonly mr: number;
  /** Columns of the register tile (a multiple of the SIMD lanes). */
  readonly nr: number;
  /** Depth of one packed block (k). */
  readonly kc: number;
  /** Rows of one packed block of A (a multiple of mr). */
  readonly mc: number;
  /** Columns of one packed block of B (a multiple of nr). */
  readonly nc: number;
  /**
   * Steps of k unrolled in the micro-kernel's loop. 1 is fastest on V8: in an unrolled body its
   * scheduler hoists every load to the top, runs out of the 16 vector registers and spills.
   */
  readonly unroll: number;
}

// Measured on V8 11.3 (Node 20), x86-64: 4×8 f32 reaches ~42 GFLOP/s on one core; 6×8, 5×8 and
// 3×16 are within noise; 4×12, 4×16 and 8×4 are 10-25% slower. For f64, 4×4 beats 4×8 and 8×4.
export const defaultBlocking: { readonly [D in FloatDType]: MatmulBlocking } = {
  float32: { mr: 4, nr: 8, kc: 256, mc: 128, nc: 512, unroll: 1 },
  float64: { mr: 4, nr: 4, kc: 256, mc: 64, nc: 256, unroll: 1 },
};

/** Bytes of scratch one thread needs: packed A block, packed B block and one edge tile. */
export const workspaceBytes = (blocking: MatmulBlocking, elementBytes: number): number =>
  (blocking.mc * blocking.kc + blocking.kc * blocking.nc + blocking.mr * blocking.nr) * elementBytes;
