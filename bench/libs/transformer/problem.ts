// The transformer training-step workload shared by the libraries: one pre-norm transformer block
// (4 causal heads of 32, MLP 128 → 512 → 128 with tanh-form gelu, layer norms with ε = 1e-5 and
// no learned offset change from 1 / 0 at the start) on inputs x: [32, 64, 128] float32, then a
// dense layer to 128 classes and softmax cross-entropy against one-hot targets, and one Adam
// step (lr 10⁻³, bias-corrected). Every library starts from the same seeded numbers; weights are
// stored as row-major [in, out] matrices ([128, 4·32] for the head projections).

import { mulberry32, seededFloat32 } from "../../lib/rng.js";

export const dims = { batch: 32, length: 64, width: 128, heads: 4, keySize: 32, hidden: 512, classes: 128 } as const;

type F32 = Float32Array<ArrayBuffer>;
export interface TransformerParams {
  readonly wq: F32; readonly bq: F32; readonly wk: F32; readonly bk: F32; readonly wv: F32; readonly bv: F32;
  readonly wo: F32; readonly bo: F32; readonly w1: F32; readonly b1: F32; readonly w2: F32; readonly b2: F32;
  readonly wHead: F32; readonly bHead: F32;
}

export interface TransformerInputs {
  readonly params: TransformerParams;
  /** [batch, length, width] row-major. */
  readonly x: F32;
  /** [batch, length, classes] one-hot rows, and their class ids. */
  readonly y: F32;
  readonly labels: Int32Array<ArrayBuffer>;
}

const glorot = (fanIn: number, fanOut: number, seed: number): F32 => {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  return seededFloat32(fanIn * fanOut, seed, -a, a);
};

export function transformerInputs(): TransformerInputs {
  const { batch, length, width, heads, keySize, hidden, classes } = dims;
  const inner = heads * keySize;
  const bias = (n: number, seed: number) => seededFloat32(n, seed, -0.1, 0.1);
  const params: TransformerParams = {
    wq: glorot(width, inner, 301), bq: bias(inner, 302), wk: glorot(width, inner, 303), bk: bias(inner, 304),
    wv: glorot(width, inner, 305), bv: bias(inner, 306), wo: glorot(inner, width, 307), bo: bias(width, 308),
    w1: glorot(width, hidden, 309), b1: bias(hidden, 310), w2: glorot(hidden, width, 311), b2: bias(width, 312),
    wHead: glorot(width, classes, 313), bHead: bias(classes, 314),
  };
  const next = mulberry32(315);
  const labels = Int32Array.from({ length: batch * length }, () => Math.floor(next() * classes));
  const y = new Float32Array(batch * length * classes);
  labels.forEach((c, i) => {
    y[i * classes + c] = 1;
  });
  return { params, x: seededFloat32(batch * length * width, 316, -1, 1), y, labels };
}

/** What each library's adapter provides: training steps, and the loss of the last one. */
export interface TransformerTrainer {
  readonly step: () => Promise<void>;
  readonly lastLoss: () => Promise<number>;
  readonly dispose: () => void;
}
