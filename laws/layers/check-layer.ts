// checkLayer: the gradient laws on a whole layer in one call, for a researcher's test suite.
//
//   import { checkLayer } from "tygrad/laws";
//   test("my layer", () => checkLayer(myLayer({ dtype: "float64" }), { inputShape: [3, 4] }));
//
// In every mode the layer has (evaluation, and training unless the layer declares that
// training changes nothing), it checks checkGradients' laws (jvp and vjp against central
// finite differences, and the dot-product identity) for the function
//
//     (params, x) ↦ y          y, state' = layer.run(params, state, x, { train, key })
//
// with respect to the parameters and the input together, on
//   params  the layer's own init at drawn keys, each float element jittered (A.paramsOf);
//   x       float64 values of `inputShape` (or any arbitrary: int32 ids for an embedding);
//   state   for a stateful layer, the state after one training step on another drawn input;
//   key     fixed, so that dropout draws the same mask at x and at x ± h·u.
// The new state is left out unless the layer declares it differentiable (running statistics
// are computed from stopGradient values: no derivative, by design), and then it is an input
// and an output of the check too. A failure throws a LayerCheckError naming the layer, the mode
// and the tree paths ("params.w", "x") whose derivative is wrong, with checkGradients' report.

import fc from "fast-check";
import { ForwardModeUnavailableError } from "../../src/ad/custom.js";
import type { AnyLayer } from "../../src/nn/layer.js";
import { fold, key as makeKey, type Key } from "../../src/random/key.js";
import { isFloat } from "../../src/tensor/dtype.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { flatten, leavesWithPaths, unflatten } from "../../src/tree/tree.js";
import { interval, paramsOf, tensorOf } from "../arbitraries.js";
import { checkGradients, GradientCheckError, GradientCheckUsageError, type GradientMode } from "../check-gradients.js";
import { environmentVariable } from "../../src/core/environment.js";
import { tygradDifferentiator, type Differentiator } from "../differentiator.js";
import { numbersOf } from "../numeric.js";
import { defaultNumRuns } from "../runners.js";

/** Evaluation (`train: false`) or training (`train: true`). */
export type LayerMode = "eval" | "train";

export interface CheckLayerOptions {
  /** The shape of the input x (batch axes included), e.g. [3, 4] for dense(4, …). */
  readonly inputShape: readonly number[];
  /** The elements of x (default [-2, 2]); see also `input`. */
  readonly values?: fc.Arbitrary<number>;
  /** The inputs themselves, instead of float64 `values` of `inputShape` (int32 ids for an
   *  embedding; well-spread batches for a normalization). */
  readonly input?: fc.Arbitrary<AnyTensor>;
  /** Parameters are init(fold(key, n)) for drawn n; fold(key, −1) is the fixed apply key (default key(0)). */
  readonly key?: Key;
  /** Inputs per mode (default: TYGRAD_LAW_RUNS if set, else 10). */
  readonly numRuns?: number;
  /** The modes to check (default: ["eval", "train"], or ["eval"] for a layer whose traits say
   *  training changes nothing). */
  readonly modes?: readonly LayerMode[];
  /** Which derivatives (default both; only "reverse" when the layer has no forward mode, as a customVjp has not). */
  readonly derivatives?: readonly GradientMode[];
  /** Offset range for the drawn parameters (default 0.5; see A.paramsOf). */
  readonly jitter?: number;
  /** At most this many shrinking steps after a failure (default 100: a report in a few seconds). */
  readonly maxShrinks?: number;
  /** The jvp/linearize/vjp under test (default: tygrad's own): run the layer laws against another
   *  differentiation method. */
  readonly differentiator?: Differentiator;
  /** Replay a reported failure (with the mode it names in `modes`). */
  readonly seed?: number;
  readonly path?: string;
}

export class LayerCheckError extends Error {
  readonly _tag = "LayerCheckError";
  constructor(
    message: string,
    /** The layer's name, e.g. "dense(4 → 3)". */
    readonly layer: string,
    readonly mode: LayerMode,
    /** The tree paths whose derivative is wrong: "params.w", "x", "state.mean". */
    readonly paths: readonly string[],
    /** checkGradients' report (law, input, direction, analytic and numeric values, seed, path). */
    readonly report: GradientCheckError,
  ) {
    super(message, { cause: report });
  }
}

/** 10 inputs per mode, or TYGRAD_LAW_RUNS when set. */
const defaultLayerRuns = (): number => {
  const raw = environmentVariable("TYGRAD_LAW_RUNS");
  return raw === undefined || raw === "" ? 10 : defaultNumRuns();
};

/** What checkGradients differentiates: the parameters, the input and (when differentiable) the state. */
interface Point {
  readonly params: unknown;
  readonly x: AnyTensor;
  readonly state: unknown;
}

const hasLeaves = (tree: unknown): boolean => flatten(tree)[0].length > 0;

/** The run of `layer` in `mode` at a point: the output, and the new state when it is checked too. */
function runAt(layer: AnyLayer, mode: LayerMode, applyKey: Key, withState: boolean) {
  return ({ params, x, state }: Point): { readonly y: AnyTensor; readonly state?: unknown } => {
    const [y, next] = layer.run(params, state, x, { train: mode === "train", key: applyKey });
    return withState ? { y, state: next } : { y };
  };
}

/** Throws a usage error unless every float parameter is float64. */
function checkParamsFloat64(layer: AnyLayer, params: unknown): void {
  for (const [path, leaf] of leavesWithPaths(params)) {
    if (leaf.dtype === "float32") {
      throw new GradientCheckUsageError(`checkLayer(${layer.name}): parameter "${path}" is float32[${leaf.shape.join(", ")}]; finite differences need float64 (create the layer with { dtype: "float64" })`);
    }
  }
}

