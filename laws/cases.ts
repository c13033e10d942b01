// A law case: one function at one point. The laws see a function of its differentiable inputs
// only (float tensors); everything else it needs (indices, masks, axes, numbers) is closed over
// and listed in `statics` for messages. Cases are built from argument lists in which each
// argument is marked as differentiable or fixed, so a registry entry states plainly which
// arguments are differentiated and how the op is called.

import fc from "fast-check";
import { Tensor, type AnyTensor } from "../src/tensor/tensor.js";
import type { FlatFunction } from "./differentiator.js";
import type { Precision } from "./tolerance.js";

export interface LawCase {
  /** What is being checked, e.g. "mul" or "sum(axis, keepdims)". */
  readonly label: string;
  /** The differentiable inputs (float tensors). */
  readonly inputs: readonly AnyTensor[];
  /** The function of those inputs; fixed arguments are closed over. */
  readonly f: FlatFunction;
  /** The fixed arguments, rendered for messages. */
  readonly statics: string;
  /** The precision its tolerances derive from (float32 when a value passes through float32). */
  readonly precision: Precision;
}

/** An argument of a call: differentiated (a float tensor), or fixed (anything). */
export type Arg =
  | { readonly _tag: "diff"; readonly value: AnyTensor }
  | { readonly _tag: "fixed"; readonly value: unknown };

export const diff = (value: AnyTensor): Arg => ({ _tag: "diff", value });
export const fixed = (value: unknown): Arg => ({ _tag: "fixed", value });

/** The values of `args` with the differentiable ones replaced, in order, by `xs`. */
export function substitute(args: readonly Arg[], xs: readonly AnyTensor[]): unknown[] {
  let next = 0;
  return args.map((a) => {
    if (a._tag === "fixed") return a.value;
    const x = xs[next++];
    if (x === undefined) throw new RangeError(`laws: the case takes ${args.filter((b) => b._tag === "diff").length} differentiable inputs, got ${xs.length}`);
    return x;
  });
}

/** A value as text: tensors as dtype[shape] with their elements, everything else as JSON. */
export function show(x: unknown): string {
  if (x instanceof Tensor) return `${x.dtype}[${x.shape.join(",")}] ${x.isConcrete ? JSON.stringify(x.toNested()) : "(traced)"}`;
  if (typeof x === "function") return `<function ${x.name}>`;
  if (Array.isArray(x)) return `[${x.map(show).join(", ")}]`;
  if (typeof x === "object" && x !== null) return `{${Object.entries(x).map(([k, v]) => `${k}: ${show(v)}`).join(", ")}}`;
  return JSON.stringify(x) ?? String(x);
}

/** The fixed arguments of a call, by position, for messages. */
export const showStatics = (args: readonly Arg[]): string =>
  args.flatMap((a, i) => (a._tag === "fixed" ? [`arg ${i} = ${show(a.value)}`] : [])).join("; ");

/** A LawCase that fast-check prints readably in counterexamples. */
export function lawCase(c: LawCase): LawCase {
  return Object.assign({ ...c }, { [fc.toStringMethod]: () => describeCase(c) });
}

/** `label` at inputs …, with statics … */
export const describeCase = (c: LawCase): string =>
  `${c.label} at inputs ${c.inputs.map(show).join(", ") || "(none)"}${c.statics === "" ? "" : `, with ${c.statics}`}`;

/**
 * The case of `call(...args)` differentiated with respect to the arguments marked `diff`.
 * `call` returns a tensor or a list of tensors.
 */
export function callCase(label: string, args: readonly Arg[], call: (...values: unknown[]) => AnyTensor | readonly AnyTensor[], precision: Precision = "float64"): LawCase {
  const inputs = args.flatMap((a) => (a._tag === "diff" ? [a.value] : []));
  const f: FlatFunction = (...xs) => {
    const out = call(...substitute(args, xs));
    return out instanceof Tensor ? [out] : out;
  };
  return lawCase({ label, inputs, f, statics: showStatics(args), precision });
}
