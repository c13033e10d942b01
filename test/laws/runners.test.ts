// The runners: how many cases they run (100, or TYGRAD_LAW_RUNS), what a failure says, that its
// seed and path replay it, and which laws apply to which kind of variant.
import fc from "fast-check";
import { afterEach, describe, expect, test, vi } from "vitest";
import * as lax from "../../src/core/lax.js";
import { tensorOf } from "../../laws/arbitraries.js";
import { callCase, diff, type LawCase } from "../../laws/cases.js";
import { tygradDifferentiator, type Differentiator } from "../../laws/differentiator.js";
import { registryEntry } from "../../laws/registry.js";
import { lawsFor } from "../../laws/law-table.js";
import { assertJvpMatchesFiniteDifferences, defaultNumRuns } from "../../laws/runners.js";
import { Tensor, type AnyTensor } from "../../src/tensor/tensor.js";

const t = (x: unknown): AnyTensor => {
  if (!(x instanceof Tensor)) throw new Error("expected a tensor");
  return x;
};

/** sin cases, counting how many the runner draws. */
function countedSinCases(): { readonly cases: fc.Arbitrary<LawCase>; readonly count: () => number } {
  let n = 0;
  const cases = tensorOf([2]).map((x) => {
    n++;
    return callCase("sin", [diff(x)], (v) => lax.sin(t(v)));
  });
  return { cases, count: () => n };
}

const negatedJvp: Differentiator = {
  ...tygradDifferentiator,
  jvp: (f, x, u) => {
    const [y, tangent] = tygradDifferentiator.jvp(f, x, u);
    return [y, tangent.map(lax.neg)];
  },
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("number of runs", () => {
  test("100 by default, TYGRAD_LAW_RUNS when set, and a clear error for a bad value", () => {
    vi.stubEnv("TYGRAD_LAW_RUNS", "");
    expect(defaultNumRuns()).toBe(100);
    vi.stubEnv("TYGRAD_LAW_RUNS", "2500");
    expect(defaultNumRuns()).toBe(2500);
    vi.stubEnv("TYGRAD_LAW_RUNS", "lots");
    expect(() => defaultNumRuns()).toThrow('TYGRAD_LAW_RUNS must be a positive integer, got "lots"');
    vi.stubEnv("TYGRAD_LAW_RUNS", "0");
    expect(() => defaultNumRuns()).toThrow(RangeError);
  });

  test("a runner runs exactly that many cases", () => {
    vi.stubEnv("TYGRAD_LAW_RUNS", "37");
    const counted = countedSinCases();
    assertJvpMatchesFiniteDifferences(counted.cases);
    expect(counted.count()).toBe(37);
    const explicit = countedSinCases();
    assertJvpMatchesFiniteDifferences(explicit.cases, { numRuns: 12 });
    expect(explicit.count()).toBe(12);
  });
});

describe("failures", () => {
  const failure = (options: { readonly seed?: number; readonly path?: string }): string => {
    try {
      assertJvpMatchesFiniteDifferences(countedSinCases().cases, { differentiator: negatedJvp, ...options });
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    throw new Error("expected the law to fail");
  };

  test("the message carries the law's explanation, the counterexample, and the seed and path", () => {
    const message = failure({});
    expect(message).toContain("jvp disagrees with central finite differences for sin at inputs float64[2]");
    expect(message).toMatch(/analytic \(jvp\) .*, numeric \(finite difference\) /);
    expect(message).toMatch(/seed: -?\d+, path: "[\d:]+"/);
  });

  test("the reported seed and path replay the same counterexample", () => {
    const message = failure({});
    const [, seed, path] = /seed: (-?\d+), path: "([\d:]+)"/.exec(message) ?? [];
    const replayed = failure({ seed: Number(seed), path });
    const counterexample = (m: string) => /Counterexample: (.*)/.exec(m)?.[1];
    expect(counterexample(replayed)).toBe(counterexample(message));
  });
});

describe("lawsFor", () => {
  const names = (source: "primitive" | "op", name: string, variant = 0) =>
    lawsFor(registryEntry(source, name)?.variants[variant] ?? missing()).map((l) => l.law);

  test("a smooth op meets every derivative law; a primitive also the abstract-evaluation law", () => {
    expect(names("op", "sin")).toEqual([
      "jvp matches finite differences", "dot-product identity", "jvp is linear", "linearize agrees with jvp",
      "grad is vjp seeded with 1", "hvp matches finite differences of grad", "Hessian is symmetric", "programs type-check",
    ]);
    expect(names("primitive", "sin")).toEqual(["abstractEval agrees with impl", ...names("op", "sin")]);
  });

  test("a zero-derivative op must have exact zeros; a zero primitive's rule is checked too", () => {
    expect(names("op", "argmax")).toEqual(["jvp is exactly zero", "programs type-check"]);
    expect(names("primitive", "iota")).toEqual(["abstractEval agrees with impl", "jvp is exactly zero", "jvp rule gives zero", "programs type-check"]);
  });

  test("a primitive whose kernel runs host code (the randomness primitives) must also compute exactly what that code computes", () => {
    const hostLaws = ["abstractEval agrees with impl", "impl matches the host computation", "jvp is exactly zero", "jvp rule gives zero", "programs type-check"];
    expect(names("primitive", "keyChild")).toEqual(hostLaws);
    expect(names("primitive", "sample")).toEqual(hostLaws);
  });
});

function missing(): never {
  throw new Error("missing registry entry");
}
