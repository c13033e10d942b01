// Accelerated kernels for plain evaluation. A backend may offer faster implementations of some
// primitives (e.g. a WebAssembly matmul for large float products); EvalTrace asks them first and
// uses the reference kernels (implRules) whenever one declines by returning undefined.
//
// The reference kernels stay the oracle every backend is tested against, so they remain
// selectable: `withReferenceKernels(fn)` runs fn with acceleration off, and an empty table (the
// default, and what `TYGRAD_BACKEND=reference` leaves in place) means plain evaluation is exactly
// the reference interpreter.
//
// This is the one process-wide switch of the core besides the interpreter stack: a registry set
// once at start-up by the backend module that provides the kernels.

import type { AnyData } from "../tensor/dtype.js";
import type { HostArray } from "./host.js";
import type { Params, PrimTag } from "./primitives.js";
import type { Aval } from "./trace.js";

/** The output data of primitive P, or undefined to let the reference kernel compute it. */
export type AcceleratedRule<P extends PrimTag> = (inputs: readonly HostArray[], params: Params<P>, out: Aval) => AnyData | undefined;

export type AcceleratedKernels = { readonly [P in PrimTag]?: AcceleratedRule<P> };

let table: AcceleratedKernels = {};
let referenceOnly = 0;

/** Installs `kernels` (replacing any earlier table) and returns the previous table. */
export function setAcceleratedKernels(kernels: AcceleratedKernels): AcceleratedKernels {
  const previous = table;
  table = kernels;
  return previous;
}

export const acceleratedKernels = (): AcceleratedKernels => table;

/** Runs `fn` with every primitive evaluated by its reference kernel. */
export function withReferenceKernels<R>(fn: () => R): R {
  referenceOnly++;
  try {
    return fn();
  } finally {
    referenceOnly--;
  }
}

/** The accelerated result of one primitive application, or undefined when none applies. */
export function applyAccelerated<P extends PrimTag>(prim: P, inputs: readonly HostArray[], params: Params<P>, out: Aval): AnyData | undefined {
  if (referenceOnly > 0) return undefined;
  const rule = table[prim] as AcceleratedRule<P> | undefined; // the table is keyed by primitive: entry P has rule type P
  return rule === undefined ? undefined : rule(inputs, params, out);
}
