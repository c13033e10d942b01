// fit with real layers and real optimizers: a sequential MLP trained by sgd and adam. The loop
// must be a pure function of its key and data (same key, same history and parameters bit for bit;
// another key, another run), it must actually learn, and compiling the step with jit must not
// change what it computes.

import { describe, expect, it } from "vitest";
import { blobs, spirals } from "../../src/data/index.js";
import { activation, batchNorm, dense, dropout, relu, sequential } from "../../src/nn/index.js";
import { adam, sgd } from "../../src/optim/index.js";
import { key } from "../../src/random/index.js";
import { fit, modelFromLayer, type TrainingState } from "../../src/train/index.js";
import { bits, crossEntropy, withoutTimes } from "./support.js";

const mlp = () => modelFromLayer(sequential(dense(2, 16), activation(relu, "relu"), dense(16, 3)));
const spiral = spirals(key(11), { n: 150, classes: 3, noise: 0.05 });
const data = { features: spiral.features, labels: spiral.labels };

const optimizers = [
  ["sgd", () => sgd(0.1, { momentum: 0.9 })],
  ["adam", () => adam(0.01)],
] as const;

describe("fit with sequential layers and optim optimizers", () => {
  it.each(optimizers)("%s: the same key gives the same history and parameters bit for bit; another key differs", async (_name, optimizer) => {
    const run = (seed: number) =>
      fit({ model: mlp(), loss: crossEntropy, optimizer: optimizer(), data, epochs: 3, batchSize: 16, key: key(seed), validationSplit: 0.2 });
    const [a, b, c] = [await run(5), await run(5), await run(6)];
    expect(a.history).toHaveLength(3);
    expect(withoutTimes(b.history)).toEqual(withoutTimes(a.history));
    expect(bits(b.params)).toEqual(bits(a.params));
    expect(bits(b.optState)).toEqual(bits(a.optState));
    // Another key changes the initialisation, the validation split and the batch order.
    expect(withoutTimes(c.history).map((r) => r.loss)).not.toEqual(withoutTimes(a.history).map((r) => r.loss));
    expect(bits(c.params)).not.toEqual(bits(a.params));
  });

  it.each(optimizers)("%s: learns three separable blobs (held-out accuracy at least 0.95)", async (_name, optimizer) => {
    const train = blobs(key(21), { n: 120, classes: 3, noise: 0.4 });
    const held = blobs(key(22), { n: 300, classes: 3, noise: 0.4 });
    const r = await fit({
      model: mlp(), loss: crossEntropy, optimizer: optimizer(), epochs: 8, batchSize: 12, key: key(0),
      data: { features: train.features, labels: train.labels }, validation: { features: held.features, labels: held.labels },
    });
    const first = r.history[0];
    const last = r.history.at(-1);
    if (first === undefined || last === undefined) throw new Error("no history");
    expect(last.loss).toBeLessThan(first.loss / 2);
    expect(last.valAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it("jit: true gives the same history and parameters as eager evaluation", async () => {
    const run = (jit: boolean) =>
      fit({ model: mlp(), loss: crossEntropy, optimizer: adam(0.01), data, epochs: 2, batchSize: 25, key: key(3), validationSplit: 0.2, jit });
    const [eager, compiled] = [await run(false), await run(true)];
    expect(compiled.history).toHaveLength(2);
    expect(withoutTimes(compiled.history)).toEqual(withoutTimes(eager.history));
    expect(bits(compiled.params)).toEqual(bits(eager.params));
  });

  it("jit: true with dropout: the history and parameters of eager evaluation bit for bit, from one compilation", async () => {
    // Counts the traced forward passes: eager steps see concrete batches, a jitted step is traced once
    // per signature, and batches of 24 from 120 training examples all have one signature.
    const withDropout = (rate: number, counter: { traced: number }) => {
      const model = modelFromLayer(sequential(dense(2, 16), activation(relu, "relu"), dropout(rate), dense(16, 3)));
      return { ...model, apply: (...args: Parameters<typeof model.apply>) => {
        if (!args[2].isConcrete) counter.traced++;
        return model.apply(...args);
      } };
    };
    const run = (jit: boolean, rate: number, counter = { traced: 0 }) =>
      fit({ model: withDropout(rate, counter), loss: crossEntropy, optimizer: adam(0.01), data, epochs: 3, batchSize: 24, key: key(3), validationSplit: 0.2, jit });
    const counter = { traced: 0 };
    const [eager, compiled, withoutDropout] = [await run(false, 0.3), await run(true, 0.3, counter), await run(true, 0)];
    expect(withoutTimes(compiled.history)).toEqual(withoutTimes(eager.history));
    expect(bits(compiled.params)).toEqual(bits(eager.params));
    expect(counter.traced).toBe(1);
    // (and the masks did something)
    expect(withoutTimes(withoutDropout.history).map((r) => r.loss)).not.toEqual(withoutTimes(eager.history).map((r) => r.loss));
  });

  it("jit: true consumes only its own copies: every state handed to onEpoch, and the restored best epoch, stay readable", async () => {
    const model = () => modelFromLayer(sequential(dense(2, 16), batchNorm(16), activation(relu, "relu"), dense(16, 3)));
    const run = async (jit: boolean) => {
      const published: TrainingState<unknown, unknown, unknown>[] = [];
      const result = await fit({
        model: model(), loss: crossEntropy, optimizer: adam(0.05), data, epochs: 6, batchSize: 25, key: key(3), validationSplit: 0.2, jit,
        earlyStopping: { monitor: "valLoss", patience: 1, restoreBest: true },
        onEpoch: (s) => {
          published.push(s);
        },
      });
      return { result, published };
    };
    const [eager, compiled] = [await run(false), await run(true)];
    expect(compiled.published.length).toBeGreaterThan(1);
    // Reading every published tensor would throw DonatedTensorError had a step consumed it.
    expect(compiled.published.map((s) => bits([s.params, s.optState, s.modelState]))).toEqual(
      eager.published.map((s) => bits([s.params, s.optState, s.modelState])),
    );
    expect(compiled.result.returnedEpoch).toBe(eager.result.returnedEpoch);
    expect(bits([compiled.result.params, compiled.result.modelState])).toEqual(bits([eager.result.params, eager.result.modelState]));
  });
});
