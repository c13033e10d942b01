// Measures how hard the glyph digits are: test accuracy of softmax regression (linear) and of a
// one-hidden-layer MLP, both trained by mini-batch SGD (classifiers.ts).
//   npx tsx test/data/glyph-learnability.ts [train=10000] [epochs=15] [hidden=128]
// hidden = 0 skips the MLP. Not a unit test (the MLP takes most of a minute); glyphs.test.ts
// checks a cheaper version of the linear figure.

import { flattenFeatures } from "../../src/data/dataset.js";
import { glyphDigits } from "../../src/data/glyphs.js";
import { key } from "../../src/random/key.js";
import { accuracy, mlp, sgd, softmaxRegression, type Classifier, type Examples } from "./classifiers.js";

const [trainN = 10000, epochs = 15, hidden = 128] = process.argv.slice(2).map(Number);

const examples = (seed: number, n: number): Examples => {
  const ds = flattenFeatures(glyphDigits(key(seed), { n }));
  return { x: ds.features.toArray(), y: ds.labels.toArray(), n, d: 784 };
};
const train = examples(1, trainN);
const test = examples(2, 2000);

const run = (name: string, model: Classifier): void => {
  const started = performance.now();
  sgd(model, train, {
    key: key(3), epochs, batchSize: 32, learningRate: 0.1,
    onEpoch: (e) => {
      if (e % 5 !== 0 && e !== epochs) return;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${name} epoch ${e}: train ${(100 * accuracy(model, train, 10)).toFixed(1)}%  test ${(100 * accuracy(model, test, 10)).toFixed(1)}%  (${seconds} s)`);
    },
  });
};

console.log(`glyph digits: ${train.n} training, ${test.n} test images`);
run("linear", softmaxRegression(784, 10));
if (hidden > 0) run(`mlp-${hidden}`, mlp(key(4), 784, hidden, 10));
