// The MLP training step in jax-js 0.1.25 (Wasm device): valueAndGrad of the loss and a
// hand-written Adam update (jax-js's optax package is not among the pinned dependencies), eager
// or jit of the whole step. Every array argument is consumed, so values used again are passed as
// `.ref` (jax-js's ownership rules); results are awaited with blockUntilReady.

import { jit, nn, numpy as np, tree, valueAndGrad } from "@jax-js/jax";
import { accuracyOf, adam, adamStepSize, sizes, type MlpBatch, type MlpParams, type Trainer } from "./problem.js";

type JaxArray = ReturnType<typeof np.array>;
type Params = { w1: JaxArray; b1: JaxArray; w2: JaxArray; b2: JaxArray };

const logitsOf = (p: Params, x: JaxArray): JaxArray => np.matmul(nn.relu(np.matmul(x, p.w1).add(p.b1)), p.w2).add(p.b2);

const loss = (p: Params, x: JaxArray, y: JaxArray): JaxArray => {
  const logits = logitsOf(p, x);
  const lse = nn.logsumexp(logits.ref, -1, { keepdims: true });
  return np.mean(np.sum(y.mul(lse.sub(logits)), -1));
};

/** Resolves once every array of the trees is computed. */
export const ready = (trees: readonly (JaxArray | { readonly [name: string]: JaxArray })[]): Promise<unknown> =>
  Promise.all(trees.flatMap((t) => tree.leaves<JaxArray>(t)).map((a) => a.ref.blockUntilReady().then((r: JaxArray) => r.dispose())));

/** One bias-corrected Adam update of p with gradient g and moments m, v (`step` the corrected step size). */
const update = (p: JaxArray, g: JaxArray, m: JaxArray, v: JaxArray, step: JaxArray): [JaxArray, JaxArray, JaxArray] => {
  const m2 = m.mul(adam.beta1).add(g.ref.mul(1 - adam.beta1));
  const v2 = v.mul(adam.beta2).add(g.ref.mul(g).mul(1 - adam.beta2));
  const p2 = p.sub(step.mul(m2.ref).div(np.sqrt(v2.ref).add(adam.eps)));
  return [p2, m2, v2];
};

/** Adam on every named array of p, m, v with gradients g; `step` is consumed once per name. */
export function adamUpdates<K extends string>(names: readonly K[], p: Record<K, JaxArray>, g: Record<K, JaxArray>, m: Record<K, JaxArray>, v: Record<K, JaxArray>, step: JaxArray) {
  const out = { p: { ...p }, m: { ...m }, v: { ...v } };
  names.forEach((k, i) => {
    [out.p[k], out.m[k], out.v[k]] = update(p[k], g[k], m[k], v[k], i === names.length - 1 ? step : step.ref);
  });
  return out;
}

const keys = ["w1", "b1", "w2", "b2"] as const;

/** (params, m, v, stepSize, x, y) → { p, m, v, loss } updated, with the bias-corrected step size as an input. */
const trainStep = (p: Params, m: Params, v: Params, step: JaxArray, x: JaxArray, y: JaxArray) => {
  const [value, g] = valueAndGrad(loss)(tree.ref(p), x, y);
  return { ...adamUpdates(keys, p, g, m, v, step), loss: value };
};

const upload = (p: MlpParams): Params => ({
  w1: np.array(p.w1).reshape([sizes.inputs, sizes.hidden]),
  b1: np.array(p.b1),
  w2: np.array(p.w2).reshape([sizes.hidden, sizes.classes]),
  b2: np.array(p.b2),
});
const zeros = (p: MlpParams): Params =>
  upload({ w1: new Float32Array(p.w1.length), b1: new Float32Array(p.b1.length), w2: new Float32Array(p.w2.length), b2: new Float32Array(p.b2.length) });

export const jaxTrainer = (params: MlpParams, batches: readonly MlpBatch[], mode: "eager" | "jit"): Trainer => {
  const compiled = mode === "jit" ? jit(trainStep) : undefined;
  const f = compiled ?? trainStep;
  let state = { p: upload(params), m: zeros(params), v: zeros(params) };
  const data = batches.map((b) => ({
    x: np.array(b.x).reshape([b.size, sizes.inputs]),
    y: np.array(b.y).reshape([b.size, sizes.classes]),
  }));
  let t = 0;
  let last: JaxArray | undefined;
  return {
    step: async () => {
      const batch = data[t % data.length];
      if (batch === undefined) throw new Error("jax: no batches");
      t += 1;
      const { p, m, v, loss: value } = f(state.p, state.m, state.v, np.array(adamStepSize(t)), batch.x.ref, batch.y.ref);
      state = { p, m, v };
      last?.dispose();
      last = value;
      await ready([value, p, m, v]);
    },
    lastLoss: async () => (last === undefined ? NaN : Number((await last.ref.data())[0])),
    accuracy: async (batch) => {
      const logits = logitsOf(tree.ref(state.p), np.array(batch.x).reshape([batch.size, sizes.inputs]));
      return accuracyOf(await logits.data(), batch.labels);
    },
    dispose: () => {
      tree.dispose([state.p, state.m, state.v]);
      last?.dispose();
      data.forEach((b) => {
        b.x.dispose();
        b.y.dispose();
      });
      compiled?.dispose();
    },
  };
};
