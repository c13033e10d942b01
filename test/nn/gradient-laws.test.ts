// The gradient laws (laws/check-gradients.ts: jvp against central finite differences, and the
// dot-product identity ⟨u, vjp(v)⟩ = ⟨jvp(u), v⟩) for every differentiable export of src/nn, in
// float64 on inputs drawn by fast-check. The table is checked against the module's exports, so
// a new export cannot skip the laws: it must have a row here, an entry in the layer registry
// (laws/layers/registry.ts: the layers, checked whole by checkLayer in test/laws/layers.test.ts),
// or a stated reason not to.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as A from "../../laws/arbitraries.js";
import { checkGradients } from "../../laws/check-gradients.js";
import { LAYER_REGISTRY } from "../../laws/layers/registry.js";
import * as nn from "../../src/nn/index.js";
import { key } from "../../src/random/key.js";
import type { Shape } from "../../src/shape/dim.js";
import { fromArray } from "../../src/tensor/create.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";

const f64 = { dtype: "float64" } as const;
// A fixed seed keeps CI deterministic; NN_LAW_RUNS and NN_LAW_SEED run deeper or elsewhere
// (every row passed 600 random runs when this was written).
const RUNS = Number(process.env["NN_LAW_RUNS"] ?? 12);
const SEED = Number(process.env["NN_LAW_SEED"] ?? 20240);
const runs = { numRuns: RUNS, seed: SEED };

type T64 = Tensor<Shape, "float64">;
const isFloat64 = (t: AnyTensor): t is T64 => t.dtype === "float64";
const isInt32 = (t: AnyTensor): t is Tensor<Shape, "int32"> => t.dtype === "int32";

/** Numbers in [-2, 2], with magnitudes below 1e-150 flushed to 0: products of subnormal numbers
 *  keep only a few significant bits, more rounding than the laws' relative tolerances allow. */
const moderateIn = (min: number, max: number): fc.Arbitrary<number> => A.interval(min, max).map((v) => (Math.abs(v) < 1e-150 ? 0 : v));
const moderate = moderateIn(-2, 2);

/** float64 tensors of `dims` with elements from `values` (default `moderate`). */
const tensor64 = (dims: readonly number[], values: fc.Arbitrary<number> = moderate): fc.Arbitrary<T64> => A.tensorOf(dims, values).filter(isFloat64);
/** float64 tensors whose elements are pairwise at least `gap` apart (no ties for a max). */
const distinct64 = (dims: readonly number[], gap: number): fc.Arbitrary<T64> => A.distinctTensor(dims, -4, 4, gap).filter(isFloat64);
/** A float64 convolution kernel [KH, KW, C_in, C_out]. */
type Kernel = Tensor<[number, number, number, number], "float64">;
const kernel = (dims: readonly [number, number, number, number]): fc.Arbitrary<Kernel> =>
  A.tensorOf(dims, moderate).filter((t): t is Kernel => t.dtype === "float64" && t.shape.length === 4);
/** float64 tensors of rank 2 and 3, for functions whose types name the trailing dims. */
type Matrix64 = Tensor<[number, number], "float64">;
type Batch64 = Tensor<[number, number, number], "float64">;
const matrix64 = (dims: readonly [number, number]): fc.Arbitrary<Matrix64> => A.tensorOf(dims, moderate).filter((t): t is Matrix64 => t.dtype === "float64" && t.shape.length === 2);
const batch64 = (dims: readonly [number, number, number]): fc.Arbitrary<Batch64> => A.tensorOf(dims, moderate).filter((t): t is Batch64 => t.dtype === "float64" && t.shape.length === 3);
/** int32 labels or ids in [0, max]. */
const labels = (dims: readonly number[], max: number): fc.Arbitrary<Tensor<Shape, "int32">> => A.int32Tensor(dims, 0, max).filter(isInt32);

/** fc.record with plain (Object.prototype) records, which is what parameter trees are. */
const record = <R extends Record<string, unknown>>(model: { [K in keyof R]: fc.Arbitrary<R[K]> }): fc.Arbitrary<R> =>
  fc.record(model, { noNullPrototype: true }).map((r): R => ({ ...r }) as R); // every key of the model is required, so r has them all

