// Two small classifiers with hand-written gradients over plain typed arrays, used to measure how
// hard a dataset is: softmax regression (a linear model) and an MLP with one ReLU hidden layer,
// both trained by mini-batch SGD on the mean cross-entropy. Fast enough to train on thousands of
// 784-pixel images in seconds; their gradients are checked against the library's autodiff in
// classifiers.test.ts. Test infrastructure, not part of the library.
//
// Cross-entropy of logits z for class y: L = log Σ_k e^{z_k} − z_y, with ∂L/∂z = softmax(z) − e_y.

import { normalArray } from "../../src/random/continuous.js";
import { permutationArray } from "../../src/random/discrete.js";
import { fold, split, type Key } from "../../src/random/key.js";

/** Examples as flat arrays: x [n, d] row-major, y [n] class ids. */
export interface Examples {
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly n: number;
  readonly d: number;
}

export interface Classifier {
  /** The parameter arrays, updated in place by `sgd`. */
  readonly params: readonly Float32Array[];
  /** Writes the logits of example `i` into `out`. */
  readonly logits: (data: Examples, i: number, out: Float32Array) => void;
  /** Mean cross-entropy over the examples `idx` and its gradient for each parameter array. */
  readonly lossAndGrad: (data: Examples, idx: ArrayLike<number>) => { readonly loss: number; readonly grads: readonly Float32Array[] };
}

/** Turns z into softmax(z) − e_y in place and returns the cross-entropy log Σ e^z − z_y. */
const crossEntropyGrad = (z: Float32Array, y: number): number => {
  let m = -Infinity;
  for (const v of z) m = Math.max(m, v);
  let s = 0;
  for (let k = 0; k < z.length; k++) s += Math.exp((z[k] ?? 0) - m);
  const loss = m + Math.log(s) - (z[y] ?? 0);
  for (let k = 0; k < z.length; k++) z[k] = Math.exp((z[k] ?? 0) - m) / s - (k === y ? 1 : 0);
  return loss;
};

/** out += v · row, for `length` elements of `w` starting at `at`. */
const axpy = (out: Float32Array, v: number, w: Float32Array, at: number, length: number): void => {
  for (let k = 0; k < length; k++) out[k] = (out[k] ?? 0) + v * (w[at + k] ?? 0);
};

/** Softmax regression: z = x W + b, W [d, classes]. Starts from zero. */
export const softmaxRegression = (d: number, classes: number): Classifier => {
  const [W, b] = [new Float32Array(d * classes), new Float32Array(classes)];
  const logits = (data: Examples, i: number, z: Float32Array): void => {
    z.set(b);
    for (let j = 0; j < d; j++) {
      const v = data.x[i * d + j] ?? 0;
      if (v !== 0) axpy(z, v, W, j * classes, classes);
    }
  };
  return {
    params: [W, b],
    logits,
    lossAndGrad(data, idx) {
      const [gW, gb] = [new Float32Array(W.length), new Float32Array(classes)];
      const z = new Float32Array(classes);
      let loss = 0;
      for (let r = 0; r < idx.length; r++) {
        const i = idx[r] ?? 0;
        logits(data, i, z);
        loss += crossEntropyGrad(z, data.y[i] ?? 0);
        // ∂L/∂W_jk = x_j · ∂L/∂z_k,  ∂L/∂b_k = ∂L/∂z_k
        for (let j = 0; j < d; j++) {
          const v = data.x[i * d + j] ?? 0;
          if (v !== 0) for (let k = 0; k < classes; k++) gW[j * classes + k] = (gW[j * classes + k] ?? 0) + v * (z[k] ?? 0);
        }
        for (let k = 0; k < classes; k++) gb[k] = (gb[k] ?? 0) + (z[k] ?? 0);
      }
      const scale = 1 / idx.length;
      return { loss: loss * scale, grads: [gW.map((g) => g * scale), gb.map((g) => g * scale)] };
    },
  };
};

