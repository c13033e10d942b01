// Mutation tests for checkLayer: layers with one wrong hand-written derivative rule, each
// caught with a report that names the layer, the mode and the tree path of the wrong
// derivative, and replays from its seed and path. Plus the misuses it names as such.
import { describe, expect, it } from "vitest";
import * as lax from "../../src/core/lax.js";
import { customJvp, customVjp } from "../../src/ad/custom.js";
import { makeLayer, type AnyLayer } from "../../src/nn/layer.js";
import * as nn from "../../src/nn/index.js";
import { key } from "../../src/random/key.js";
import { bernoulli } from "../../src/random/samplers.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { checkGradients, GradientCheckError, GradientCheckUsageError } from "../../laws/check-gradients.js";
import { checkLayer, LayerCheckError, type CheckLayerOptions } from "../../laws/layers/check-layer.js";
import { LAYER_REGISTRY } from "../../laws/layers/registry.js";
import { paramsOf, tensorOf } from "../../laws/arbitraries.js";
import fc from "fast-check";
import { jvpRules } from "../../src/ad/jvp-rules.js";
import { dropOperand, mutantDifferentiator } from "./mutant-differentiator.js";
import { thrown, thrownAs } from "./thrown.js";

// A fixed seed keeps the runs deterministic.
fc.configureGlobal({ seed: 424242 });

const layerError = (layer: AnyLayer, options: CheckLayerOptions): LayerCheckError => thrownAs(LayerCheckError, () => checkLayer(layer, options));

const at = (xs: readonly AnyTensor[], i: number): AnyTensor => {
  const x = xs[i];
  if (x === undefined) throw new RangeError(`no argument ${i}`);
  return x;
};
/** The mean over the last axis, broadcast back. */
const meanLast = (x: AnyTensor): AnyTensor => {
  const last = x.shape.length - 1;
  return lax.expandReduced(lax.scale(lax.reduceSum(x, [last]), 1 / (x.shape[last] ?? 1)), x.shape, [last]);
};
/** The mean over the batch (axis 0), broadcast back. */
const meanBatch = (x: AnyTensor): AnyTensor => lax.expandReduced(lax.scale(lax.reduceSum(x, [0]), 1 / (x.shape[0] ?? 1)), x.shape, [0]);

// 1. tanh with a sign error in its jvp rule: d tanh = −(1 − tanh²)·dx.
const wrongTanh = customJvp((x: AnyTensor) => lax.tanh(x), ([x], [dx]) => {
  const t = lax.tanh(x);
  return [t, lax.neg(lax.mul(lax.sub(lax.onesLike(t), lax.mul(t, t)), dx))] as const;
});
const scaledWrongTanh = makeLayer({
  name: "scaledWrongTanh(4)",
  stateful: false,
  traits: { trainingDiffers: false },
  init: () => ({ a: lax.full([4], 1, "float64") }),
  initState: () => null,
  run: (params, state, x) => [lax.mul(lax.broadcast(params.a, x.shape), wrongTanh(x)), state],
});

// 2. A dense layer with a hand-written reverse rule whose bias gradient is doubled.
const affine = customVjp(
  (x: AnyTensor, w: AnyTensor, b: AnyTensor) => lax.add(lax.dot(x, w), lax.broadcast(b, [x.shape[0] ?? 1, w.shape[1] ?? 1])),
  (x: AnyTensor, w: AnyTensor, b: AnyTensor) => [lax.add(lax.dot(x, w), lax.broadcast(b, [x.shape[0] ?? 1, w.shape[1] ?? 1])), [x, w] as const] as const,
  ([x, w], g) => [lax.dot(g, lax.transpose(w, [1, 0])), lax.dot(lax.transpose(x, [1, 0]), g), lax.scale(lax.reduceSum(g, [0]), 2)] as const,
  "affine",
);
const denseWrongBias = makeLayer({
  name: "denseWrongBias(4 → 3)",
  stateful: false,
  traits: { trainingDiffers: false },
  init: (k) => nn.dense(4, 3, { dtype: "float64" }).init(k),
  initState: () => null,
  run: (params, state, x) => [affine(x, params.w, params.b), state],
});

// 3. Batch normalization whose centring rule treats the batch mean as a constant while
//    training (d(x − μ_B) = dx): right in evaluation, wrong in training.
const centreIgnoringMean = customJvp((x: AnyTensor) => lax.sub(x, meanBatch(x)), ([x], [dx]) => [lax.sub(x, meanBatch(x)), dx] as const);
const batchNormConstantMean = makeLayer({
  name: "batchNormConstantMean(4)",
  stateful: true,
  traits: { trainingDiffers: true },
  init: () => ({ gamma: lax.full([4], 1, "float64"), beta: lax.full([4], 0, "float64") }),
  initState: () => ({ mean: lax.full([4], 0, "float64"), variance: lax.full([4], 1, "float64") }),
  run: (params, state, x, { train = false }) => {
    const centred = train ? centreIgnoringMean(x) : lax.sub(x, lax.broadcast(state.mean, x.shape));
    const variance = train ? meanBatch(lax.mul(centred, centred)) : lax.broadcast(state.variance, x.shape);
    const y = lax.add(lax.mul(lax.broadcast(params.gamma, x.shape), lax.div(centred, lax.sqrt(lax.add(variance, lax.fullLike(variance, 1e-5))))), lax.broadcast(params.beta, x.shape));
    const next = train ? { mean: lax.stopGradient(lax.reduceSum(lax.scale(x, 1 / (x.shape[0] ?? 1)), [0])), variance: state.variance } : state;
    return [y, next];
  },
});

