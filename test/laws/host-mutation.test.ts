// Mutation test for the law "impl matches the host computation": two broken copies of the
// randomness kernels (the real table is untouched) — keyChild deriving the child one counter
// further on, and sample reading the key's words in the wrong order — must each be caught, and
// only by the variants of the primitive that was broken.
import { describe, expect, test } from "vitest";
import { applyImpl } from "../../src/core/impl/index.js";
import { PRIMITIVE_ENTRIES } from "../../laws/registry.js";
import { referenceImpl, type ImplFunction } from "../../laws/predicates/host.js";
import { assertImplMatchesHost } from "../../laws/runners.js";
import type { PrimitiveVariant } from "../../laws/registry.js";

// keyChild at counter + 1: the child `fold(k, d + 1)` in place of `fold(k, d)`
const offByOne: ImplFunction = (app, inputs, out) =>
  app.prim === "keyChild" ? applyImpl("keyChild", inputs, { counter: app.params.counter + 1 }, out) : referenceImpl(app, inputs, out);

// sample drawing from the key [lo, hi] instead of [hi, lo]
const swappedWords: ImplFunction = (app, inputs, out) => {
  if (app.prim !== "sample") return referenceImpl(app, inputs, out);
  const [words, ...rest] = inputs;
  if (words === undefined) throw new Error("sample without key words");
  const swapped = { ...words, data: Float64Array.from([words.data[1] ?? 0, words.data[0] ?? 0]) };
  return applyImpl("sample", [swapped, ...rest], app.params, out);
};

/** Every variant that states its host computation, with the primitive it belongs to. */
const checked: readonly { readonly name: string; readonly variant: PrimitiveVariant; readonly host: NonNullable<PrimitiveVariant["host"]> }[] =
  PRIMITIVE_ENTRIES.flatMap((e) => e.variants.flatMap((variant) => (variant.host === undefined ? [] : [{ name: `${e.name} [${variant.label}]`, variant, host: variant.host }])));

const noticed = (impl: ImplFunction): string[] =>
  checked.filter(({ variant, host }) => {
    try {
      assertImplMatchesHost(variant.applications, host, { impl, numRuns: 50 });
      return false;
    } catch {
      return true;
    }
  }).map(({ name }) => name);

describe("impl matches the host computation", () => {
  test("is stated for keyChild and every sampler", () => {
    expect(checked.map(({ name }) => name)).toEqual([
      "keyChild [any key, split and fold counters]",
      "sample [uniform]", "sample [normal]", "sample [truncatedNormal]", "sample [bernoulli]", "sample [randint]",
      "sample [permutation]", "sample [choice]", "sample [categorical, logits differentiated]",
    ]);
  });

  test("the unbroken kernels pass (so a failure below is the mutation's doing)", () => {
    expect(noticed(referenceImpl)).toEqual([]);
  });

  test("keyChild one counter off is caught, by keyChild only", () => {
    expect(noticed(offByOne)).toEqual(["keyChild [any key, split and fold counters]"]);
    const [keyChild] = checked;
    if (keyChild === undefined) throw new Error("no keyChild variant");
    expect(() => assertImplMatchesHost(keyChild.variant.applications, keyChild.host, { impl: offByOne, numRuns: 20 }))
      .toThrow(/keyChild on float64\[2\] .*: element \d is \d+ from the kernel but \d+ from the host computation/);
  });

  test("sample with the key's words swapped is caught by every sampler, and keyChild does not notice", () => {
    expect(noticed(swappedWords)).toEqual(checked.map(({ name }) => name).filter((name) => name.startsWith("sample")));
  });
});
