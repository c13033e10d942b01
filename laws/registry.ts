// The registry: an entry for every primitive (src/core/primitives.ts PRIMITIVES) and for every
// function exported from src/ops/index.ts, saying how to draw valid inputs, which arguments
// are differentiated, how to call it, and whether its derivative is smooth or exactly zero.
// The law suite enumerates it, so nothing can skip a law; `missingFromRegistry` (checked by a
// test) lists what has no entry yet.

import { PRIMITIVES } from "../src/core/primitives.js";
import { COMPARE_ENTRIES } from "./registry/ops-compare.js";
import { ELEMENTWISE_ENTRIES } from "./registry/ops-elementwise.js";
import { REDUCE_ENTRIES } from "./registry/ops-reduce.js";
import { STRUCTURE_ENTRIES } from "./registry/ops-structure.js";
import { PRIMITIVE_ENTRIES } from "./registry/primitives.js";
import type { OpEntry, RegistryEntry } from "./registry/types.js";
import { exportedOpNames } from "./untyped-ops.js";

export type { DerivativeKind, OpEntry, PrimitiveEntry, PrimitiveVariant, RegistryEntry, Variant } from "./registry/types.js";

export { PRIMITIVE_ENTRIES };

export const OP_ENTRIES: readonly OpEntry[] = [...ELEMENTWISE_ENTRIES, ...COMPARE_ENTRIES, ...REDUCE_ENTRIES, ...STRUCTURE_ENTRIES];

export const REGISTRY: readonly RegistryEntry[] = [...PRIMITIVE_ENTRIES, ...OP_ENTRIES];

/** Primitives and exported ops without an entry in `entries` (both lists empty when the registry is complete). */
export function missingFromRegistry(entries: readonly RegistryEntry[] = REGISTRY): { readonly primitives: readonly string[]; readonly ops: readonly string[] } {
  const prims = new Set<string>(entries.flatMap((e) => (e.source === "primitive" ? [e.name] : [])));
  const ops = new Set<string>(entries.flatMap((e) => (e.source === "op" ? [e.name] : [])));
  return {
    primitives: PRIMITIVES.filter((p) => !prims.has(p)),
    ops: exportedOpNames().filter((name) => !ops.has(name)),
  };
}

/** Entries that name something that no longer exists (a removed primitive or op). */
export function staleRegistryEntries(): readonly string[] {
  const prims = new Set<string>(PRIMITIVES);
  const ops = new Set(exportedOpNames());
  return REGISTRY.filter((e) => (e.source === "primitive" ? !prims.has(e.name) : !ops.has(e.name))).map((e) => `${e.source} ${e.name}`);
}

/** The entry for a primitive or op, by name. */
export const registryEntry = (source: RegistryEntry["source"], name: string): RegistryEntry | undefined =>
  REGISTRY.find((e) => e.source === source && e.name === name);
