// The MLP training step in TensorFlow.js 4.22 (cpu or wasm backend): variables, the same loss
// written with tf ops, and tf.train.adam's optimizer.minimize (Adam with bias correction). Both
// backends run synchronously inside minimize.

import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { accuracyOf, adam, sizes, type MlpBatch, type MlpParams, type Trainer } from "./problem.js";

export type TfBackend = "cpu" | "wasm";

const use = async (backend: TfBackend): Promise<void> => {
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs: backend ${backend} failed to initialise`);
  }
  await tf.ready();
};

export const tfjsTrainer = async (init: MlpParams, batches: readonly MlpBatch[], backend: TfBackend): Promise<Trainer> => {
  await use(backend);
  const w1 = tf.variable(tf.tensor2d(init.w1, [sizes.inputs, sizes.hidden]));
  const b1 = tf.variable(tf.tensor1d(init.b1));
  const w2 = tf.variable(tf.tensor2d(init.w2, [sizes.hidden, sizes.classes]));
  const b2 = tf.variable(tf.tensor1d(init.b2));
  const data = batches.map((b) => ({ x: tf.tensor2d(b.x, [b.size, sizes.inputs]), y: tf.tensor2d(b.y, [b.size, sizes.classes]) }));
  const optimizer = tf.train.adam(adam.lr, adam.beta1, adam.beta2, adam.eps);
  const logitsOf = (x: tf.Tensor2D): tf.Tensor2D => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
  let t = 0;
  let last = NaN;
  return {
    step: async () => {
      const batch = data[t % data.length];
      if (batch === undefined) throw new Error("tfjs: no batches");
      t += 1;
      const value = optimizer.minimize(() => {
        const logits = logitsOf(batch.x);
        return tf.mean(tf.sum(tf.mul(batch.y, tf.sub(tf.logSumExp(logits, 1, true), logits)), 1));
      }, true, [w1, b1, w2, b2]);
      if (value === null) throw new Error("tfjs: minimize returned no loss");
      last = value.dataSync()[0] ?? NaN;
      value.dispose();
    },
    lastLoss: async () => last,
    accuracy: async (batch) => {
      const scores = tf.tidy(() => logitsOf(tf.tensor2d(batch.x, [batch.size, sizes.inputs])));
      const values = scores.dataSync();
      scores.dispose();
      return accuracyOf(values, batch.labels);
    },
    dispose: () => {
      [w1, b1, w2, b2].forEach((v) => v.dispose());
      data.forEach((b) => {
        b.x.dispose();
        b.y.dispose();
      });
      optimizer.dispose();
    },
  };
};