// 4. Dropout whose rule forgets the 1/(1 − p) scale: d(x·m/(1 − p)) = dx·m.
const dropoutUnscaledRule = makeLayer({
  name: "dropoutUnscaledRule(0.5)",
  stateful: false,
  traits: { trainingDiffers: true },
  init: () => null,
  initState: () => null,
  run: (_params, state, x, { train = false, key }) => {
    if (!train || key === undefined) return [x, state];
    const mask = lax.convert(bernoulli(key, 0.5, x.shape), x.dtype);
    const drop = customJvp((v: AnyTensor) => lax.mul(v, lax.scale(mask, 2)), ([v], [dv]) => [lax.mul(v, lax.scale(mask, 2)), lax.mul(dv, mask)] as const);
    return [drop(x), state];
  },
});

// 5. Layer normalization whose scale rule drops the normalized value: d(γ·n) = γ·dn + dγ.
const scaleBy = customJvp((g: AnyTensor, n: AnyTensor) => lax.mul(g, n), ([g, n], [dg, dn]) => [lax.mul(g, n), lax.add(lax.mul(g, dn), dg)] as const);
const layerNormWrongGamma = makeLayer({
  name: "layerNormWrongGamma(4)",
  stateful: false,
  traits: { trainingDiffers: false },
  init: () => ({ gamma: lax.full([4], 1, "float64"), beta: lax.full([4], 0, "float64") }),
  initState: () => null,
  run: (params, state, x) => {
    const centred = lax.sub(x, meanLast(x));
    const n = lax.div(centred, lax.sqrt(lax.add(meanLast(lax.mul(centred, centred)), lax.fullLike(centred, 1e-5))));
    return [lax.add(scaleBy(lax.broadcast(params.gamma, x.shape), n), lax.broadcast(params.beta, x.shape)), state];
  },
});

/** A layer's spec, to remake it with other traits. */
const specOf = (l: AnyLayer) => ({ name: l.name, stateful: l.stateful, init: l.init, initState: l.initState, run: l.run });

const registry = (name: "batchNorm" | "layerNorm"): CheckLayerOptions => {
  const [first] = LAYER_REGISTRY[name]();
  if (first === undefined) throw new Error(`no ${name} entry`);
  return first.options;
};

interface Mutant {
  readonly what: string;
  readonly layer: AnyLayer;
  readonly options: CheckLayerOptions;
  readonly mode: "eval" | "train";
  readonly paths: readonly string[];
}

const mutants: readonly Mutant[] = [
  { what: "a sign error in an activation's jvp rule", layer: scaledWrongTanh, options: { inputShape: [3, 4] }, mode: "eval", paths: ["x"] },
  { what: "a doubled bias gradient in a customVjp (reverse mode only, found by itself)", layer: denseWrongBias, options: { inputShape: [3, 4] }, mode: "eval", paths: ["params.b"] },
  { what: "batch statistics treated as constants while training", layer: batchNormConstantMean, options: registry("batchNorm"), mode: "train", paths: ["x"] },
  { what: "dropout's rule without the 1/(1 − p) scale", layer: dropoutUnscaledRule, options: { inputShape: [3, 4] }, mode: "train", paths: ["x"] },
  { what: "a scale rule that drops the normalized value", layer: layerNormWrongGamma, options: registry("layerNorm"), mode: "eval", paths: ["params.gamma"] },
];

describe("checkLayer catches a wrong hand-written rule and names the layer, the mode and the path", () => {
  for (const m of mutants) {
    it(`${m.what}: ${m.layer.name}`, () => {
      const e = layerError(m.layer, { ...m.options, maxShrinks: 30 });
      expect(e.layer).toBe(m.layer.name);
      expect(e.mode).toBe(m.mode);
      expect(e.paths).toEqual(m.paths);
      expect(e.message.split("\n")[0]).toBe(`checkLayer(${m.layer.name}): wrong derivative in ${m.mode} mode with respect to ${m.paths.join(", ")}`);
      expect(e.report).toBeInstanceOf(GradientCheckError);
      expect(e.report.difference).toBeGreaterThan(e.report.tolerance);
      for (const part of [`checkGradients(${m.layer.name} [${m.mode}])`, "input: {", "direction u:", "> tolerance", `seed: ${e.report.seed}`]) {
        expect(e.message).toContain(part);
      }
      // The seed and path replay the same failure.
      const again = layerError(m.layer, { ...m.options, maxShrinks: 30, modes: [m.mode], seed: e.report.seed, path: e.report.path });
      expect(again.report.input).toBe(e.report.input);
      expect(again.paths).toEqual(e.paths);
    });
  }

  it("the same layers without the mutation pass (the mutants differ only in the rule)", () => {
    checkLayer(nn.dense(4, 3, { dtype: "float64" }), { inputShape: [3, 4] });
    checkLayer(nn.dropout(0.5), { inputShape: [3, 4] });
  });
});

