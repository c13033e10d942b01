// fast-check runners for the derivative laws: each wraps one pure predicate in
// `fc.assert(fc.property(...))` over generated cases, directions and cotangents, and fails with
// the predicate's own explanation. (Algebraic laws: runners-algebra.ts; which laws apply to a
// registry variant: law-table.ts.)
// Runs default to 100 per law; set TYGRAD_LAW_RUNS (e.g. 10000) for deep runs. Pass `seed`
// (and `path`) from a failure report to replay it.

import fc from "fast-check";
import { environmentVariable } from "../src/core/environment.js";
import type { AnyTensor } from "../src/tensor/tensor.js";
import * as A from "./arbitraries.js";
import type { LawCase } from "./cases.js";
import { tygradDifferentiator, type Differentiator } from "./differentiator.js";
import { totalSize } from "./numeric.js";
import { primitiveCase, type AnyPrimApplication } from "./primitive-case.js";
import { abstractEvalMatchesImpl } from "./predicates/abstract-eval.js";
import { implMatchesHost, type ImplFunction } from "./predicates/host.js";
import { floatLeaves } from "./predicates/common.js";
import { gradMatchesVjp, linearizeMatchesJvp } from "./predicates/consistency.js";
import { dotProductIdentity } from "./predicates/dot-product.js";
import { jvpMatchesFiniteDifferences } from "./predicates/finite-differences.js";
import { jvpIsLinear } from "./predicates/linearity.js";
import { classicPerturbation, mixedNestingClosedForm, nestedJvpClosedForm, type SmoothName } from "./predicates/perturbation.js";
import { programsTypeCheck } from "./predicates/programs.js";
import { hessianIsSymmetric, hvpMatchesFiniteDifferences } from "./predicates/second-order.js";
import { jvpIsZero, jvpRuleIsZero } from "./predicates/zero-derivative.js";

export interface RunOptions {
  /** Cases per law (default: TYGRAD_LAW_RUNS if set, else 100). */
  readonly numRuns?: number;
  /** Replay a reported failure. */
  readonly seed?: number;
  readonly path?: string;
  /** The jvp/linearize/vjp under test (default: tygrad's own); second-order laws use the public grad, hvp and hessian. */
  readonly differentiator?: Differentiator;
}

export class LawViolation extends Error {
  readonly _tag = "LawViolation";
}

