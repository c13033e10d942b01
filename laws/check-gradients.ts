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
// difference against the tolerance, the input leaves (by tree path) whose derivative is wrong,
// and the fast-check seed and path to replay.
//
// Options choose what is differentiated: `inputs` and `outputs` by tree path ("params.w",
// "x"; a path selects every leaf under it), so a layer's running statistics or masks can be
// left out; `kinks` declares input values where f's derivative jumps (0 for relu), where the
// check turns one-sided instead of straddling the kink.

import fc from "fast-check";
import { ForwardModeUnavailableError } from "../src/ad/custom.js";
import { isFloat } from "../src/tensor/dtype.js";
import type { AnyTensor } from "../src/tensor/tensor.js";
import { flatten, leavesWithPaths, unflatten } from "../src/tree/tree.js";
import { seededUnitDirection, unitDirection } from "./arbitraries.js";
import { lawCase, show, type LawCase } from "./cases.js";
import { tygradDifferentiator, type Differentiator } from "./differentiator.js";
import { maxAbs, numbersOf, tensorLike, type Leaves } from "./numeric.js";
import { floatLeaves, fmt } from "./predicates/common.js";
import { dotProductIdentity } from "./predicates/dot-product.js";
import { jvpMatchesFiniteDifferences, jvpMatchesOneSidedDifferences, vjpMatchesFiniteDifferences } from "./predicates/finite-differences.js";
import { parameters } from "./runners.js";
import { oneSidedStep } from "./tolerance.js";

export interface CheckGradientsOptions {
  /** Inputs to try (default: TYGRAD_LAW_RUNS if set, else 100). */
  readonly numRuns?: number;
  /** Replay a reported failure. */
  readonly seed?: number;
  readonly path?: string;
  /** The function's name in messages (default: its JS name, or its source when it has none). */
  readonly name?: string;
  /** Which derivatives to check (default both; customVjp functions have only "reverse"). */
  readonly modes?: readonly GradientMode[];
  /** The input leaves to differentiate, by tree path ("params" selects every leaf under it;
   *  "" the whole input). Default: every float leaf. The others are held fixed. */
  readonly inputs?: readonly string[];
  /** The output leaves whose derivatives are checked, by tree path. Default: every float
   *  output. Leave out outputs that have no derivative by design (running statistics). */
  readonly outputs?: readonly string[];
  /** Input values where f's derivative jumps (0 for relu and abs). An input with an element
   *  within the one-sided step of one is checked with one-sided differences (needs "forward"). */
  readonly kinks?: readonly number[];
  /** At most this many shrinking steps after a failure (default: fast-check's, unbounded). */
  readonly maxShrinks?: number;
  /** The jvp/linearize/vjp under test (default: tygrad's own). */
  readonly differentiator?: Differentiator;
}

export type GradientMode = "forward" | "reverse";