/** Values in [-2, 2] at least 0.05 away from 0, where relu-like functions have a kink. */
const offZero = A.awayFrom(-2, 2, [0], 0.05);

interface Row {
  readonly name: string;
  /** The export(s) of src/nn the row exercises. */
  readonly covers: readonly string[];
  readonly check: () => void;
}

/** A row for a function of one input tensor drawn from `input`. */
const unary = (name: string, covers: readonly string[], f: (x: T64) => AnyTensor, input: fc.Arbitrary<T64>): Row =>
  ({ name, covers, check: () => checkGradients(f, input, { ...runs, name }) });

/** A row for a loss of (predictions, targets). */
const lossRow = (name: string, f: (p: T64, t: T64) => AnyTensor, p: fc.Arbitrary<T64>, t: fc.Arbitrary<T64>): Row =>
  ({ name, covers: [name], check: () => checkGradients(({ p: a, t: b }: { p: T64; t: T64 }) => f(a, b), record<{ p: T64; t: T64 }>({ p, t }), { ...runs, name }) });

const x34 = tensor64([3, 4]);
const probabilities = tensor64([3, 4], A.interval(0.05, 0.95));
const images = tensor64([2, 5, 4, 2]);
const rows: readonly Row[] = [
  unary("relu", ["relu"], (x) => nn.relu(x), tensor64([3, 4], offZero)),
  unary("leakyRelu", ["leakyRelu"], (x) => nn.leakyRelu(x, 0.2), tensor64([3, 4], offZero)),
  unary("elu", ["elu"], (x) => nn.elu(x, 1.5), tensor64([3, 4], offZero)),
  unary("gelu", ["gelu"], (x) => nn.gelu(x), x34),
  unary("gelu (exact)", ["gelu"], (x) => nn.gelu(x, { approximate: "none" }), tensor64([3, 4], moderateIn(-6, 6))),
  unary("sigmoid", ["sigmoid"], (x) => nn.sigmoid(x), x34),
  unary("tanh", ["tanh"], (x) => nn.tanh(x), x34),
  unary("softplus", ["softplus"], (x) => nn.softplus(x), tensor64([3, 4], moderateIn(-30, 30))),
  unary("logSigmoid", ["logSigmoid"], (x) => nn.logSigmoid(x), tensor64([3, 4], moderateIn(-30, 30))),
  unary("softmax", ["softmax"], (x) => nn.softmax(x), x34),
  unary("logSoftmax", ["logSoftmax"], (x) => nn.logSoftmax(x, 0), x34),
  lossRow("mse", (p, t) => nn.mse(p, t), x34, x34),
  lossRow("mae", (p, t) => nn.mae(p, t), tensor64([3, 4], A.awayFrom(-2, 2, [0], 0.05)), fc.constant<T64>(nn.initializers.zeros(key(0), [3, 4], "float64"))),
  lossRow("huber", (p, t) => nn.huber(p, t, 0.8), x34, x34),
  lossRow("crossEntropy", (p, t) => nn.crossEntropy(p, t), probabilities, probabilities),
  lossRow("softmaxCrossEntropy", (p, t) => nn.softmaxCrossEntropy(p, t), x34, probabilities),
  lossRow("binaryCrossEntropy", (p, t) => nn.binaryCrossEntropy(p, t), probabilities, probabilities),
  lossRow("sigmoidBinaryCrossEntropy", (p, t) => nn.sigmoidBinaryCrossEntropy(p, t), x34, probabilities),
  {
    name: "sparseSoftmaxCrossEntropy", covers: ["sparseSoftmaxCrossEntropy"],
    check: () => checkGradients(({ z, y }: { z: T64; y: Tensor<Shape, "int32"> }) => nn.sparseSoftmaxCrossEntropy(z, y),
      record<{ z: T64; y: Tensor<Shape, "int32"> }>({ z: x34, y: labels([3], 3) }), { ...runs, name: "sparseSoftmaxCrossEntropy" }),
  },
  {
    name: "l2Penalty", covers: ["l2Penalty"],
    check: () => checkGradients((tree: unknown) => nn.l2Penalty(tree, { weight: 0.3 }), A.parameterTree(A.tensorOf([2, 3], moderate)), { ...runs, name: "l2Penalty" }),
  },
  {
    name: "conv2dForward", covers: ["conv2dForward"],
    check: () => checkGradients(({ x, k }: { x: T64; k: Kernel }) => nn.conv2dForward(x, k, { stride: [2, 1], padding: 1, dilation: [1, 2] }),
      record<{ x: T64; k: Kernel }>({ x: images, k: kernel([3, 2, 2, 3]) }), { ...runs, name: "conv2dForward" }),
  },
  unary("maxPool", ["maxPool"], (x) => nn.maxPool(x, 2, { stride: 1, padding: 1 }), distinct64([2, 5, 4, 2], 0.01)),
  unary("avgPool", ["avgPool"], (x) => nn.avgPool(x, 3, { stride: 2, padding: "same" }), images),
  {
    name: "dotProductAttention (causal, with a mask)", covers: ["dotProductAttention"],
    check: () => {
      const mask = fromArray([1, 1, 0, 1, 1, 1, 1, 0], [2, 1, 4], "bool");
      type Qkv = { q: Batch64; k: Batch64; v: Batch64 };
      checkGradients(({ q, k, v }: Qkv) => nn.dotProductAttention(q, k, v, { causal: true, mask }),
        record<Qkv>({ q: batch64([2, 3, 2]), k: batch64([2, 4, 2]), v: batch64([2, 4, 3]) }), { ...runs, name: "dotProductAttention" });
    },
  },
  {
    name: "gruCell and lstmCell (one step)", covers: ["gruCell", "lstmCell"],
    check: () => {
      // Each cell's parameters drawn as those of the layer running it over time.
      const g = nn.gruCell(3, 2, f64);
      type GruIn = { p: ReturnType<typeof g.init>; h: Tensor<[number, 2], "float64">; x: Tensor<[number, 3], "float64"> };
      const rows = <N extends number>(n: N) => matrix64([2, n]).filter((t): t is Tensor<[number, N], "float64"> => t.shape[1] === n);
      checkGradients(({ p, h, x }: GruIn) => g.step(p, h, x), record<GruIn>({ p: A.paramsOf(nn.rnn(g)), h: rows(2), x: rows(3) }), { ...runs, name: "gruCell" });
      const l = nn.lstmCell(3, 2, f64);
      type LstmIn = { p: ReturnType<typeof l.init>; h: Tensor<[number, 2], "float64">; c: Tensor<[number, 2], "float64">; x: Tensor<[number, 3], "float64"> };
      checkGradients(({ p, h, c, x }: LstmIn) => l.step(p, { h, c }, x), record<LstmIn>({ p: A.paramsOf(nn.rnn(l)), h: rows(2), c: rows(2), x: rows(3) }), { ...runs, name: "lstmCell" });
    },
  },
];