describe("a broken rule in the differentiation machinery itself, through the differentiator option", () => {
  // dot's transpose rule dropping its second operand: the weight gradient of every matrix product is lost.
  const broken = mutantDifferentiator("dot transpose drops operand 1", jvpRules, dropOperand("dot", 1));

  it("fails exactly the registry's layers that multiply by a weight matrix, naming the weights", () => {
    const failures: string[] = [];
    for (const [name, examples] of Object.entries(LAYER_REGISTRY)) {
      for (const { layer, options } of examples()) {
        try {
          checkLayer(layer, { ...options, numRuns: 3, maxShrinks: 10, differentiator: broken });
        } catch (e) {
          if (!(e instanceof LayerCheckError)) throw e;
          failures.push(`${name}: ${e.paths.join(", ")}`);
        }
      }
    }
    expect(failures).toEqual([
      "dense: params.w", "conv2d: params.w", "conv2d: params.w", "residual: params.w",
      // Attention multiplies activations by activations too (Q Kᵀ, A V): the second operands
      // lose their gradients, which reach the key and value projections and the input itself.
      "multiHeadAttention: params.key.w, params.output.w, params.query.w, params.value.b, params.value.w, x",
      "multiHeadAttention: params.key.w, params.output.w, params.query.w, params.value.b, params.value.w, x",
      "transformerBlock: params.attention.key.w, params.attention.output.w, params.attention.query.w, params.attention.value.b, params.attention.value.w, params.down.w, params.norm1.beta, params.norm1.gamma, params.up.w, x",
      "rnn: params.wh, params.wi", "gru: params.wh, params.wi", "lstm: params.wh, params.wi",
      "sequential: params.0.w, params.3.w",
    ]);
  });
});

describe("what checkLayer excludes, and why it must", () => {
  it("batchNorm's running statistics have no derivative by design: checked as an output they fail, checkLayer leaves them out", () => {
    const bn = nn.batchNorm(4, { dtype: "float64" });
    const options = registry("batchNorm");
    const input = options.input ?? tensorOf([3, 4]);
    const withState = ({ p, x }: { p: unknown; x: AnyTensor }) => {
      const [y, state] = bn.run(p as Parameters<typeof bn.run>[0], bn.initState(), x, { train: true }); // p is drawn from bn's own init
      return { y, state };
    };
    const arbitrary = fc.record({ p: paramsOf(bn), x: input }, { noNullPrototype: true });
    const e = thrown(() => checkGradients(withState, arbitrary, { numRuns: 10 }));
    expect(e).toBeInstanceOf(GradientCheckError);
    checkGradients(withState, arbitrary, { numRuns: 10, outputs: ["y"] });
    checkLayer(bn, options);
  });

  it("dropout is checked in training with one fixed key: the mask is the same at x and x ± h·u", () => {
    // The same layer with a new mask per call (a key from a counter) has no derivative to check.
    let calls = 0;
    const inner = nn.dropout(0.5);
    const fresh = makeLayer({
      name: "dropoutFreshMask(0.5)", stateful: false, traits: { trainingDiffers: true }, init: () => null, initState: () => null,
      run: (_p, state, x, options) => [inner.run(null, null, x, { ...options, key: key(calls++) })[0], state],
    });
    const e = layerError(fresh, { inputShape: [3, 4], modes: ["train"] });
    expect(e.mode).toBe("train");
    checkLayer(nn.dropout(0.5), { inputShape: [3, 4], modes: ["train"] });
  });
});

describe("checkLayer names its misuses", () => {
  it("a float32 layer: the parameter and the fix", () => {
    const e = thrown(() => checkLayer(nn.dense(4, 3), { inputShape: [3, 4] }));
    expect(e).toBeInstanceOf(GradientCheckUsageError);
    expect(String(e)).toContain(`checkLayer(dense(4 → 3)): parameter "b" is float32[3]; finite differences need float64 (create the layer with { dtype: "float64" })`);
  });

  it("an input the layer rejects: the shape, the mode and the layer's own message", () => {
    const e = thrown(() => checkLayer(nn.dense(4, 3, { dtype: "float64" }), { inputShape: [3, 5] }));
    expect(e).toBeInstanceOf(GradientCheckUsageError);
    expect(String(e)).toMatch(/^TypeError: checkLayer\(dense\(4 → 3\)\): the layer rejects an input float64\[3, 5\] in eval mode: .*\[\.\.\., 4\]/);
  });

  it("traits that say training changes nothing, on a layer where it does", () => {
    const liar = makeLayer({ ...specOf(nn.dropout(0.5)), traits: { trainingDiffers: false } });
    const e = thrown(() => checkLayer(liar, { inputShape: [3, 4] }));
    expect(e).toBeInstanceOf(GradientCheckUsageError);
    expect(String(e)).toContain("checkLayer(dropout(0.5)): the layer's traits say training changes nothing, but train and eval outputs differ");
  });
});
