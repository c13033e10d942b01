// Registers one vitest test per (registry entry, variant, law) for the laws named, so every
// primitive and every op meets every law that applies to it. Each test runs the law's
// fast-check runner with its default number of cases (100, or TYGRAD_LAW_RUNS).
import { describe, test } from "vitest";
import { REGISTRY } from "../../laws/registry.js";
import { lawsFor, type LawName } from "../../laws/law-table.js";

export function registerLaws(laws: readonly LawName[]): void {
  for (const entry of REGISTRY) {
    const applicable = entry.variants.flatMap((variant) => lawsFor(variant).filter((l) => laws.includes(l.law)).map((l) => ({ variant, ...l })));
    if (applicable.length === 0) continue;
    describe(`${entry.source} ${entry.name}`, () => {
      for (const { variant, law, run } of applicable) test(`[${variant.label}] ${law}`, () => run());
    });
  }
}