/** An MLP: h = relu(x W1 + b1), z = h W2 + b2, with He-initialised W1 and Glorot-like W2. */
export const mlp = (key: Key, d: number, hidden: number, classes: number): Classifier => {
  const [k1, k2] = split(key, 2);
  const W1 = normalArray(k1, d * hidden, "float32", 0, Math.sqrt(2 / d));
  const b1 = new Float32Array(hidden);
  const W2 = normalArray(k2, hidden * classes, "float32", 0, Math.sqrt(1 / hidden));
  const b2 = new Float32Array(classes);
  const h = new Float32Array(hidden);
  const forward = (data: Examples, i: number, z: Float32Array): void => {
    h.set(b1);
    for (let j = 0; j < d; j++) {
      const v = data.x[i * d + j] ?? 0;
      if (v !== 0) axpy(h, v, W1, j * hidden, hidden);
    }
    for (let m = 0; m < hidden; m++) h[m] = Math.max(0, h[m] ?? 0);
    z.set(b2);
    for (let m = 0; m < hidden; m++) if ((h[m] ?? 0) !== 0) axpy(z, h[m] ?? 0, W2, m * classes, classes);
  };
  return {
    params: [W1, b1, W2, b2],
    logits: forward,
    lossAndGrad(data, idx) {
      const g = [new Float32Array(W1.length), new Float32Array(hidden), new Float32Array(W2.length), new Float32Array(classes)] as const;
      const [gW1, gb1, gW2, gb2] = g;
      const z = new Float32Array(classes);
      const dh = new Float32Array(hidden);
      let loss = 0;
      for (let r = 0; r < idx.length; r++) {
        const i = idx[r] ?? 0;
        forward(data, i, z);
        loss += crossEntropyGrad(z, data.y[i] ?? 0);
        // ∂L/∂W2 = h ⊗ δz;  ∂L/∂h = W2 δz, passed through relu' = [h > 0];  ∂L/∂W1 = x ⊗ δh
        for (let m = 0; m < hidden; m++) {
          let back = 0;
          for (let k = 0; k < classes; k++) {
            gW2[m * classes + k] = (gW2[m * classes + k] ?? 0) + (h[m] ?? 0) * (z[k] ?? 0);
            back += (W2[m * classes + k] ?? 0) * (z[k] ?? 0);
          }
          dh[m] = (h[m] ?? 0) > 0 ? back : 0;
          gb1[m] = (gb1[m] ?? 0) + (dh[m] ?? 0);
        }
        for (let k = 0; k < classes; k++) gb2[k] = (gb2[k] ?? 0) + (z[k] ?? 0);
        for (let j = 0; j < d; j++) {
          const v = data.x[i * d + j] ?? 0;
          if (v !== 0) for (let m = 0; m < hidden; m++) gW1[j * hidden + m] = (gW1[j * hidden + m] ?? 0) + v * (dh[m] ?? 0);
        }
      }
      const scale = 1 / idx.length;
      return { loss: loss * scale, grads: g.map((a) => a.map((v) => v * scale)) };
    },
  };
};

export interface SgdOptions {
  readonly key: Key;
  readonly epochs: number;
  readonly batchSize: number;
  /** The first epoch's step size; it decays linearly towards 0 over the run. */
  readonly learningRate: number;
  /** Called after each epoch (for progress reports). */
  readonly onEpoch?: (epoch: number) => void;
}

/** Mini-batch SGD: each epoch visits the examples in a fresh random order from the key. */
export const sgd = (model: Classifier, data: Examples, options: SgdOptions): void => {
  for (let e = 0; e < options.epochs; e++) {
    const order = permutationArray(fold(options.key, e), data.n);
    const rate = options.learningRate * (1 - e / options.epochs);
    for (let s = 0; s < data.n; s += options.batchSize) {
      const { grads } = model.lossAndGrad(data, order.subarray(s, s + options.batchSize));
      model.params.forEach((p, q) => {
        const g = grads[q] ?? new Float32Array(p.length);
        for (let k = 0; k < p.length; k++) p[k] = (p[k] ?? 0) - rate * (g[k] ?? 0);
      });
    }
    options.onEpoch?.(e + 1);
  }
};

/** The fraction of examples whose largest logit is their class. */
export const accuracy = (model: Classifier, data: Examples, classes: number): number => {
  const z = new Float32Array(classes);
  let correct = 0;
  for (let i = 0; i < data.n; i++) {
    model.logits(data, i, z);
    let best = 0;
    for (let k = 1; k < classes; k++) if ((z[k] ?? 0) > (z[best] ?? 0)) best = k;
    if (best === data.y[i]) correct++;
  }
  return correct / data.n;
};
