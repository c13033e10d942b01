// The transformer training step in tygrad, through the package as users install it ("tygrad"): nn.transformerBlock (pre-norm,
// causal nn.multiHeadAttention, gelu MLP) and nn.dense, softmax cross-entropy, the library's Adam,
// the whole step compiled by jit on the WebAssembly backend (one thread), parameters and Adam
// state donated. Also the loss at the initial parameters in float64, eagerly: the case's oracle.

import { createWasmBackend, fromArray, full, jit, key, nn, optim, valueAndGrad, type FloatDType, type Tensor } from "tygrad";
import { adam as adamSettings } from "../mlp/problem.js";
import { dims, type TransformerInputs, type TransformerParams, type TransformerTrainer } from "./problem.js";

const { batch, length, width, heads, keySize, hidden, classes } = dims;
const layers = <D extends FloatDType>(dtype: D) => ({
  block: nn.transformerBlock(width, { heads, keySize, mlpRatio: hidden / width, causal: true, dtype }),
  head: nn.dense(width, classes, { dtype }),
});

/** The shared numbers as tygrad parameters of dtype D (layer norms γ = 1, β = 0). */
function paramsOf<D extends FloatDType>(p: TransformerParams, dtype: D) {
  const { block, head } = layers(dtype);
  const template = { block: block.init(key(0)), head: head.init(key(0)) };
  const t = <const S extends readonly number[]>(values: Float32Array, shape: S) => fromArray(values, shape, dtype);
  const norm = { gamma: full([width], 1, dtype), beta: full([width], 0, dtype) };
  const params: typeof template = {
    block: {
      norm1: norm, norm2: norm,
      attention: {
        query: { w: t(p.wq, [width, heads, keySize]), b: t(p.bq, [heads, keySize]) },
        key: { w: t(p.wk, [width, heads, keySize]), b: t(p.bk, [heads, keySize]) },
        value: { w: t(p.wv, [width, heads, keySize]), b: t(p.bv, [heads, keySize]) },
        output: { w: t(p.wo, [heads, keySize, width]), b: t(p.bo, [width]) },
      },
      up: { w: t(p.w1, [width, hidden]), b: t(p.b1, [hidden]) },
      down: { w: t(p.w2, [hidden, width]), b: t(p.b2, [width]) },
    },
    head: { w: t(p.wHead, [width, classes]), b: t(p.bHead, [classes]) },
  };
  return params;
}

const f32 = layers("float32");
type Params = ReturnType<typeof paramsOf<"float32">>;
type X = Tensor<[number, number, 128]>;
type Y = Tensor<[number, number, 128]>;
const lossOf = (p: Params, x: X, y: Y) => nn.softmaxCrossEntropy(f32.head.apply(p.head, f32.block.apply(p.block, x)), y);
const optimizer = optim.adam(adamSettings.lr, { b1: adamSettings.beta1, b2: adamSettings.beta2, eps: adamSettings.eps });
const trainStep = (p: Params, s: ReturnType<typeof optimizer.init<Params>>, x: X, y: Y) => {
  const [loss, grads] = valueAndGrad(lossOf)(p, x, y);
  const [updates, next] = optimizer.update(grads, s, p);
  return { params: optim.applyUpdates(p, updates), state: next, loss };
};

const backend = createWasmBackend({ threads: false });
export const closeTygradTransformer = (): Promise<void> => backend.close();

export function tygradTransformer(inputs: TransformerInputs): TransformerTrainer {
  const step = jit(trainStep, { backend, donate: [0, 1] });
  let params: Params = paramsOf(inputs.params, "float32");
  let state = optimizer.init(params);
  const x = fromArray(inputs.x, [batch, length, width]);
  const y = fromArray(inputs.y, [batch, length, classes]);
  let last = NaN;
  return {
    step: async () => {
      const out = step(params, state, x, y);
      params = out.params;
      state = out.state;
      last = out.loss.item();
    },
    lastLoss: async () => last,
    dispose: () => undefined,
  };
}

/** The loss at the shared initial parameters, in float64, eagerly. */
export function referenceLoss(inputs: TransformerInputs): number {
  const f64 = layers("float64");
  const p: nn.ParamsOf<typeof f64.block> = paramsOf(inputs.params, "float64").block;
  const h = paramsOf(inputs.params, "float64").head;
  const x = fromArray(inputs.x, [batch, length, width], "float64");
  const y = fromArray(inputs.y, [batch, length, classes], "float64");
  return nn.softmaxCrossEntropy(f64.head.apply(h, f64.block.apply(p, x)), y).item();
}
