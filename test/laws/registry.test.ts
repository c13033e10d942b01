// The registry covers everything, says the right thing about each derivative, and draws inputs
// inside the domains it promises (away from kinks, indices in range).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { PRIMITIVES } from "../../src/core/primitives.js";
import * as ops from "../../src/ops/index.js";
import { Tensor, type AnyTensor } from "../../src/tensor/tensor.js";
import { numbersOf } from "../../laws/numeric.js";
import { missingFromRegistry, OP_ENTRIES, PRIMITIVE_ENTRIES, REGISTRY, registryEntry, staleRegistryEntries } from "../../laws/registry.js";
import type { RegistryEntry, Variant } from "../../laws/registry.js";
import { untypedOp } from "../../laws/untyped-ops.js";

// Read here from the module itself, not through the registry's own helper.
const exportedFunctions = Object.entries(ops).filter(([, v]) => typeof v === "function").map(([k]) => k).sort();

describe("coverage", () => {
  test("every primitive in PRIMITIVES has an entry", () => {
    const named = new Set<string>(PRIMITIVE_ENTRIES.map((e) => e.name));
    expect(PRIMITIVES.filter((p) => !named.has(p))).toEqual([]);
    expect(missingFromRegistry().primitives).toEqual([]);
  });

  test("every function exported from src/ops/index.ts has an entry", () => {
    expect(exportedFunctions.length).toBeGreaterThan(40);
    const named = new Set<string>(OP_ENTRIES.map((e) => e.name));
    expect(exportedFunctions.filter((name) => !named.has(name))).toEqual([]);
    expect(missingFromRegistry().ops).toEqual([]);
  });

  test("missingFromRegistry reports an entry that is taken away", () => {
    const withoutSin = REGISTRY.filter((e) => !(e.source === "op" && e.name === "sin"));
    const withoutGather = REGISTRY.filter((e) => !(e.source === "primitive" && e.name === "gather"));
    expect(missingFromRegistry(withoutSin)).toEqual({ primitives: [], ops: ["sin"] });
    expect(missingFromRegistry(withoutGather)).toEqual({ primitives: ["gather"], ops: [] });
  });

  test("no entry names a primitive or op that does not exist, and none is registered twice", () => {
    expect(staleRegistryEntries()).toEqual([]);
    const keys = REGISTRY.map((e) => `${e.source} ${e.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test("every entry has at least one variant, and every smooth variant differentiates something", () => {
    for (const entry of REGISTRY) {
      expect(entry.variants.length, `${entry.source} ${entry.name}`).toBeGreaterThan(0);
      for (const v of entry.variants.filter((x) => x.derivative === "smooth")) {
        for (const c of fc.sample(v.cases, { numRuns: 5, seed: 1 })) expect(c.inputs.length, `${entry.name} [${v.label}]`).toBeGreaterThan(0);
      }
    }
  });
});

describe("derivative kinds", () => {
  // Exactly these are piecewise constant or integer valued; everything else must meet every
  // derivative law (marking a smooth op "zero" would let it skip them).
  const ZERO = [
    "primitive compare", "primitive iota", "primitive stopGradient", "primitive keyChild", "primitive sample",
    "primitive convert [float64 to int32]", "primitive convert [float64 to bool]", "primitive convert [int32 to float64]",
    "op sign", "op stopGradient", "op cast [to int32]", "op cast [to bool]",
    "op equal", "op greater", "op greaterEqual", "op less", "op lessEqual", "op notEqual", "op logicalNot",
    "op argmax", "op argmin", "op oneHot",
    "primitive checkIndices",
  ];
  test("the zero-derivative variants are exactly the piecewise-constant ones", () => {
    const named = (entry: RegistryEntry, v: Variant): string =>
      entry.variants.length === 1 || entry.variants.every((w) => w.derivative === v.derivative) ? `${entry.source} ${entry.name}` : `${entry.source} ${entry.name} [${v.label}]`;
    const zero = new Set(REGISTRY.flatMap((e) => e.variants.filter((v) => v.derivative === "zero").map((v) => named(e, v))));
    expect([...zero].sort()).toEqual([...ZERO].sort());
  });
});

describe("domains", () => {
  const casesOf = (source: "primitive" | "op", name: string, label?: string) => {
    const entry = registryEntry(source, name);
    if (entry === undefined) throw new Error(`no entry ${source} ${name}`);
    const variants = entry.variants.filter((v) => label === undefined || v.label === label);
    return variants.flatMap((v) => fc.sample(v.cases, { numRuns: 300, seed: 7 }));
  };
  const valuesOf = (xs: readonly AnyTensor[]): number[] => xs.flatMap((x) => Array.from(numbersOf(x)));

  test.each([["op", "relu"], ["op", "abs"]] as const)("%s %s: no input within 0.1 of the kink at 0", (source, name) => {
    for (const c of casesOf(source, name)) for (const v of valuesOf(c.inputs)) expect(Math.abs(v)).toBeGreaterThanOrEqual(0.1);
  });

  test.each([["primitive", "log"], ["primitive", "sqrt"], ["op", "log"], ["op", "sqrt"]] as const)("%s %s: inputs are at least 0.2", (source, name) => {
    for (const c of casesOf(source, name)) for (const v of valuesOf(c.inputs)) expect(v).toBeGreaterThanOrEqual(0.2);
  });

  test("div: denominators stay 0.3 away from 0, pow: bases stay positive", () => {
    for (const c of casesOf("primitive", "div")) for (const v of numbersOf(c.inputs[1] ?? missing())) expect(Math.abs(v)).toBeGreaterThanOrEqual(0.3);
    for (const c of casesOf("op", "div", "tensors, broadcast")) for (const v of numbersOf(c.inputs[1] ?? missing())) expect(Math.abs(v)).toBeGreaterThanOrEqual(0.3);
    for (const c of casesOf("primitive", "pow")) for (const v of numbersOf(c.inputs[0] ?? missing())) expect(v).toBeGreaterThanOrEqual(0.3);
  });

  test("maximum, minimum and max, min: the operands never tie", () => {
    const sub = untypedOp("sub");
    for (const name of ["maximum", "minimum"]) {
      for (const c of casesOf("op", name, "tensors, broadcast")) {
        const [a, b] = c.inputs;
        for (const d of numbersOf(sub(a ?? missing(), b ?? missing()))) expect(Math.abs(d)).toBeGreaterThanOrEqual(0.1 - 1e-12);
      }
    }
    for (const name of ["max", "min"]) {
      for (const c of casesOf("op", name)) {
        const sorted = valuesOf(c.inputs).sort((x, y) => x - y);
        sorted.forEach((v, i) => i > 0 && expect(v - (sorted[i - 1] ?? -Infinity)).toBeGreaterThanOrEqual(0.05 - 1e-12));
      }
    }
  });

  test("gather and scatterAdd: every index is in range (the kernels would throw otherwise)", () => {
    const operand = (operands: readonly { readonly value: unknown }[], i: number): AnyTensor => {
      const x = operands[i]?.value;
      if (!(x instanceof Tensor)) throw new Error(`operand ${i} is not a tensor`);
      return x;
    };
    const applications = (name: string) => PRIMITIVE_ENTRIES.filter((e) => e.name === name).flatMap((e) => e.variants)
      .flatMap((v) => fc.sample(v.applications, { numRuns: 300, seed: 3 }));
    let checked = 0;
    for (const app of [...applications("gather"), ...applications("scatterAdd")]) {
      const size = app.prim === "gather" ? operand(app.operands, 0).shape[app.params.axis]
        : app.prim === "scatterAdd" ? app.params.shape[app.params.axis] : undefined;
      for (const k of numbersOf(operand(app.operands, 1))) {
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThan(size ?? -1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

function missing(): never {
  throw new Error("missing operand");
}
