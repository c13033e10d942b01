// Mutation test: the laws must notice a broken derivative rule. Two copies of the rule tables
// are broken on purpose (the real tables are untouched): sin's jvp with its sign flipped, and
// mul's transpose with the contribution to its second operand dropped. The finite-difference
// law catches the first, the dot-product identity the second, and each only where the broken
// rule is used.
import { describe, expect, test } from "vitest";
import * as lax from "../../src/core/lax.js";
import { jvpRules } from "../../src/ad/jvp-rules.js";
import { REGISTRY, registryEntry, type Variant } from "../../laws/registry.js";
import { assertDotProductIdentity, assertJvpMatchesFiniteDifferences, type RunOptions } from "../../laws/runners.js";
import { dropOperand, mutantDifferentiator, type JvpTable, type TransposeTable } from "./mutant-differentiator.js";

// d(sin x) = −cos x · dx: the sign of the true rule flipped
const flippedSin: JvpTable = {
  ...jvpRules,
  sin: (primals, tangents, params) => {
    const [y, t] = jvpRules.sin(primals, tangents, params);
    return [y, t === null ? null : lax.neg(t)];
  },
};

// y = a · b: ā = ȳ · b kept, b̄ = a · ȳ dropped
const mulWithoutSecond: TransposeTable = dropOperand("mul", 1);

const faithfulCopy = mutantDifferentiator("unbroken copy");
const brokenSin = mutantDifferentiator("sin jvp sign flipped", flippedSin);
const brokenMul = mutantDifferentiator("mul transpose drops operand 1", jvpRules, mulWithoutSecond);

const smoothVariants = (source: "primitive" | "op", name: string): readonly Variant[] =>
  registryEntry(source, name)?.variants.filter((v) => v.derivative === "smooth") ?? [];

const fails = (law: (cases: Variant["cases"], options: RunOptions) => void, variant: Variant, options: RunOptions): boolean => {
  try {
    law(variant.cases, options);
    return false;
  } catch {
    return true;
  }
};

describe("the harness", () => {
  test("an unbroken copy of the tables passes both laws (so a failure below is the mutation's doing)", () => {
    for (const v of [...smoothVariants("primitive", "sin"), ...smoothVariants("op", "sin")]) {
      assertJvpMatchesFiniteDifferences(v.cases, { differentiator: faithfulCopy });
    }
    for (const v of [...smoothVariants("primitive", "mul"), ...smoothVariants("op", "mul")]) {
      assertDotProductIdentity(v.cases, { differentiator: faithfulCopy });
    }
  });
});

describe("sin's jvp with its sign flipped", () => {
  test.each([["primitive", "sin"], ["op", "sin"]] as const)("the finite-difference law fails for %s %s", (source, name) => {
    for (const v of smoothVariants(source, name)) {
      expect(() => assertJvpMatchesFiniteDifferences(v.cases, { differentiator: brokenSin })).toThrow(/jvp disagrees with central finite differences for sin/);
    }
  });
  test("over the whole registry, exactly the entries that compute a sine notice", () => {
    const noticed = REGISTRY.flatMap((e) => e.variants.filter((v) => v.derivative === "smooth" && fails(assertJvpMatchesFiniteDifferences, v, { differentiator: brokenSin, numRuns: 30 }))
      .map((v) => `${e.source} ${e.name} [${v.label}]`));
    expect(noticed).toEqual(["primitive sin [float64]", "op sin [float64]"]);
  });
});

describe("mul's transpose without its second operand", () => {
  test.each([["primitive", "mul"], ["op", "mul"], ["op", "square"]] as const)("the dot-product identity fails for %s %s", (source, name) => {
    // (tensor · number puts its varying value first, where the broken rule is still right)
    for (const v of smoothVariants(source, name).filter((w) => w.label !== "tensor and number")) {
      expect(() => assertDotProductIdentity(v.cases, { differentiator: brokenMul })).toThrow(/the dot-product identity ⟨u, vjp\(v\)⟩ = ⟨jvp\(u\), v⟩ fails/);
    }
  });
  test("but not for tensor · number, whose only varying operand is the first", () => {
    const [tensorTimesNumber] = smoothVariants("op", "mul").filter((w) => w.label === "tensor and number");
    if (tensorTimesNumber === undefined) throw new Error("no tensor-and-number variant of mul");
    assertDotProductIdentity(tensorTimesNumber.cases, { differentiator: brokenMul });
  });
  test("the finite-difference law cannot see it: forward mode never transposes", () => {
    for (const v of smoothVariants("op", "mul")) assertJvpMatchesFiniteDifferences(v.cases, { differentiator: brokenMul });
  });
  test("over the whole registry, entries that never multiply two varying values do not notice", () => {
    const noticed = new Set(REGISTRY.flatMap((e) => e.variants.filter((v) => v.derivative === "smooth" && fails(assertDotProductIdentity, v, { differentiator: brokenMul, numRuns: 30 }))
      .map((v) => `${e.source} ${e.name}`)));
    for (const name of ["primitive mul", "op mul", "op square", "op variance"]) expect(noticed.has(name), name).toBe(true);
    for (const name of ["primitive add", "primitive neg", "primitive reshape", "primitive dot", "op matmul", "op sum"]) expect(noticed.has(name), name).toBe(false);
  });
});
