// One matmul module per (dtype, transposition variant, memory kind): the exported `matmul`
// driver plus its packing routines and micro-kernel.

import { type MemoryImport, type ModuleDef } from "../../emit/index.js";
import { type FloatKind } from "../../dtype.js";
import { type MatmulBlocking } from "./config.js";
import { type MatmulVariant, matmulDriver } from "./driver.js";
import { microKernel } from "./microkernel.js";
import { packFunction } from "./pack.js";

export const matmulModule = (
  kind: FloatKind,
  blocking: MatmulBlocking,
  variant: MatmulVariant,
  memory: MemoryImport,
): ModuleDef => {
  checkBlocking(kind, blocking);
  // Function order fixes the call indices below.
  const callees = { packA: 1, packB: 2, micro: 3 };
  return {
    memory,
    functions: [
      matmulDriver(kind, blocking, variant, callees),
      packFunction("packA", kind, blocking.mr, variant.transA ? "widthContiguous" : "depthContiguous"),
      packFunction("packB", kind, blocking.nr, variant.transB ? "depthContiguous" : "widthContiguous"),
      microKernel(kind, blocking),
    ],
  };
};

const checkBlocking = (kind: FloatKind, blocking: MatmulBlocking): void => {
  const { mr, nr, kc, mc, nc, unroll } = blocking;
  const problems = [
    nr % kind.lanes === 0 ? "" : `nr (${nr}) must be a multiple of ${kind.lanes}`,
    mr >= 1 ? "" : `mr (${mr}) must be positive`,
    mc % mr === 0 ? "" : `mc (${mc}) must be a multiple of mr (${mr})`,
    nc % nr === 0 ? "" : `nc (${nc}) must be a multiple of nr (${nr})`,
    Number.isInteger(Math.log2(unroll)) ? "" : `unroll (${unroll}) must be a power of two`,
    kc >= 1 ? "" : `kc (${kc}) must be positive`,
  ].filter((p) => p !== "");
  if (problems.length > 0) throw new RangeError(`matmulModule: bad blocking: ${problems.join("; ")}`);
};
