// The transformer training step in jax-js 0.1.25 (Wasm device), jit of the whole step: the same
// pre-norm block written with jax-js's nn.standardize, nn.softmax and nn.gelu (tanh form), the
// attention as softmax(QKᵀ/√d − 10⁹·[j > i]) V (its nn.dotProductAttention needs iterator helpers,
// which Node 20 lacks), valueAndGrad of the loss and the Adam updates of libs/mlp/jax.ts. Every
// array argument is consumed, so values used twice are passed as `.ref`.

import { jit, nn, numpy as np, tree, valueAndGrad } from "@jax-js/jax";
import { adamUpdates, ready } from "../mlp/jax.js";
import { adamStepSize } from "../mlp/problem.js";
import { dims, type TransformerInputs, type TransformerTrainer } from "./problem.js";

type JaxArray = ReturnType<typeof np.array>;
const names = ["wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo", "w1", "b1", "w2", "b2", "wHead", "bHead", "g1", "be1", "g2", "be2"] as const;
type Params = { [K in (typeof names)[number]]: JaxArray };
const { batch, length, width, heads, keySize, hidden, classes } = dims;

const layerNorm = (x: JaxArray, g: JaxArray, b: JaxArray): JaxArray => nn.standardize(x, -1, { epsilon: 1e-5 }).mul(g).add(b);
/** [B, T, h·d] → [B, h, T, d]. */
const split = (x: JaxArray): JaxArray => x.reshape([batch, length, heads, keySize]).transpose([0, 2, 1, 3]);

/** Causal attention of q, k, v: [B, h, T, d] → [B, T, h·d]. */
const attention = (q: JaxArray, k: JaxArray, v: JaxArray): JaxArray => {
  const future = np.tril(np.ones([length, length])).sub(1).mul(1e9); // 0 where j ≤ i, −10⁹ after
  const scores = np.matmul(q, k.transpose([0, 1, 3, 2])).mul(1 / Math.sqrt(keySize)).add(future);
  return np.matmul(nn.softmax(scores, -1), v).transpose([0, 2, 1, 3]).reshape([batch, length, heads * keySize]);
};

const logitsOf = (p: Params, x: JaxArray): JaxArray => {
  const n1 = layerNorm(x.ref, p.g1, p.be1);
  const q = split(np.matmul(n1.ref, p.wq).add(p.bq));
  const k = split(np.matmul(n1.ref, p.wk).add(p.bk));
  const v = split(np.matmul(n1, p.wv).add(p.bv));
  const attended = attention(q, k, v);
  const h = x.add(np.matmul(attended, p.wo).add(p.bo));
  const u = nn.gelu(np.matmul(layerNorm(h.ref, p.g2, p.be2), p.w1).add(p.b1), { approximate: true });
  const out = h.add(np.matmul(u, p.w2).add(p.b2));
  return np.matmul(out, p.wHead).add(p.bHead);
};

const loss = (p: Params, x: JaxArray, y: JaxArray): JaxArray => {
  const logits = logitsOf(p, x);
  const lse = nn.logsumexp(logits.ref, -1, { keepdims: true });
  return np.mean(np.sum(y.mul(lse.sub(logits)), -1));
};

const trainStep = (p: Params, m: Params, v: Params, step: JaxArray, x: JaxArray, y: JaxArray) => {
  const [value, g] = valueAndGrad(loss)(tree.ref(p), x, y);
  return { ...adamUpdates(names, p, g, m, v, step), loss: value };
};

const shapes: { readonly [K in (typeof names)[number]]: readonly number[] } = {
  wq: [width, heads * keySize], bq: [heads * keySize], wk: [width, heads * keySize], bk: [heads * keySize],
  wv: [width, heads * keySize], bv: [heads * keySize], wo: [heads * keySize, width], bo: [width],
  w1: [width, hidden], b1: [hidden], w2: [hidden, width], b2: [width], wHead: [width, classes], bHead: [classes],
  g1: [width], be1: [width], g2: [width], be2: [width],
};

export function jaxTransformer(inputs: TransformerInputs): TransformerTrainer {
  const ones = new Float32Array(width).fill(1);
  const zerosW = new Float32Array(width);
  const values = { ...inputs.params, g1: ones, be1: zerosW, g2: ones, be2: zerosW };
  const upload = (zero: boolean): Params => {
    const entries = names.map((k) => [k, np.array(zero ? new Float32Array(values[k].length) : values[k]).reshape([...shapes[k]])] as const);
    return Object.fromEntries(entries) as Params; // one array per name
  };
  const compiled = jit(trainStep);
  let state = { p: upload(false), m: upload(true), v: upload(true) };
  const x = np.array(inputs.x).reshape([batch, length, width]);
  const y = np.array(inputs.y).reshape([batch, length, classes]);
  let t = 0;
  let last: JaxArray | undefined;
  return {
    step: async () => {
      t += 1;
      const { p, m, v, loss: value } = compiled(state.p, state.m, state.v, np.array(adamStepSize(t)), x.ref, y.ref);
      state = { p, m, v };
      last?.dispose();
      last = value;
      await ready([value, p, m, v]);
    },
    lastLoss: async () => (last === undefined ? NaN : Number((await last.ref.data())[0])),
    dispose: () => {
      tree.dispose([state.p, state.m, state.v]);
      last?.dispose();
      x.dispose();
      y.dispose();
      compiled.dispose();
    },
  };
}
