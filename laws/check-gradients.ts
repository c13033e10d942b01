// checkGradients: the first-order gradient laws on a user's own function, for their test suite.
//
//   import { checkGradients, arbitraries as A } from "tygrad/laws";
//   test("my layer's derivatives", () => {
//     checkGradients(({ w, x }) => myLayer(w, x), fc.record({ w: A.tensorOf([3, 2]), x: A.tensorOf([4, 3]) }));
//   });
//
// For each input drawn from the arbitrary (any parameter tree), in a random direction u and for
// a random cotangent v, it checks
//   forward mode:  jvp agrees with central finite differences
//   reverse mode:  ⟨u, vjp(v)⟩ agrees with ⟨finite difference along u, v⟩
//   both:          the dot-product identity ⟨u, vjp(v)⟩ = ⟨jvp(u), v⟩ (tight: it tests the transpose)
// (functions built with customVjp have no forward mode: check them with modes: ["reverse"]).
// Float leaves of the input are differentiated and must be float64 (finite differences need
// the precision); int32 and bool leaves are held fixed. A failure throws a GradientCheckError
// that names the law, the input, the direction, the analytic and numeric values, their
// difference against the tolerance, and the fast-check seed and path to replay.

import fc from "fast-check";
import { ForwardModeUnavailableError } from "../src/ad/custom.js";
import { isFloat } from "../src/tensor/dtype.js";
import type { AnyTensor } from "../src/tensor/tensor.js";
import { flatten, unflatten } from "../src/tree/tree.js";
import { seededUnitDirection, unitDirection } from "./arbitraries.js";
import { lawCase, show, type LawCase } from "./cases.js";
import { tygradDifferentiator } from "./differentiator.js";
import type { Leaves } from "./numeric.js";
import { floatLeaves, fmt } from "./predicates/common.js";
import { dotProductIdentity } from "./predicates/dot-product.js";
import { jvpMatchesFiniteDifferences, vjpMatchesFiniteDifferences } from "./predicates/finite-differences.js";
import { parameters } from "./runners.js";

export interface CheckGradientsOptions {
  /** Inputs to try (default: TYGRAD_LAW_RUNS if set, else 100). */
  readonly numRuns?: number;
  /** Replay a reported failure. */
  readonly seed?: number;
  readonly path?: string;
  /** The function's name in messages (default: its JS name). */
  readonly name?: string;
  /** Which derivatives to check (default both; customVjp functions have only "reverse"). */
  readonly modes?: readonly GradientMode[];
}

export type GradientMode = "forward" | "reverse";

export class GradientCheckError extends Error {
  readonly _tag = "GradientCheckError";
  constructor(
    message: string,
    /** "jvp matches finite differences", "vjp matches finite differences" or "dot-product identity". */
    readonly law: string,
    /** The failing input, rendered. */
    readonly input: string,
    /** The tangent direction u (and, for the dot-product identity, the cotangent v), rendered. */
    readonly direction: string,
    readonly cotangent: string,
    /** The derivative as computed: a jvp element, or ⟨u, vjp(v)⟩. */
    readonly analytic: number,
    /** The finite-difference estimate of the same number. */
    readonly numeric: number,
    /** The law's own two sides differ by `difference`, allowed `tolerance`. */
    readonly difference: number,
    readonly tolerance: number,
    /** fast-check's seed and path: pass them as options to replay this failure. */
    readonly seed: number,
    readonly path: string,
  ) {
    super(message);
  }
}

/** A problem with how checkGradients was called (not a failed law): reported as is. */
export class GradientCheckUsageError extends TypeError {
  readonly _tag = "GradientCheckUsageError";
}

/** What one failing run found, carried out of the property to build the report. */
class Failure extends Error {
  constructor(
    readonly law: string, readonly summary: string, readonly analytic: number, readonly numeric: number,
    readonly difference: number, readonly tolerance: number, readonly direction: Leaves, readonly cotangent: Leaves,
  ) {
    super(summary);
  }
}

/**
 * The input with records copied into plain objects: fast-check's fc.record builds objects
 * without a prototype, and tygrad's trees take plain records only.
 */
function plain(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(plain);
  if (typeof x === "object" && x !== null && Object.getPrototypeOf(x) === null) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  }
  return x;
}

/** The user's function as a law case: a function of the float leaves of its input, the rest fixed. */
function caseOf<P>(name: string, f: (input: P) => unknown, input: P): LawCase {
  const [leaves, def] = flatten(plain(input));
  const positions = leaves.flatMap((x, i) => (isFloat(x.dtype) ? [i] : []));
  positions.forEach((i) => {
    const x = leaves[i];
    if (x !== undefined && x.dtype !== "float64") {
      throw new GradientCheckUsageError(`checkGradients(${name}): input leaf ${i} is ${x.dtype}[${x.shape.join(", ")}]; finite differences need float64 inputs (create them with dtype "float64")`);
    }
  });
  if (positions.length === 0) {
    throw new GradientCheckUsageError(`checkGradients(${name}): the input has no float64 leaves to differentiate (got ${show(input)})`);
  }
  const call = (...xs: AnyTensor[]): AnyTensor[] => {
    const merged = [...leaves];
    positions.forEach((p, k) => {
      const x = xs[k];
      if (x !== undefined) merged[p] = x;
    });
    // unflatten rebuilds the input's own structure, so this is a P
    return flatten(f(unflatten(def, merged) as P))[0];
  };
  return lawCase({ label: name, inputs: positions.map((p) => leaves[p] ?? missing(p)), f: call, statics: "", precision: "float64" });
}

