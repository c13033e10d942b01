// Test helper: checks the derivatives of a function of parameter trees against central finite
// differences, in float64. For random inputs x, a random direction u and a random cotangent w:
//
//   forward:  jvp(f, x, u)          ≈ (f(x + h·u) − f(x − h·u)) / 2h        (truncation O(h²))
//   reverse:  ⟨vjp(f, x)(w), u⟩     = ⟨w, jvp(f, x, u)⟩                     (exact up to rounding)
//
// With h = 1e-5 the difference quotient is good to about 1e-9 for the smooth functions here,
// while a wrong sign or a missing term is off by the size of the derivative itself.
import fc from "fast-check";
import { expect } from "vitest";
import { jvp, vjp } from "../../src/ad/api.js";
import { fold, key, type Key } from "../../src/random/key.js";
import { normal } from "../../src/random/samplers.js";
import { fromArray } from "../../src/tensor/create.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { flatten, unflatten } from "../../src/tree/tree.js";

const H = 1e-5;

/** The same tree with each float64 leaf replaced by standard normal values drawn from `k`. */
export function randomLike<T>(tree: T, k: Key): T {
  const [leaves, def] = flatten(tree);
  const drawn = leaves.map((leaf, i) => fromArray(normal(fold(k, i), leaf.shape, { dtype: "float64" }).toArray(), leaf.shape, leaf.dtype));
  return unflatten(def, drawn) as T; // same structure, same leaf shapes and dtypes
}

/** The elements of all leaves of a tree, in flatten order. */
const numbers = (tree: unknown): number[] => flatten(tree)[0].flatMap((t: AnyTensor) => Array.from(t.toArray()));

/** x + s·u leaf by leaf (float leaves only; others are kept). */
function step<T>(x: T, s: number, u: T): T {
  const [xs, def] = flatten(x);
  const us = flatten(u)[0];
  const moved = xs.map((leaf, i) => {
    if (leaf.dtype !== "float64") return leaf;
    const a = leaf.toArray();
    const b = us[i]?.toArray() ?? new Float64Array(a.length);
    return fromArray(a.map((v, k) => v + s * (b[k] ?? 0)), leaf.shape, "float64");
  });
  return unflatten(def, moved) as T; // same structure and leaves as x
}

const dot = (a: readonly number[], b: readonly number[]): { value: number; scale: number } => {
  let value = 0;
  let scale = 0;
  a.forEach((v, i) => {
    value += v * (b[i] ?? 0);
    scale += Math.abs(v * (b[i] ?? 0));
  });
  return { value, scale };
};

export interface GradientCheckResult {
  /** Largest |jvp − finite difference| over the outputs (0 when forward mode was skipped). */
  readonly forwardError: number;
  /** |⟨x̄, u⟩ − ⟨w, finite difference⟩|: reverse mode against the function itself. */
  readonly reverseError: number;
  /** The scale both are judged against: max(1, largest |finite difference|, Σ|w·fd|). */
  readonly scale: number;
  /** |⟨x̄, u⟩ − ⟨w, jvp⟩|: reverse against forward mode, exact up to rounding (0 when skipped). */
  readonly consistencyError: number;
  readonly consistencyScale: number;
}

export interface GradientCheckOptions {
  /** Which arguments are differentiated (default all). */
  readonly wrt?: readonly number[];
  /** Check forward mode too (default true; false for functions defined with customVjp). */
  readonly forward?: boolean;
}

/**
 * Compares forward and reverse derivatives of `f` at `args` (trees of float64 tensors; fixed
 * arguments are left out of `wrt`) with a direction u and a cotangent w drawn from `k`.
 */
export function gradientCheck<Args extends readonly unknown[]>(
  f: (...args: Args) => AnyTensor, args: Args, k: Key, options: GradientCheckOptions = {},
): GradientCheckResult {
  const positions = options.wrt ?? args.map((_, i) => i);
  const rebuild = (diffs: readonly unknown[]): Args => {
    const out = [...args];
    positions.forEach((p, i) => (out[p] = diffs[i]));
    return out as unknown as Args; // the same argument list with the differentiated ones replaced
  };
  const g = (...diffs: unknown[]): AnyTensor => f(...rebuild(diffs));
  const x = positions.map((p) => args[p]);
  const u = randomLike(x, fold(k, 0));
  const y = g(...x);
  const plus = numbers(g(...step(x, H, u)));
  const minus = numbers(g(...step(x, -H, u)));
  const fd = plus.map((v, i) => (v - (minus[i] ?? Number.NaN)) / (2 * H));

  const w = randomLike(y, fold(k, 1));
  const [, pullback] = vjp(g, ...x);
  const reverse = dot(numbers(pullback(w)), numbers(u));
  const numeric = dot(numbers(w), fd);
  const scale = Math.max(1, ...fd.map(Math.abs), numeric.scale);

  if (options.forward === false) {
    return { forwardError: 0, reverseError: Math.abs(reverse.value - numeric.value), scale, consistencyError: 0, consistencyScale: 1 };
  }
  // u has x's structure, as randomLike builds it.
  const [, ty] = jvp(g, x, u as Parameters<typeof jvp<unknown[], AnyTensor>>[2]);
  const analytic = numbers(ty);
  const forward = dot(numbers(w), analytic);
  return {
    forwardError: Math.max(0, ...analytic.map((v, i) => Math.abs(v - (fd[i] ?? Number.NaN)))),
    reverseError: Math.abs(reverse.value - numeric.value),
    scale,
    consistencyError: Math.abs(reverse.value - forward.value),
    consistencyScale: Math.max(1, reverse.scale, forward.scale),
  };
}

/** Asserts that a gradient check passed: derivatives within 1e-6 of finite differences
 *  (relative to the scale), reverse and forward mode within 1e-9 of each other. */
export function expectGradientsMatch(r: GradientCheckResult): void {
  expect(r.forwardError).toBeLessThanOrEqual(1e-6 * r.scale);
  expect(r.reverseError).toBeLessThanOrEqual(1e-6 * r.scale);
  expect(r.consistencyError).toBeLessThanOrEqual(1e-9 * r.consistencyScale);
}

/** Runs `check(key)` for `runs` keys from seeds that fast-check draws (deterministically, from `seed`). */
export function forSeeds(runs: number, check: (k: Key) => void, seed = 42): void {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (s) => check(key(s))), { numRuns: runs, seed });
}