/** Exports that are not differentiable functions of tensors, and why. */
const exempt: { readonly [name: string]: string } = {
  accuracy: "a metric: piecewise constant, derivative zero",
  topK: "a metric: piecewise constant, derivative zero",
  windowGeometry: "plain numbers",
  fans: "plain numbers",
  gradientNorm: "reads numbers out of concrete gradients",
  layerGradientNorms: "reads numbers out of concrete gradients",
  constant: "an initializer (tested in init.test.ts)",
  gaussian: "an initializer",
  glorotNormal: "an initializer",
  glorotUniform: "an initializer",
  heNormal: "an initializer",
  heUniform: "an initializer",
  lecunNormal: "an initializer",
  lecunUniform: "an initializer",
  orthogonal: "an initializer",
  initializers: "the initializers by name",
  LabelError: "an error class",
  LayerConfigError: "an error class",
  causalMask: "a constant boolean mask",
  sinusoidalTable: "a constant table of plain numbers",
  greedyDecode: "argmax in a host loop: piecewise constant (tested in sequence-layers.test.ts)",
};

describe("gradient laws for every differentiable export of nn (float64)", () => {
  for (const row of rows) it(row.name, row.check);

  it("covers every export: each has a row above or a stated exemption", () => {
    const covered = new Set([...rows.flatMap((r) => r.covers), ...Object.keys(LAYER_REGISTRY)]);
    const unaccounted = Object.keys(nn).filter((name) => !covered.has(name) && !(name in exempt));
    expect(unaccounted).toEqual([]);
    expect(Object.keys(exempt).filter((name) => !(name in nn))).toEqual([]);
  });
});