const missing = (i: number): never => {
  throw new RangeError(`checkGradients: missing leaf ${i}`);
};

const showLeaves = (xs: Leaves): string => xs.map(show).join(", ");

/** The float leaves of an input (none if it is not a tree: caseOf then reports why, inside the property). */
function floatLeavesOf(input: unknown): AnyTensor[] {
  try {
    return flatten(plain(input))[0].filter((x) => isFloat(x.dtype));
  } catch {
    return [];
  }
}

/**
 * Checks f's derivatives over inputs drawn from `arbitrary`: jvp against finite differences,
 * vjp against finite differences, and the dot-product identity between them (see the header);
 * throws a GradientCheckError describing the first failure, shrunk to a small input.
 */
export function checkGradients<P>(f: (input: P) => unknown, arbitrary: fc.Arbitrary<P>, options: CheckGradientsOptions = {}): void {
  const name = options.name ?? (f.name || "f");
  const ad = tygradDifferentiator;
  // The direction u is drawn with the input; the cotangent v, shaped like outputs that exist only
  // once f has run, comes from a drawn seed (so both replay from fast-check's seed and path).
  const drawn = arbitrary.chain((input) => fc.tuple(fc.constant(input), unitDirection(floatLeavesOf(input)), fc.integer()));
  const modes = options.modes ?? ["forward", "reverse"];
  const property = fc.property(drawn, ([input, u, seed]) => {
    const c = caseOf(name, f, input);
    if (modes.includes("forward")) {
      const fd = jvpMatchesFiniteDifferences(c, u, ad);
      if (!fd.ok) throw new Failure(fd.law, fd.summary, fd.analytic, fd.numeric, fd.difference, fd.tolerance, u, []);
    }
    if (!modes.includes("reverse")) return;
    const v = seededUnitDirection(seed, floatLeaves(c.f(...c.inputs)));
    const reverse = vjpMatchesFiniteDifferences(c, u, v, ad);
    if (modes.includes("forward")) {
      const dot = dotProductIdentity(c, u, v, ad);
      if (!dot.ok) throw new Failure(dot.law, dot.summary, reverse.analytic, reverse.numeric, dot.difference, dot.tolerance, u, v);
    }
    if (!reverse.ok) throw new Failure(reverse.law, reverse.summary, reverse.analytic, reverse.numeric, reverse.difference, reverse.tolerance, u, v);
  });
  const details = fc.check(property, parameters<[[P, AnyTensor[], number]]>(options));
  if (!details.failed) return;
  const error = details.errorInstance;
  if (error instanceof GradientCheckUsageError) throw error;
  if (error instanceof ForwardModeUnavailableError) {
    throw new GradientCheckUsageError(`checkGradients(${name}): ${error.message}; check it with { modes: ["reverse"] }`, { cause: error });
  }
  if (!(error instanceof Failure) || details.counterexample === null) {
    throw new Error(`checkGradients(${name}): the check could not run: ${error instanceof Error ? error.message : String(error)}` +
      ` (seed ${details.seed}, path "${details.counterexamplePath ?? ""}")`, { cause: error });
  }
  const [[input]] = details.counterexample;
  const path = details.counterexamplePath ?? "";
  const message = [
    `checkGradients(${name}): ${error.law} fails`,
    `  input: ${show(input)}`,
    `  direction u: ${showLeaves(error.direction)}`,
    ...(error.cotangent.length > 0 ? [`  cotangent v: ${showLeaves(error.cotangent)}`] : []),
    error.law === "jvp matches finite differences"
      ? `  analytic (jvp) = ${fmt(error.analytic)}, numeric (finite difference) = ${fmt(error.numeric)}`
      : `  analytic ⟨u, vjp(v)⟩ = ${fmt(error.analytic)}, numeric ⟨finite difference along u, v⟩ = ${fmt(error.numeric)}`,
    `  difference ${fmt(error.difference)} > tolerance ${fmt(error.tolerance)}${error.law === "dot-product identity" ? " (between ⟨u, vjp(v)⟩ and ⟨jvp(u), v⟩)" : ""}`,
    `  replay with checkGradients(f, arbitrary, { seed: ${details.seed}, path: "${path}" })`,
    ``,
    error.summary,
  ].join("\n");
  throw new GradientCheckError(
    message, error.law, show(input), showLeaves(error.direction), showLeaves(error.cotangent), error.analytic, error.numeric,
    error.difference, error.tolerance, details.seed, path,
  );
}
