// Shared helpers of the wasm-jit tests: the reference oracle (the reference interpreter with
// every accelerated kernel switched off) and a float comparison that knows NaN, infinities and
// the rounding of float32 kernels.

import { withReferenceKernels } from "../../src/core/accelerate.js";
import { evalProgram } from "../../src/core/eval-program.js";
import type { Program } from "../../src/core/program.js";
import { traceToProgram } from "../../src/core/staging.js";
import { avalOf } from "../../src/core/trace.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { mulberry32 } from "./wasm-helpers.js";

/** What the reference interpreter computes for `program` on `inputs`. */
export const reference = (program: Program, inputs: readonly AnyTensor[]): AnyTensor[] =>
  withReferenceKernels(() => evalProgram(program, inputs));

/** The program of a function of flat tensors, traced for these inputs. */
export const programOf = (f: (...xs: AnyTensor[]) => AnyTensor[], inputs: readonly AnyTensor[]): Program =>
  traceToProgram(f, inputs.map(avalOf));

/** Relative tolerance per dtype (bool and int32 must match exactly). */
export const tolerance = { float32: 3e-5, float64: 1e-12, int32: 0, bool: 0 } as const;

/**
 * The first element where `got` and `want` differ by more than tol·(1 + max|want|), or undefined.
 * The scale is the whole array's: kernels sum in another order than the reference, so an element
 * that cancels to near zero is only as accurate as the terms it came from.
 */
export function mismatch(got: AnyTensor, want: AnyTensor, tol?: number): string | undefined {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype} vs ${want.dtype}`;
  if (got.shape.join(",") !== want.shape.join(",")) return `shape [${got.shape}] vs [${want.shape}]`;
  const g = got.toArray();
  const w = want.toArray();
  const t = tol ?? tolerance[want.dtype];
  let scale = 0;
  for (const v of w) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < w.length; i++) {
    const [x, y] = [g[i] ?? NaN, w[i] ?? NaN];
    if (Number.isNaN(y) ? Number.isNaN(x) : !Number.isFinite(y) ? x === y : Math.abs(x - y) <= t * (1 + scale)) continue;
    return `element ${i}: got ${x}, expected ${y} (tolerance ${t} × ${1 + scale})`;
  }
  return undefined;
}

/** Bitwise equality of the element values (NaN equals NaN). */
export function identical(got: AnyTensor, want: AnyTensor): boolean {
  if (got.dtype !== want.dtype || got.shape.join(",") !== want.shape.join(",")) return false;
  const g = got.toArray();
  const w = want.toArray();
  return w.every((y, i) => Object.is(y, g[i]) || (Number.isNaN(y) && Number.isNaN(g[i] ?? 0)));
}

/** `n` seeded values in [lo, hi). */
export const seeded = (n: number, seed: number, lo = -1, hi = 1): number[] => {
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * next());
};
