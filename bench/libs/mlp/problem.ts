// The MLP training-step workload shared by every library: a 784-128-10 ReLU network, softmax
// cross-entropy on one-hot labels, batch 128, float32, and one Adam step (lr 10⁻³, β₁ 0.9,
// β₂ 0.999, ε 10⁻⁸, with bias correction). Parameters start from a seeded Glorot-uniform
// initialisation, pixels are uniform in [0, 1) and labels uniform over the 10 classes, all from
// mulberry32, so every library starts from identical numbers.

import { mulberry32, seededFloat32 } from "../../lib/rng.js";

export const sizes = { inputs: 784, hidden: 128, classes: 10, batch: 128 } as const;
export const adam = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

export interface MlpParams {
  readonly w1: Float32Array<ArrayBuffer>;
  readonly b1: Float32Array<ArrayBuffer>;
  readonly w2: Float32Array<ArrayBuffer>;
  readonly b2: Float32Array<ArrayBuffer>;
}

export interface MlpBatch {
  readonly size: number;
  /** [size, inputs], row-major. */
  readonly x: Float32Array<ArrayBuffer>;
  /** [size, classes] one-hot rows. */
  readonly y: Float32Array<ArrayBuffer>;
  /** [size] class ids. */
  readonly labels: Int32Array<ArrayBuffer>;
}

export interface MlpInputs {
  readonly params: MlpParams;
  /** Training batches, used in turn. */
  readonly batches: readonly MlpBatch[];
  /** Held-out examples for the accuracy check (MNIST only). */
  readonly heldOut?: MlpBatch;
}

/** What each library's adapter provides: training steps over the batches in turn, and evaluation. */
export interface Trainer {
  /** One training step on the next batch; resolves once its results are computed. */
  readonly step: () => Promise<void>;
  /** The loss of the last step. */
  readonly lastLoss: () => Promise<number>;
  /** Fraction of `batch` classified correctly by the current parameters. */
  readonly accuracy: (batch: MlpBatch) => Promise<number>;
  readonly dispose: () => void;
}

/** The index of the largest of `classes` scores in row `r`. */
export const argmaxRow = (scores: ArrayLike<number>, r: number, classes: number): number => {
  let best = 0;
  for (let c = 1; c < classes; c++) if ((scores[r * classes + c] ?? -Infinity) > (scores[r * classes + best] ?? -Infinity)) best = c;
  return best;
};

/** Fraction of rows whose argmax is the label. */
export const accuracyOf = (scores: ArrayLike<number>, labels: Int32Array): number => {
  let correct = 0;
  labels.forEach((label, r) => {
    if (argmaxRow(scores, r, sizes.classes) === label) correct++;
  });
  return correct / labels.length;
};

const glorot = (fanIn: number, fanOut: number, seed: number): Float32Array<ArrayBuffer> => {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  return seededFloat32(fanIn * fanOut, seed, -a, a);
};

export const initParams = (seed: number): MlpParams => ({
  w1: glorot(sizes.inputs, sizes.hidden, seed),
  b1: new Float32Array(sizes.hidden),
  w2: glorot(sizes.hidden, sizes.classes, seed + 1),
  b2: new Float32Array(sizes.classes),
});

export const oneHot = (labels: Int32Array, classes: number): Float32Array<ArrayBuffer> => {
  const y = new Float32Array(labels.length * classes);
  labels.forEach((c, i) => {
    y[i * classes + c] = 1;
  });
  return y;
};

export const randomBatch = (seed: number): MlpBatch => {
  const next = mulberry32(seed);
  const labels = Int32Array.from({ length: sizes.batch }, () => Math.floor(next() * sizes.classes));
  return { size: sizes.batch, x: seededFloat32(sizes.batch * sizes.inputs, seed + 1, 0, 1), y: oneHot(labels, sizes.classes), labels };
};

export const mlpInputs = (): MlpInputs => ({ params: initParams(101), batches: [randomBatch(202)] });

/** The loss of `params` on `batch`, in double precision: the oracle every library's first loss is checked against. */
export function referenceLoss(params: MlpParams, batch: MlpBatch): number {
  const { inputs, hidden, classes } = sizes;
  const n = batch.labels.length;
  let total = 0;
  const h = new Float64Array(hidden);
  const logits = new Float64Array(classes);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < hidden; j++) {
      let s = params.b1[j] ?? 0;
      for (let i = 0; i < inputs; i++) s += (batch.x[r * inputs + i] ?? 0) * (params.w1[i * hidden + j] ?? 0);
      h[j] = Math.max(s, 0);
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = params.b2[c] ?? 0;
      for (let j = 0; j < hidden; j++) s += (h[j] ?? 0) * (params.w2[j * classes + c] ?? 0);
      logits[c] = s;
      max = Math.max(max, s);
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp((logits[c] ?? 0) - max);
    total += max + Math.log(sum) - (logits[batch.labels[r] ?? 0] ?? 0);
  }
  return total / n;
}

/** Adam's bias-corrected step size at step t (1-based): lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ). */
export const adamStepSize = (t: number): number => (adam.lr * Math.sqrt(1 - adam.beta2 ** t)) / (1 - adam.beta1 ** t);
