// The batching law over the whole registry: for every primitive and every op, vmap over a
// batch equals a loop over its examples, with each differentiable input batched (along an axis
// drawn from all its axes, negative ones included) or shared, and each output's batch placed on
// an axis drawn the same way.
// Variants without differentiable inputs (iota, draws from a fixed key, casts of fixed integers)
// have nothing to batch; batched keys and indices are tested in test/ad/vmap.test.ts.
import fc from "fast-check";
import { describe, test } from "vitest";
import type { LawCase } from "../../laws/cases.js";
import { vmapMatchesLoop } from "../../laws/predicates/batching.js";
import { REGISTRY } from "../../laws/registry.js";
import { holds, parameters } from "../../laws/runners.js";

/** An axis of a value of rank r with a batch axis added: in [-(r + 1), r]. */
const axisOf = (rank: number) => fc.integer({ min: -(rank + 1), max: rank });

/** A case, a batch size 0–3, which inputs are batched (at least one), and the batch axes of inputs and outputs. */
const drawn = (cases: fc.Arbitrary<LawCase>) =>
  cases.chain((c) => fc.tuple(
    fc.constant(c),
    fc.integer({ min: 0, max: 3 }),
    fc.array(fc.boolean(), { minLength: c.inputs.length, maxLength: c.inputs.length }).map((b) => (b.some((x) => x) ? b : [true, ...b.slice(1)])),
    fc.record({
      inAxes: fc.tuple(...c.inputs.map((x) => axisOf(x.shape.length))),
      outAxes: fc.tuple(...c.f(...c.inputs).map((y) => axisOf(y.shape.length))),
    }),
  ));

const hasInputs = (cases: fc.Arbitrary<LawCase>): boolean => fc.sample(cases, { numRuns: 5, seed: 1 }).some((c) => c.inputs.length > 0);

for (const entry of REGISTRY) {
  const variants = entry.variants.filter((v) => hasInputs(v.cases));
  if (variants.length === 0) continue;
  describe(`${entry.source} ${entry.name}`, () => {
    for (const variant of variants) {
      test(`[${variant.label}] vmap agrees with a loop over examples`, () => {
        fc.assert(fc.property(drawn(variant.cases), ([c, size, batched, axes]) => {
          if (c.inputs.length > 0) holds(vmapMatchesLoop(c, size, batched, axes));
        }), parameters({}));
      });
    }
  });
}
