// tygrad/laws/vitest: the gradient laws as vitest matchers, with the laws' failure report as the
// message. Importing this module registers them (e.g. in a vitest setup file):
//
//   import "tygrad/laws/vitest";
//   import { arbitraries as A } from "tygrad/laws";
//   expect(myActivation).toHaveCorrectGradients(A.tensorOf([4, 3]));
//   expect(myLayer).toPassLayerLaws({ inputShape: [3, 4] });
//
// vitest is an optional peer of this entry point only; the rest of tygrad/laws does not need it.

import type fc from "fast-check";
import { expect } from "vitest";
import type { AnyLayer } from "../src/nn/layer.js";
import { checkGradients, GradientCheckError, type CheckGradientsOptions } from "./check-gradients.js";
import { checkLayer, LayerCheckError, type CheckLayerOptions } from "./layers/check-layer.js";

interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

const isFunction = (x: unknown): x is (input: unknown) => unknown => typeof x === "function";

const isLayer = (x: unknown): x is AnyLayer =>
  typeof x === "object" && x !== null && "run" in x && typeof x.run === "function" && "init" in x && typeof x.init === "function" && "name" in x;

/** Runs a check: a failed law is a failed expectation with its report; misuse is thrown as is. */
function outcome(check: () => void, passed: string, failure: (e: unknown) => boolean): MatcherResult {
  try {
    check();
    return { pass: true, message: () => passed };
  } catch (e) {
    if (!failure(e) || !(e instanceof Error)) throw e;
    return { pass: false, message: () => e.message };
  }
}

/** The matchers, for `expect.extend` (this module calls it once when imported). */
export const lawMatchers = {
  /** The function's jvp and vjp agree with finite differences (and each other) on inputs from `arbitrary`. */
  toHaveCorrectGradients(received: unknown, arbitrary: fc.Arbitrary<unknown>, options: CheckGradientsOptions = {}): MatcherResult {
    if (!isFunction(received)) {
      return { pass: false, message: () => `toHaveCorrectGradients: expected a function of the input, got ${typeof received}` };
    }
    const name = options.name ?? (received.name || "f");
    return outcome(() => checkGradients(received, arbitrary, options),
      `expected ${name} not to have correct gradients, but every law held`, (e) => e instanceof GradientCheckError);
  },

  /** checkLayer passes: derivatives for the parameters and the input, in every mode. */
  toPassLayerLaws(received: unknown, options: CheckLayerOptions): MatcherResult {
    if (!isLayer(received)) {
      return { pass: false, message: () => `toPassLayerLaws: expected a layer (with init and run), got ${typeof received}` };
    }
    return outcome(() => checkLayer(received, options),
      `expected ${received.name} not to pass the layer laws, but every law held`, (e) => e instanceof LayerCheckError);
  },
};

expect.extend(lawMatchers);

/** The matchers' types: the arbitrary must draw what the function takes. */
export interface LawMatchers<R> {
  toHaveCorrectGradients(
    arbitrary: R extends (input: infer P) => unknown ? fc.Arbitrary<P> : never,
    options?: CheckGradientsOptions,
  ): void;
  toPassLayerLaws(options: R extends AnyLayer ? CheckLayerOptions : never): void;
}

declare module "vitest" {
  // Merged into vitest's own Matchers<T>: the same type parameter, whose default stays vitest's.
  interface Matchers<T> extends LawMatchers<T> {}
}
