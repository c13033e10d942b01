// Small constructors shared by the registry files: variants from arbitraries, and op cases that
// call a user-facing op by name on arguments marked differentiable or fixed.

import type fc from "fast-check";
import type { PrimTag } from "../../src/core/primitives.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { callCase, type Arg, type LawCase } from "../cases.js";
import { primitiveCase, type AnyPrimApplication } from "../primitive-case.js";
import type { Precision } from "../tolerance.js";
import { untypedOp, type OpName } from "../untyped-ops.js";
import type { DerivativeKind, OpEntry, PrimitiveEntry, PrimitiveVariant, Variant } from "./types.js";

export const smooth = (label: string, cases: fc.Arbitrary<LawCase>): Variant => ({ label, derivative: "smooth", cases });
export const zero = (label: string, cases: fc.Arbitrary<LawCase>): Variant => ({ label, derivative: "zero", cases });

export const primitiveVariant = (
  label: string, derivative: DerivativeKind, applications: fc.Arbitrary<AnyPrimApplication>, precision: Precision = "float64",
): PrimitiveVariant => ({ label, derivative, applications, cases: applications.map((a) => primitiveCase(a, precision)) });

export const primitive = (name: PrimTag, ...variants: PrimitiveVariant[]): PrimitiveEntry => ({ source: "primitive", name, variants });
export const op = (name: OpName, ...variants: Variant[]): OpEntry => ({ source: "op", name, variants });

/** The case `ops[name](...args)`, or `call(...args)` when the op needs wrapping (e.g. a list argument). */
export const opCase = (
  name: OpName, args: readonly Arg[], call?: (...values: unknown[]) => AnyTensor, precision: Precision = "float64",
): LawCase => callCase(name, args, call ?? untypedOp(name), precision);