export class GradientCheckError extends Error {
  readonly _tag = "GradientCheckError";
  constructor(
    message: string,
    /** "jvp matches finite differences", "vjp matches finite differences", "dot-product identity"
     *  or (at a declared kink) "jvp lies between the one-sided differences". */
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
    /** The tree paths of the input leaves whose derivative is wrong, each checked alone at the
     *  failing input ("" for an input that is a single tensor). */
    readonly paths: readonly string[] = [],
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

/** True when tree path `selector` selects the leaf at `path`: the same path, or one under it. */
const selects = (selector: string, path: string): boolean =>
  selector === "" || path === selector || path.startsWith(`${selector}.`);

/** The positions of the leaves (at `paths`) that `selectors` select, all when there are none;
 *  a selector that selects nothing is a usage error naming what there is. */
function selected(name: string, what: string, paths: readonly string[], selectors: readonly string[] | undefined): Set<number> {
  if (selectors === undefined) return new Set(paths.map((_, i) => i));
  for (const sel of selectors) {
    if (!paths.some((p) => selects(sel, p))) {
      throw new GradientCheckUsageError(`checkGradients(${name}): ${what} path "${sel}" selects no leaf; the ${what} leaves are ${paths.map((p) => `"${p}"`).join(", ") || "(none)"}`);
    }
  }
  return new Set(paths.flatMap((p, i) => (selectors.some((sel) => selects(sel, p)) ? [i] : [])));
}

/** A differentiable case: the law case and the tree paths of its inputs. */
interface PathCase {
  readonly c: LawCase;
  readonly paths: readonly string[];
}

/** The user's function as a law case: a function of the selected float leaves of its input
 *  (the rest fixed) to the selected leaves of its output. */
function caseOf<P>(name: string, f: (input: P) => unknown, input: P, options: CheckGradientsOptions): PathCase {
  const tree = plain(input);
  const [leaves, def] = flatten(tree);
  const paths = leavesWithPaths(tree).map(([p]) => p);
  const chosen = selected(name, "input", paths, options.inputs);
  const positions = leaves.flatMap((x, i) => (isFloat(x.dtype) && chosen.has(i) ? [i] : []));
  positions.forEach((i) => {
    const x = leaves[i];
    if (x !== undefined && x.dtype !== "float64") {
      throw new GradientCheckUsageError(`checkGradients(${name}): input leaf ${i}${paths[i] ? ` ("${paths[i]}")` : ""} is ${x.dtype}[${x.shape.join(", ")}]; finite differences need float64 inputs (create them with dtype "float64")`);
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
    const out = f(unflatten(def, merged) as P);
    const ys = flatten(out)[0];
    if (options.outputs === undefined) return ys;
    const keep = selected(name, "output", leavesWithPaths(out).map(([p]) => p), options.outputs);
    return ys.filter((_, i) => keep.has(i));
  };
  const c = lawCase({ label: name, inputs: positions.map((p) => leaves[p] ?? missing(p)), f: call, statics: "", precision: "float64" });
  return { c, paths: positions.map((p) => paths[p] ?? "") };
}

const missing = (i: number): never => {
  throw new RangeError(`checkGradients: missing leaf ${i}`);
};

const showLeaves = (xs: Leaves): string => xs.map(show).join(", ");

/** The selected float leaves of an input (none if it is not a tree: caseOf then reports why, inside the property). */
function floatLeavesOf(input: unknown, selectors: readonly string[] | undefined): AnyTensor[] {
  try {
    const pairs = leavesWithPaths(plain(input));
    return pairs.filter(([p, x]) => isFloat(x.dtype) && (selectors === undefined || selectors.some((sel) => selects(sel, p)))).map(([, x]) => x);
  } catch {
    return [];
  }
}

/** A function's name for messages: its own, else its source (abbreviated). */
export function functionName(f: (...args: never[]) => unknown): string {
  if (f.name !== "") return f.name;
  const source = f.toString().replace(/\s+/g, " ");
  return source.length <= 60 ? source : `${source.slice(0, 59)}…`;
}

/** True when some element of the inputs lies within the one-sided step of a kink. */
function nearKink(c: LawCase, kinks: readonly number[]): boolean {
  if (kinks.length === 0) return false;
  const h = oneSidedStep(c.precision, maxAbs(c.inputs));
  return c.inputs.some((x) => numbersOf(x).some((v) => kinks.some((k) => Math.abs(v - k) <= h)));
}

/** One run of the laws on a case: the first failure, or undefined. */
function failureOf(
  c: LawCase, u: Leaves, v: Leaves | "seeded", seed: number, modes: readonly GradientMode[], kinks: readonly number[], ad: Differentiator,
): Failure | undefined {
  const atKink = nearKink(c, kinks);
  if (modes.includes("forward")) {
    const fd = atKink ? jvpMatchesOneSidedDifferences(c, u, ad) : jvpMatchesFiniteDifferences(c, u, ad);
    if (!fd.ok) return new Failure(fd.law, fd.summary, fd.analytic, fd.numeric, fd.difference, fd.tolerance, u, []);
  }
  if (!modes.includes("reverse")) return undefined;
  const w = v === "seeded" ? seededUnitDirection(seed, floatLeaves(c.f(...c.inputs))) : v;
  if (modes.includes("forward")) {
    const dot = dotProductIdentity(c, u, w, ad);
    if (!dot.ok) return new Failure(dot.law, dot.summary, dot.reverse, dot.forward, dot.difference, dot.tolerance, u, w);
  }
  // At a kink the central difference straddles it; the one-sided jvp law and the exact
  // dot-product identity together cover reverse mode there.
  if (atKink) return undefined;
  const reverse = vjpMatchesFiniteDifferences(c, u, w, ad);
  if (!reverse.ok) return new Failure(reverse.law, reverse.summary, reverse.analytic, reverse.numeric, reverse.difference, reverse.tolerance, u, w);
  return undefined;
}

/** `u` with every leaf but `k` zeroed, renormalized (all-equal in leaf k when u is zero there). */
function onlyLeaf(u: Leaves, k: number): AnyTensor[] {
  return u.map((x, i) => {
    if (i !== k) return tensorLike(x, new Float64Array(x.size));
    const vs = numbersOf(x);
    const norm = Math.sqrt(vs.reduce((s, a) => s + a * a, 0));
    return tensorLike(x, norm === 0 ? vs.map(() => 1 / Math.sqrt(x.size)) : vs.map((a) => a / norm));
  });
}

/** The input paths whose derivative is wrong on its own: the laws rerun at the failing input
 *  with the direction in one leaf at a time (the same cotangent). */
function blame(pc: PathCase, failure: Failure, seed: number, modes: readonly GradientMode[], kinks: readonly number[], ad: Differentiator): string[] {
  if (pc.c.inputs.length === 1) return [...pc.paths];
  const v = failure.cotangent.length > 0 ? failure.cotangent : "seeded";
  return pc.paths.filter((_, k) => {
    try {
      return failureOf(pc.c, onlyLeaf(failure.direction, k), v, seed, modes, kinks, ad) !== undefined;
    } catch {
      return true;
    }
  });
}

/**
 * Checks f's derivatives over inputs drawn from `arbitrary`: jvp against finite differences,
 * vjp against finite differences, and the dot-product identity between them (see the header);
 * throws a GradientCheckError describing the first failure, shrunk to a small input.
 */
export function checkGradients<P>(f: (input: P) => unknown, arbitrary: fc.Arbitrary<P>, options: CheckGradientsOptions = {}): void {
  const name = options.name ?? functionName(f);
  const modes = options.modes ?? ["forward", "reverse"];
  const kinks = options.kinks ?? [];
  const ad = options.differentiator ?? tygradDifferentiator;
  if (kinks.length > 0 && !modes.includes("forward")) {
    throw new GradientCheckUsageError(`checkGradients(${name}): kinks are checked with one-sided differences of jvp, which needs the "forward" mode`);
  }
  // The direction u is drawn with the input; the cotangent v, shaped like outputs that exist only
  // once f has run, comes from a drawn seed (so both replay from fast-check's seed and path).
  const chained = arbitrary.chain((input) => fc.tuple(fc.constant(input), unitDirection(floatLeavesOf(input, options.inputs)), fc.integer()));
  const drawn = options.maxShrinks === undefined ? chained : fc.limitShrink(chained, options.maxShrinks);
  const property = fc.property(drawn, ([input, u, seed]) => {
    const failure = failureOf(caseOf(name, f, input, options).c, u, "seeded", seed, modes, kinks, ad);
    if (failure !== undefined) throw failure;
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
  const [[input, , seed]] = details.counterexample;
  const path = details.counterexamplePath ?? "";
  const pc = caseOf(name, f, input, options);
  const wrong = blame(pc, error, seed, modes, kinks, ad);
  const message = [
    `checkGradients(${name}): ${error.law} fails`,
    `  input: ${show(input)}`,
    ...(pc.paths.length > 1 || pc.paths[0] !== "" ? [`  wrong derivative with respect to: ${wrong.length > 0 ? wrong.join(", ") : "(no single input leaf alone)"}`] : []),
    `  direction u: ${showLeaves(error.direction)}`,
    ...(error.cotangent.length > 0 ? [`  cotangent v: ${showLeaves(error.cotangent)}`] : []),
    error.law === "jvp matches finite differences" || error.law === "jvp lies between the one-sided differences"
      ? `  analytic (jvp) = ${fmt(error.analytic)}, numeric (${error.law === "jvp matches finite differences" ? "finite difference" : "nearest one-sided difference"}) = ${fmt(error.numeric)}`
      : error.law === "dot-product identity"
        ? `  ⟨u, vjp(v)⟩ = ${fmt(error.analytic)}, ⟨jvp(u), v⟩ = ${fmt(error.numeric)}`
        : `  analytic ⟨u, vjp(v)⟩ = ${fmt(error.analytic)}, numeric ⟨finite difference along u, v⟩ = ${fmt(error.numeric)}`,
    `  difference ${fmt(error.difference)} > tolerance ${fmt(error.tolerance)}`,
    `  replay with checkGradients(f, arbitrary, { seed: ${details.seed}, path: "${path}" })`,
    ``,
    error.summary,
  ].join("\n");
  throw new GradientCheckError(
    message, error.law, show(input), showLeaves(error.direction), showLeaves(error.cotangent), error.analytic, error.numeric,
    error.difference, error.tolerance, details.seed, path, wrong,
  );
}