/** 100, or the positive integer in TYGRAD_LAW_RUNS. */
export function defaultNumRuns(): number {
  const raw = environmentVariable("TYGRAD_LAW_RUNS");
  if (raw === undefined || raw === "") return 100;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`TYGRAD_LAW_RUNS must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

/**
 * fast-check parameters from run options (seed and path only when given, so fast-check picks
 * and reports its own). The law's explanation goes into the failure message itself.
 */
export const parameters = <T>(options: RunOptions): fc.Parameters<T> => ({
  numRuns: options.numRuns ?? defaultNumRuns(),
  includeErrorInReport: true,
  ...(options.seed === undefined ? {} : { seed: options.seed }),
  ...(options.path === undefined ? {} : { path: options.path }),
});

/** Throws the predicate's explanation when its law does not hold. */
export const holds = (result: { readonly ok: boolean; readonly summary: string }): void => {
  if (!result.ok) throw new LawViolation(result.summary);
};

/** fc.assert over `arbitrary` with the options' runs, seed and path. */
export const run = <T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => void, options: RunOptions): void =>
  fc.assert(fc.property(arbitrary, check), parameters(options));

// -- what the properties draw -----------------------------------------------------------------------
// A direction lives in the input space, whose shapes the case knows, so it is drawn with the
// case. A cotangent lives in the output space, known only after evaluating f, which must
// happen inside the property (so that an error in f is reported like any failure): it is
// derived from a drawn integer seed, and replays from fast-check's seed and path all the same.

/** A case with a unit direction in its input space and a seed for a cotangent. */
interface Drawn {
  readonly c: LawCase;
  readonly u: AnyTensor[];
  readonly seed: number;
}

const drawn = (arbitrary: fc.Arbitrary<LawCase>): fc.Arbitrary<Drawn> =>
  arbitrary.chain((c) => fc.record({ c: fc.constant(c), u: A.unitDirection(c.inputs), seed: fc.integer() }));

const cases = (arbitrary: fc.Arbitrary<LawCase>, check: (d: Drawn) => void, options: RunOptions): void =>
  run(drawn(arbitrary), check, options);

/** The unit cotangent for the case's float outputs that `seed` selects (evaluates f once). */
const cotangent = (c: LawCase, seed: number): AnyTensor[] => A.seededUnitDirection(seed, floatLeaves(c.f(...c.inputs)));

/** A few distinct flat input coordinates (at most 4) for a principal submatrix of the Hessian. */
const coordinatesOf = (inputs: readonly AnyTensor[]): fc.Arbitrary<readonly number[]> => {
  const n = totalSize(inputs);
  return fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: Math.min(1, n), maxLength: Math.min(4, n) });
};

// -- first order ------------------------------------------------------------------------------------

export const assertJvpMatchesFiniteDifferences = (arbitrary: fc.Arbitrary<LawCase>, options: RunOptions = {}): void =>
  cases(arbitrary, ({ c, u }) => holds(jvpMatchesFiniteDifferences(c, u, options.differentiator)), options);

export const assertDotProductIdentity = (arbitrary: fc.Arbitrary<LawCase>, options: RunOptions = {}): void =>
  cases(arbitrary, ({ c, u, seed }) => holds(dotProductIdentity(c, u, cotangent(c, seed), options.differentiator)), options);

export const assertJvpLinear = (arbitrary: fc.Arbitrary<LawCase>, options: RunOptions = {}): void =>
  run(
    arbitrary.chain((c) => fc.tuple(fc.constant(c), A.unitDirection(c.inputs), A.unitDirection(c.inputs), A.interval(-2, 2), A.interval(-2, 2))),
    ([c, u, w, a, b]) => holds(jvpIsLinear(c, u, w, a, b, options.differentiator)),
    options,
  );

export const assertLinearizeMatchesJvp = (arbitrary: fc.Arbitrary<LawCase>, options: RunOptions = {}): void =>
  cases(arbitrary, ({ c, u }) => holds(linearizeMatchesJvp(c, u, options.differentiator)), options);

export const assertGradMatchesVjp = (arbitrary: fc.Arbitrary<LawCase>, options: RunOptions = {}): void =>
  cases(arbitrary, ({ c, seed }) => holds(gradMatchesVjp(c, cotangent(c, seed), options.differentiator)), options);

// -- second order -----------------------------------------------------------------------------------

export const assertHvpMatchesFiniteDifferences = (arbitrary: fc.Arbitrary<LawCase>, options: RunOptions = {}): void =>
  cases(arbitrary, ({ c, u, seed }) => holds(hvpMatchesFiniteDifferences(c, cotangent(c, seed), u)), options);

export const assertHessianSymmetric = (arbitrary: fc.Arbitrary<LawCase>, options: RunOptions = {}): void =>
  run(
    arbitrary.chain((c) => fc.tuple(fc.constant(c), fc.integer(), coordinatesOf(c.inputs))),
    ([c, seed, coordinates]) => holds(hessianIsSymmetric(c, cotangent(c, seed), coordinates)),
    options,
  );

// -- zero derivatives, abstract evaluation, programs ------------------------------------------------

export const assertZeroDerivative = (arbitrary: fc.Arbitrary<LawCase>, options: RunOptions = {}): void =>
  cases(arbitrary, ({ c, u }) => holds(jvpIsZero(c, u, options.differentiator)), options);

/** The primitive's own jvp rule returns a zero tangent, given non-zero tangents for its differentiable operands. */
export const assertJvpRuleZero = (applications: fc.Arbitrary<AnyPrimApplication>, options: RunOptions = {}): void =>
  run(
    applications.chain((app) => fc.tuple(fc.constant(app), A.unitDirection(primitiveCase(app).inputs))),
    ([app, tangents]) => holds(jvpRuleIsZero(app, tangents)),
    options,
  );

export const assertAbstractEvalMatchesImpl = (applications: fc.Arbitrary<AnyPrimApplication>, options: RunOptions = {}): void =>
  run(applications, (app) => holds(abstractEvalMatchesImpl(app)), options);

/** The kernel (the reference kernels unless `impl` is given) computes what the host code computes, bit for bit. */
export const assertImplMatchesHost = (
  applications: fc.Arbitrary<AnyPrimApplication>, host: (app: AnyPrimApplication) => AnyTensor,
  options: RunOptions & { readonly impl?: ImplFunction } = {},
): void => run(applications, (app) => holds(implMatchesHost(app, host, options.impl)), options);

/** Every stage's program type-checks (only f's for `derivatives: false`), and the staged f evaluates like f. */
export const assertProgramsTypeCheck = (arbitrary: fc.Arbitrary<LawCase>, options: RunOptions & { readonly derivatives?: boolean } = {}): void =>
  run(arbitrary, (c) => holds(programsTypeCheck(c, options.derivatives ?? true)), options);

// -- nested differentiation -------------------------------------------------------------------------

const smoothName = fc.constantFrom<SmoothName>("sin", "cos", "exp", "tanh", "square");
const vectors = fc.integer({ min: 1, max: 4 }).chain((n) => {
  const v = (min: number, max: number) => fc.array(A.interval(min, max), { minLength: n, maxLength: n });
  return fc.tuple(v(-1.5, 1.5), v(-1.5, 1.5), v(-1, 1));
});

/** The classic d/dx [x · d/dy (x + y)] = 1, and randomized nestings against closed forms. */
export function assertNoPerturbationConfusion(options: RunOptions = {}): void {
  const ad = options.differentiator ?? tygradDifferentiator;
  run(fc.tuple(A.interval(-3, 3), A.interval(-3, 3)), ([x, y]) => holds(classicPerturbation(x, y, ad)), options);
  run(fc.tuple(smoothName, smoothName, vectors), ([u, v, [x, c, t]]) => holds(nestedJvpClosedForm(u, v, x, c, t, ad)), options);
  run(fc.tuple(fc.constantFrom("forward over reverse" as const, "reverse over forward" as const), vectors),
    ([nesting, [x, c, t]]) => holds(mixedNestingClosedForm(nesting, x, c, t, ad)), options);
}