/** One draw (from fast-check's first sample at `seed`), to try the layer once before the laws. */
const sampleOf = <T>(arbitrary: fc.Arbitrary<T>, seed: number): T => {
  const [first] = fc.sample(arbitrary, { numRuns: 1, seed });
  if (first === undefined) throw new Error("checkLayer: the arbitrary drew nothing");
  return first;
};

const sameNumbers = (a: AnyTensor, b: AnyTensor): boolean => {
  const [x, y] = [numbersOf(a), numbersOf(b)];
  return a.shape.join() === b.shape.join() && x.every((v, i) => Object.is(v, y[i]));
};

/**
 * Checks a layer's derivatives with respect to its parameters and its input in every mode (see
 * the header). Throws a LayerCheckError naming the layer, mode and paths at the first failure.
 */
export function checkLayer(layer: AnyLayer, options: CheckLayerOptions): void {
  const base = options.key ?? makeKey(0);
  const applyKey = fold(base, 0x7fffffff);
  const input = options.input ?? tensorOf(options.inputShape, options.values ?? interval(-2, 2));
  const params = paramsOf(layer, { key: base, ...(options.jitter === undefined ? {} : { jitter: options.jitter }) });
  const trainingDiffers = layer.traits?.trainingDiffers;
  const modes = options.modes ?? (trainingDiffers === false ? ["eval"] : ["eval", "train"]);
  const withState = layer.stateful && layer.traits?.differentiableState === true;

  // A state as training leaves it: one step from initState on another drawn input.
  const stateAfterStep = (p: unknown, x0: AnyTensor): unknown =>
    layer.stateful ? layer.run(p, layer.initState(), x0, { train: true, key: applyKey })[1] : layer.initState();
  const points: fc.Arbitrary<Point> = fc.tuple(params, input, input).map(([p, x, x0]) => ({ params: p, x, state: stateAfterStep(p, x0) }));

  // Try the layer once, so that a bad configuration is reported as such and not as a failed law.
  const first = sampleOf(points, options.seed ?? 1);
  checkParamsFloat64(layer, first.params);
  const outputs = new Map<LayerMode, AnyTensor>();
  for (const mode of ["eval", "train"] as const) {
    if (!modes.includes(mode) && !(trainingDiffers === false && mode === "train")) continue;
    try {
      outputs.set(mode, runAt(layer, mode, applyKey, false)(first).y);
    } catch (e) {
      throw new GradientCheckUsageError(`checkLayer(${layer.name}): the layer rejects an input ${first.x.dtype}[${first.x.shape.join(", ")}] in ${mode} mode: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
  const [evalOut, trainOut] = [outputs.get("eval"), outputs.get("train")];
  if (trainingDiffers === false && evalOut !== undefined && trainOut !== undefined && !sameNumbers(evalOut, trainOut)) {
    throw new GradientCheckUsageError(`checkLayer(${layer.name}): the layer's traits say training changes nothing, but train and eval outputs differ at the same parameters and input`);
  }
  const derivatives = options.derivatives ?? (hasForwardMode(layer, modes[0] ?? "eval", applyKey, first) ? ["forward", "reverse"] : ["reverse"]);

  for (const mode of modes) {
    const inputs = [...(hasLeaves(first.params) ? ["params"] : []), "x", ...(withState && hasLeaves(first.state) ? ["state"] : [])];
    try {
      checkGradients(runAt(layer, mode, applyKey, withState), points, {
        name: `${layer.name} [${mode}]`, numRuns: options.numRuns ?? defaultLayerRuns(), modes: derivatives, inputs,
        maxShrinks: options.maxShrinks ?? 100,
        ...(options.differentiator === undefined ? {} : { differentiator: options.differentiator }),
        ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.path === undefined ? {} : { path: options.path }),
      });
    } catch (e) {
      if (!(e instanceof GradientCheckError)) throw e;
      const paths = e.paths.length > 0 ? e.paths.join(", ") : "(no single leaf alone: their sum)";
      const message = [
        `checkLayer(${layer.name}): wrong derivative in ${mode} mode with respect to ${paths}`,
        `  replay with checkLayer(layer, { ...options, modes: ["${mode}"], seed: ${e.seed}, path: "${e.path}" })`,
        e.message,
      ].join("\n");
      throw new LayerCheckError(message, layer.name, mode, e.paths, e);
    }
  }
}

/** False when the layer's computation has only a reverse-mode rule (a customVjp inside). */
function hasForwardMode(layer: AnyLayer, mode: LayerMode, applyKey: Key, at: Point): boolean {
  const f = runAt(layer, mode, applyKey, false);
  // jvp with respect to the float parameters, then the input (tangent = primal: every direction will do).
  const [leaves, def] = flatten(at.params);
  const probes = [
    ...(leaves.length > 0 ? [() => tygradDifferentiator.jvp((...ls) => [f({ ...at, params: unflatten(def, ls) }).y], leaves, leaves)] : []),
    ...(isFloat(at.x.dtype) ? [() => tygradDifferentiator.jvp((x) => [f({ ...at, x: x ?? at.x }).y], [at.x], [at.x])] : []),
  ];
  return probes.every((probe) => {
    try {
      probe();
      return true;
    } catch (e) {
      return !(e instanceof ForwardModeUnavailableError); // anything else is for the laws to report
    }
  });
}
