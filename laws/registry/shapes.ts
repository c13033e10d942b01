// Shape arbitraries that only the registry needs: targets for reshape, and axes written the
// ways users write them (negative axes count from the end).

import fc from "fast-check";
import { permutation, type Dims } from "../arbitraries.js";

/** A shape with as many elements as s: its dims shuffled, some neighbours multiplied together, maybe a 1 inserted. */
export const sameSizeShape = (s: Dims): fc.Arbitrary<Dims> =>
  fc.tuple(permutation(s.length), fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }), fc.integer({ min: -1, max: s.length }))
    .map(([perm, merge, one]) => {
      const out: number[] = [];
      perm.forEach((p, i) => {
        const d = s[p] ?? 1;
        const last = out.length - 1;
        if (merge[i] === true && last >= 0) out[last] = (out[last] ?? 1) * d;
        else out.push(d);
      });
      if (one >= 0) out.splice(Math.min(one, out.length), 0, 1);
      return out;
    });

/** The same shape with one dim (if any) possibly written as -1, reshape's "infer this one". */
export const withInferredDim = (s: Dims): fc.Arbitrary<Dims> =>
  fc.integer({ min: -1, max: s.length - 1 }).map((i) => s.map((d, k) => (k === i && d > 0 ? -1 : d)));

/** Axis a of a rank-r shape, written as a or as a − r. */
export const spelledAxis = (axis: number, rank: number): fc.Arbitrary<number> => fc.constantFrom(axis, axis - rank);

/** Any axis of a rank-r shape (r ≥ 1), possibly negative. */
export const anyAxis = (rank: number): fc.Arbitrary<number> => fc.integer({ min: -rank, max: rank - 1 });
