// fast-check runners for the algebraic laws of the ops (predicates/algebra.ts), in float64 on
// small random shapes.

import fc from "fast-check";
import * as A from "./arbitraries.js";
import * as algebra from "./predicates/algebra.js";
import { holds, run, type RunOptions } from "./runners.js";

export const assertAddCommutes = (options: RunOptions = {}): void =>
  run(A.broadcastPair().chain((p) => fc.tuple(A.tensorOf(p.left), A.tensorOf(p.right))), ([a, b]) => holds(algebra.addCommutes(a, b)), options);

export const assertBroadcastingMatchesBroadcastTo = (options: RunOptions = {}): void =>
  run(
    fc.tuple(fc.constantFrom("add" as const, "sub" as const, "mul" as const, "maximum" as const), A.broadcastPair())
      .chain(([op, p]) => fc.tuple(fc.constant(op), A.tensorOf(p.left), A.tensorOf(p.right), fc.constant(p.out))),
    ([op, a, b, out]) => holds(algebra.broadcastingMatchesBroadcastTo(op, a, b, out)),
    options,
  );

export const assertReshapeRoundTrips = (options: RunOptions = {}): void =>
  run(
    A.shape({ minDim: 0 }).chain((s) => fc.tuple(A.tensorOf(s), A.permutation(s.length).map((p) => p.map((i) => s[i] ?? 1)))),
    ([x, to]) => holds(algebra.reshapeRoundTrips(x, to)),
    options,
  );

export const assertTransposeInvolution = (options: RunOptions = {}): void =>
  run(A.shape({ maxRank: 4 }).chain((s) => fc.tuple(A.tensorOf(s), A.permutation(s.length))), ([x, p]) => holds(algebra.transposeIsInvolution(x, p)), options);

export const assertMatmulAssociates = (options: RunOptions = {}): void =>
  run(
    fc.tuple(...[0, 1, 2, 3].map(() => fc.integer({ min: 1, max: 5 })))
      .chain(([m = 1, k1 = 1, k2 = 1, n = 1]) => fc.tuple(A.tensorOf([m, k1], A.interval(-10, 10)), A.tensorOf([k1, k2], A.interval(-10, 10)), A.tensorOf([k2, n], A.interval(-10, 10)))),
    ([a, b, c]) => holds(algebra.matmulAssociates(a, b, c)),
    options,
  );

export const assertSumOfSums = (options: RunOptions = {}): void =>
  run(
    A.shape({ minRank: 1, maxRank: 4, maxDim: 4 }).chain((s) => fc.tuple(A.tensorOf(s, A.interval(-1e3, 1e3)), fc.integer({ min: 0, max: s.length - 1 }))),
    ([x, axis]) => holds(algebra.sumOfSums(x, axis)),
    options,
  );
