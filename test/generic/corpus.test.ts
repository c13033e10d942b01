// The generic model corpus (test/generic/*.ts) run for real: each model, written generic over its
// batch (and sequence length or image size) with no casts, trains for a few Adam steps on a fixed
// batch at two different sizes, and its loss falls. `npm test` type-checks the same files, so
// these tests run exactly the code the compiler accepted.
import { describe, expect, it } from "vitest";
import { fromArray, key, mean, random, reshape, tree, splitKey, optim, nn, valueAndGrad, type Key, type Tensor } from "../../src/index.js";
import { block, embed, layers as gptLayers, type BlockParams } from "./gpt-block.js";
import { classifier, classify, features, type Params as ResnetParams } from "./resnet.js";
import { gruClassify, type Gate, type GruParams } from "./gru.js";
import { layers as mixerLayers, mixerClassify, type MixerParams } from "./mixer.js";
import { layers as vaeLayers, vaeLoss, type VaeParams } from "./vae.js";

/** n Adam steps on one loss; the losses seen, first to last. */
function train<P>(params: P, loss: (p: P, step: number) => Tensor<[]>, steps: number, lr = 1e-2): number[] {
  const adam = optim.adam(lr);
  let p = params;
  let state = adam.init(p);
  const seen: number[] = [];
  for (let i = 0; i < steps; i++) {
    const [value, grads] = valueAndGrad((q: P) => loss(q, i))(p);
    seen.push(value.item());
    const [updates, next] = adam.update(grads, state);
    p = optim.applyUpdates(p, updates);
    state = next;
  }
  return seen;
}

const labels = <N extends number>(n: N, classes: number): Tensor<[N], "int32"> =>
  fromArray(Array.from({ length: n }, (_, i) => (i * 7 + 3) % classes), [n], "int32");
const normal = <const S extends readonly number[]>(k: Key, shape: S) => random.normal(k, shape);
const last = (xs: readonly number[]): number => xs[xs.length - 1] ?? Number.NaN;

describe("generic models train", () => {
  it("a GPT-style block (B = 3, T = 5 and B = 2, T = 7): next-token loss falls", () => {
    const run = <B extends number, T extends number>(params: BlockParams, b: B, t: T): number[] => {
      const ids = fromArray(Array.from({ length: b * t }, (_, i) => (i * 13) % 50), [b, t], "int32");
      const targets: Tensor<[number], "int32"> = fromArray(Array.from({ length: b * t }, (_, i) => (i * 13 + 13) % 50), [b * t], "int32");
      return train(params, (p) => {
        const logits = head.apply(headParams, block(p, embed(table, positions, ids))); // [B, T, 50]
        return nn.sparseSoftmaxCrossEntropy(reshape(logits, [-1, 50]), targets);
      }, 8);
    };
    const ks = splitKey(key(1), 8);
    const k = (i: number): Key => ks[i] ?? key(i);
    const params: BlockParams = {
      ln1: gptLayers.ln1.init(k(0)), ln2: gptLayers.ln2.init(k(1)), qkv: gptLayers.qkv.init(k(2)),
      proj: gptLayers.proj.init(k(3)), up: gptLayers.up.init(k(4)), down: gptLayers.down.init(k(5)),
    };
    const table = normal(k(6), [50, 32]);
    const positions = normal(k(7), [64, 32]);
    const head = nn.dense(32, 50);
    const headParams = head.init(key(9));
    for (const losses of [run(params, 3, 5), run(params, 2, 7)]) expect(last(losses)).toBeLessThan(losses[0] ?? 0);
  });

  it("a ResNet-style CNN over 8×8 and 12×10 images: cross-entropy falls, batch-norm statistics move", () => {
    const params: ResnetParams = { features: features.init(key(2)), classifier: classifier.init(key(3)) };
    for (const [h, w] of [[8, 8], [12, 10]] as const) {
      const images = normal(key(4 + h), [4, h, w, 3]);
      const y = labels(4, 10);
      const state = features.initState();
      const losses = train(params, (p) => nn.sparseSoftmaxCrossEntropy(classify(p, state, images, true)[0], y), 6);
      expect(last(losses)).toBeLessThan(losses[0] ?? 0);
      const [, next] = classify(params, state, images, true);
      const [logits] = classify(params, next, images, false);
      expect(logits.shape).toEqual([4, 10]);
      const statistics = tree.leaves(next).flatMap((t) => Array.from(t.toArray()));
      expect(statistics.some((v) => v !== 0 && v !== 1)).toBe(true); // running means and variances moved off 0 and 1
    }
  });

  it("a GRU unrolled over 4 and 9 steps: cross-entropy falls", () => {
    const gate = (k: Key): Gate => ({ w: mul01(normal(k, [8, 16])), u: mul01(normal(splitKey(k)[0], [16, 16])), b: normal(splitKey(k)[1], [16]) });
    const params: GruParams = { z: gate(key(10)), r: gate(key(11)), h: gate(key(12)), out: nn.dense(16, 4).init(key(13)) };
    for (const t of [4, 9]) {
      const xs = normal(key(14 + t), [5, t, 8]);
      const y = labels(5, 4);
      const losses = train(params, (p) => nn.sparseSoftmaxCrossEntropy(gruClassify(p, xs), y), 8);
      expect(last(losses)).toBeLessThan(losses[0] ?? 0);
    }
  });

  it("an MLP-Mixer block (B = 3 and B = 6): cross-entropy falls", () => {
    const names = ["norm1", "norm2", "tokenUp", "tokenDown", "channelUp", "channelDown", "head"] as const;
    const params: MixerParams = {
      norm1: mixerLayers.norm1.init(key(20)), norm2: mixerLayers.norm2.init(key(21)), tokenUp: mixerLayers.tokenUp.init(key(22)),
      tokenDown: mixerLayers.tokenDown.init(key(23)), channelUp: mixerLayers.channelUp.init(key(24)),
      channelDown: mixerLayers.channelDown.init(key(25)), head: mixerLayers.head.init(key(26)),
    };
    expect(Object.keys(params).sort()).toEqual([...names].sort());
    for (const b of [3, 6]) {
      const x = normal(key(27 + b), [b, 16, 32]);
      const y = labels(b, 10);
      const losses = train(params, (p) => nn.sparseSoftmaxCrossEntropy(mixerClassify(p, x), y), 6);
      expect(last(losses)).toBeLessThan(losses[0] ?? 0);
    }
  });

  it("a VAE (B = 8 and B = 5): the negative ELBO falls over fresh ε draws", () => {
    const params: VaeParams = {
      hidden: vaeLayers.hidden.init(key(30)), mu: vaeLayers.mu.init(key(31)), logVar: vaeLayers.logVar.init(key(32)),
      decode1: vaeLayers.decode1.init(key(33)), decode2: vaeLayers.decode2.init(key(34)),
    };
    for (const b of [8, 5]) {
      const x = normal(key(35 + b), [b, 16]);
      const losses = train(params, (p, step) => vaeLoss(p, x, key(100 + step)), 25);
      expect(mean(fromArray(losses.slice(-5), [5])).item()).toBeLessThan(mean(fromArray(losses.slice(0, 5), [5])).item());
    }
  });
});

/** Small weights for the recurrent gates (a scale of 0.1 keeps the first steps out of saturation). */
function mul01<S extends readonly number[]>(x: Tensor<S>): Tensor<S> {
  return fromArray(Array.from(x.toArray(), (v) => v * 0.1), x.shape);
}
