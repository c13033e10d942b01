// checkTransformation: the laws of gradient transformations on a user's own one.
//
//   import { checkTransformation } from "tygrad/laws";
//   test("my optimizer", () => checkTransformation(myOptimizer(0.1), { name: "myOptimizer" }));
//
// Over random parameter trees and a few steps of random gradients of the same structure:
//   purity         update leaves its arguments as they were, and the same arguments give
//                  bit-identical results (no hidden state, no randomness of its own);
//   layout         every state has init's structure, leaf shapes and dtypes, and every update
//                  the gradient's (so the state can be carried, and params + updates is defined);
//   chain          chain is associative with it, t among other transformations, and identity()
//                  is its unit on both sides;
//   fixed point    with zero gradients the parameters do not move (on by default; turn it off
//                  for transformations that move without a gradient, such as weight decay).
// A failure throws a TransformationLawError naming the law, with the fast-check seed and path.

import fc from "fast-check";
import { scale } from "../../src/optim/transforms/scale.js";
import { traceMomentum } from "../../src/optim/transforms/trace.js";
import { show } from "../cases.js";
import { parameterTree, tensorOf, treeLike } from "../arbitraries.js";
import { parameters } from "../runners.js";
import {
  chainIsAssociative, identityIsUnit, stateLayoutIsPreserved, updateIsPure, updatesHaveGradientLayout, zeroGradientIsFixedPoint,
  type Transformation,
} from "./predicates.js";

export interface CheckTransformationOptions {
  /** The name in messages (default "transformation"). */
  readonly name?: string;
  /** Parameter trees to try (default: random trees of float64 leaves of shapes [], [3], [2, 2]). */
  readonly params?: fc.Arbitrary<unknown>;
  /** Gradient steps per case (default 3). */
  readonly steps?: number;
  /** Cases per law (default 25). */
  readonly numRuns?: number;
  /** Check that zero gradients leave the parameters where they are (default true). */
  readonly fixedPointAtZero?: boolean;
  /** The transformations t is chained with in the associativity law (default: scale(−0.5)
   *  and traceMomentum({ decay: 0.9 }), one without state and one with). */
  readonly partners?: readonly Transformation[];
  /** Replay a reported failure. */
  readonly seed?: number;
  readonly path?: string;
}

export class TransformationLawError extends Error {
  readonly _tag = "TransformationLawError";
  constructor(
    message: string,
    /** "update is pure", "state keeps its layout", … */
    readonly law: string,
    readonly seed: number,
    readonly path: string,
  ) {
    super(message);
  }
}

const defaultParams: fc.Arbitrary<unknown> = parameterTree(fc.oneof(tensorOf([]), tensorOf([3]), tensorOf([2, 2])));

interface Problem {
  readonly params: unknown;
  readonly gradients: readonly unknown[];
}

/** Checks the gradient-transformation laws on `t` (see the header); throws a TransformationLawError at the first that fails. */
export function checkTransformation(t: Transformation, options: CheckTransformationOptions = {}): void {
  const name = options.name ?? "transformation";
  const steps = options.steps ?? 3;
  const problems: fc.Arbitrary<Problem> = (options.params ?? defaultParams).chain((params) =>
    fc.array(treeLike(params), { minLength: steps, maxLength: steps }).map((gradients) => ({ params, gradients })));
  const partners = options.partners ?? [scale(-0.5), traceMomentum({ decay: 0.9 })];
  const pairs = partners.flatMap((a) => partners.map((b) => [a, b] as const));

  const laws: readonly (readonly [string, (p: Problem) => boolean])[] = [
    ["update is pure: its arguments unchanged, the same results for the same arguments", (p) => updateIsPure(t, p.params, p.gradients)],
    ["state keeps init's structure, leaf shapes and dtypes", (p) => stateLayoutIsPreserved(t, p.params, p.gradients)],
    ["updates have the gradients' structure, leaf shapes and dtypes", (p) => updatesHaveGradientLayout(t, p.params, p.gradients)],
    ["identity() is its unit: chain(identity(), t) ≡ t ≡ chain(t, identity())", (p) => identityIsUnit(t, p.params, p.gradients)],
    ["chain is associative with it: chain(t, chain(a, b)) ≡ chain(chain(t, a), b), and with t second and third",
      (p) => pairs.every(([a, b]) => chainIsAssociative(t, a, b, p.params, p.gradients) && chainIsAssociative(a, t, b, p.params, p.gradients) &&
        chainIsAssociative(a, b, t, p.params, p.gradients))],
    ...(options.fixedPointAtZero === false ? [] : [["a zero gradient is a fixed point: the parameters do not move", (p: Problem) => zeroGradientIsFixedPoint(t, p.params, steps)] as const]),
  ];
  for (const [law, holds] of laws) {
    const details = fc.check(fc.property(problems, holds), parameters<[Problem]>({ ...options, numRuns: options.numRuns ?? 25 }));
    if (!details.failed) continue;
    const error = details.errorInstance;
    const [example] = details.counterexample ?? [];
    const message = [
      `checkTransformation(${name}): ${law} fails`,
      ...(error instanceof Error && !(error.message === "Property failed by returning false") ? [`  it threw: ${error.message}`] : []),
      ...(example === undefined ? [] : [`  params: ${show(example.params)}`, `  gradients: ${example.gradients.map(show).join("; ")}`]),
      `  replay with checkTransformation(t, { seed: ${details.seed}, path: "${details.counterexamplePath ?? ""}" })`,
    ].join("\n");
    throw new TransformationLawError(message, law, details.seed, details.counterexamplePath ?? "");
  }
}

