// Which laws apply to a registry variant: every derivative law for a smooth one, exact zeros
// for a piecewise-constant one, and for a primitive also abstract evaluation (and, where the
// registry states what its host code computes, that the kernel computes exactly that). The law suite
// and user code enumerate variants through lawsFor, so no entry can skip a law.

import type { PrimitiveVariant, Variant } from "./registry/types.js";
import {
  assertAbstractEvalMatchesImpl, assertDotProductIdentity, assertImplMatchesHost, assertGradMatchesVjp, assertHessianSymmetric,
  assertHvpMatchesFiniteDifferences, assertJvpLinear, assertJvpMatchesFiniteDifferences, assertJvpRuleZero,
  assertLinearizeMatchesJvp, assertProgramsTypeCheck, assertZeroDerivative, type RunOptions,
} from "./runners.js";

/** The laws a registry variant can be checked against. */
export const LAW_NAMES = [
  "abstractEval agrees with impl",
  "impl matches the host computation",
  "jvp matches finite differences",
  "dot-product identity",
  "jvp is linear",
  "linearize agrees with jvp",
  "grad is vjp seeded with 1",
  "hvp matches finite differences of grad",
  "Hessian is symmetric",
  "jvp is exactly zero",
  "jvp rule gives zero",
  "programs type-check",
] as const;

export type LawName = (typeof LAW_NAMES)[number];

export interface NamedLaw {
  readonly law: LawName;
  readonly run: (options?: RunOptions) => void;
}

const isPrimitiveVariant = (v: Variant): v is PrimitiveVariant => "applications" in v;

/** The laws that apply to a variant: all derivative laws for smooth ones, exact zeros for zero ones. */
export function lawsFor(variant: Variant): readonly NamedLaw[] {
  const cases = variant.cases;
  const host = isPrimitiveVariant(variant) ? variant.host : undefined;
  const common: NamedLaw[] = isPrimitiveVariant(variant)
    ? [
        { law: "abstractEval agrees with impl", run: (o) => assertAbstractEvalMatchesImpl(variant.applications, o) },
        ...(host === undefined ? [] : [{ law: "impl matches the host computation", run: (o?: RunOptions) => assertImplMatchesHost(variant.applications, host, o) } as const]),
      ]
    : [];
  if (variant.derivative === "zero") {
    return [
      ...common,
      { law: "jvp is exactly zero", run: (o) => assertZeroDerivative(cases, o) },
      ...(isPrimitiveVariant(variant) ? [{ law: "jvp rule gives zero", run: (o?: RunOptions) => assertJvpRuleZero(variant.applications, o) } as const] : []),
      { law: "programs type-check", run: (o) => assertProgramsTypeCheck(cases, o) },
    ];
  }
  return [
    ...common,
    { law: "jvp matches finite differences", run: (o) => assertJvpMatchesFiniteDifferences(cases, o) },
    { law: "dot-product identity", run: (o) => assertDotProductIdentity(cases, o) },
    { law: "jvp is linear", run: (o) => assertJvpLinear(cases, o) },
    { law: "linearize agrees with jvp", run: (o) => assertLinearizeMatchesJvp(cases, o) },
    { law: "grad is vjp seeded with 1", run: (o) => assertGradMatchesVjp(cases, o) },
    { law: "hvp matches finite differences of grad", run: (o) => assertHvpMatchesFiniteDifferences(cases, o) },
    { law: "Hessian is symmetric", run: (o) => assertHessianSymmetric(cases, o) },
    { law: "programs type-check", run: (o) => assertProgramsTypeCheck(cases, o) },
  ];
}
