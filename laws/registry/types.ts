// The registry's vocabulary. An entry names a primitive or a user-facing op and lists its
// variants; a variant says how to draw valid inputs (a fast-check arbitrary of law cases, each
// with its differentiable arguments marked) and which kind of derivative to expect:
//   smooth  differentiable at every drawn input (inputs are kept off kinks): every derivative law applies
//   zero    piecewise constant or integer valued: its jvp must be exactly zero

import type fc from "fast-check";
import type { PrimTag } from "../../src/core/primitives.js";
import type { LawCase } from "../cases.js";
import type { AnyPrimApplication } from "../primitive-case.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import type { OpName } from "../untyped-ops.js";

export type DerivativeKind = "smooth" | "zero";

export interface Variant {
  /** e.g. "tensors, broadcast" or "to int32". */
  readonly label: string;
  readonly derivative: DerivativeKind;
  readonly cases: fc.Arbitrary<LawCase>;
}

/** A primitive's variant also exposes the raw applications, for the abstract-evaluation law. */
export interface PrimitiveVariant extends Variant {
  readonly applications: fc.Arbitrary<AnyPrimApplication>;
  /**
   * For a primitive whose kernel runs host code (the randomness primitives): the output that code
   * gives for an application, computed independently of the kernel, which must equal it bit for bit.
   */
  readonly host?: (app: AnyPrimApplication) => AnyTensor;
}

export interface PrimitiveEntry {
  readonly source: "primitive";
  readonly name: PrimTag;
  readonly variants: readonly PrimitiveVariant[];
}

export interface OpEntry {
  readonly source: "op";
  readonly name: OpName;
  readonly variants: readonly Variant[];
}

export type RegistryEntry = PrimitiveEntry | OpEntry;
