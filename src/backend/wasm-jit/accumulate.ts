// Gradient sums of products. The transpose of a weight used twice is Σᵢ Aᵢᵀ·Gᵢ: in a program,
// add(dot(A₁, G₁), dot(A₂, G₂)). When each operand is read only by that sum, a later product can
// add itself into an earlier one's buffer (the kernel's accumulate mode), so the sum costs no pass
// over memory and no buffer of its own. Chains (add(add(p₁, p₂), p₃)) share one buffer, whatever
// order their products are computed in: only the finished sum is ever read.

import type { Eqn, Program, Var } from "../../core/program.js";
import { isFloat } from "../../tensor/dtype.js";

export interface Accumulation {
  /** dot equations whose product is added into an earlier value: the value's variable. */
  readonly into: ReadonlyMap<Eqn, Var>;
  /** add equations that need no step: their result is the accumulated value (that variable). */
  readonly sums: ReadonlyMap<Eqn, Var>;
}

export function findAccumulations(program: Program): Accumulation {
  const readers = new Map<Var, number>();
  const outputs = new Set(program.outputs.filter((o): o is Var => o._tag === "var"));
  for (const e of program.eqns) for (const a of e.inputs) if (a._tag === "var") readers.set(a, (readers.get(a) ?? 0) + 1);
  const definedAt = new Map<Var, number>();
  const dotOf = new Map<Var, Eqn>();
  /** Variables holding a product (or a sum of products) in a matmul's output: → the product owning that buffer. */
  const accumulable = new Map<Var, Var>();
  const into = new Map<Eqn, Var>();
  const sums = new Map<Eqn, Var>();
  const onlyHere = (v: Var): boolean => readers.get(v) === 1 && !outputs.has(v);
  // `product` (a dot not yet redirected) can add into `buffer` if the buffer's own product is computed first
  const redirect = (product: Var, buffer: Var | undefined): boolean => {
    const dot = dotOf.get(product);
    if (buffer === undefined || dot === undefined || into.has(dot)) return false;
    if ((definedAt.get(buffer) ?? Infinity) >= (definedAt.get(product) ?? -Infinity)) return false;
    into.set(dot, buffer);
    return true;
  };
  program.eqns.forEach((e, i) => {
    definedAt.set(e.out, i);
    if (e.prim === "dot" && isFloat(e.out.aval.dtype)) {
      dotOf.set(e.out, e);
      accumulable.set(e.out, e.out);
      return;
    }
    if (e.prim !== "add" || !isFloat(e.out.aval.dtype)) return;
    const [a, b] = e.inputs;
    if (a?._tag !== "var" || b?._tag !== "var" || a === b || !onlyHere(a) || !onlyHere(b)) return;
    // Only this sum reads either operand, so neither buffer's intermediate contents are seen: one
    // product may add into the other operand's buffer at its own place in the program.
    const buffer = redirect(b, accumulable.get(a)) ? accumulable.get(a) : redirect(a, accumulable.get(b)) ? accumulable.get(b) : undefined;
    if (buffer === undefined) return;
    sums.set(e, buffer);
    accumulable.set(e.out, buffer);
  });
  return { into, sums };
}
