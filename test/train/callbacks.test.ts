// fit's callbacks: the order of the hooks and what each receives, stopping from any of them,
// metrics added by callbacks and by FitOptions.metrics (in the history, under jit as eagerly),
// the learning-rate log with a schedule, and the plateau rule that lowers the rate.
import { describe, expect, it } from "vitest";
import { blobs } from "../../src/data/index.js";
import { dense, topK } from "../../src/nn/index.js";
import { chain, exponentialDecay, sgd } from "../../src/optim/index.js";
import { fromArray } from "../../src/tensor/index.js";
import { key } from "../../src/random/index.js";
import {
  fit, learningRateLogger, modelFromLayer, plateauScale, plateauStep, reduceLROnPlateau, scaleByPlateau, withPlateauScale, type Observer,
} from "../../src/train/index.js";
import { bits, crossEntropy, withoutTimes } from "./support.js";

const model = () => modelFromLayer(dense(2, 3));
const blob = blobs(key(31), { n: 48, classes: 3, noise: 0.6 });
const data = { features: blob.features, labels: blob.labels };
const base = { loss: crossEntropy, data, batchSize: 16, key: key(2) } as const;

describe("fit callbacks", () => {
  it("runs the hooks in order with the state, step counts and figures so far", async () => {
    const events: string[] = [];
    let batchLosses: number[] = [];
    const epochMeans: number[] = [];
    const log: Observer = {
      trainBegin: ({ steps, state }) => void events.push(`trainBegin steps=${steps} epoch=${state.epoch}`),
      epochBegin: ({ epoch, steps }) => void events.push(`epochBegin ${epoch} steps=${steps}`),
      batchBegin: ({ epoch, batch, batches }) => void events.push(`batchBegin ${epoch}.${batch}/${batches}`),
      batchEnd: ({ epoch, batch, steps, metrics }) => {
        events.push(`batchEnd ${epoch}.${batch} steps=${steps}`);
        batchLosses.push(metrics["loss"] ?? NaN);
        expect(metrics["accuracy"]).toBeGreaterThanOrEqual(0);
      },
      epochEnd: ({ epoch, record, state }) => {
        events.push(`epochEnd ${epoch}`);
        // The record's loss is the size-weighted mean of the batch losses (three equal batches here).
        epochMeans.push(batchLosses.reduce((a, b) => a + b, 0) / batchLosses.length);
        batchLosses = [];
        expect(state.epoch).toBe(epoch);
        expect(record.loss).toBeGreaterThan(0);
      },
      trainEnd: ({ steps, state }) => void events.push(`trainEnd steps=${steps} epochs=${state.history.length}`),
    };
    const r = await fit({ ...base, model: model(), optimizer: sgd(0.1), epochs: 2, callbacks: [log] });
    expect(events).toEqual([
      "trainBegin steps=0 epoch=0",
      "epochBegin 1 steps=0", "batchBegin 1.1/3", "batchEnd 1.1 steps=1", "batchBegin 1.2/3", "batchEnd 1.2 steps=2", "batchBegin 1.3/3", "batchEnd 1.3 steps=3", "epochEnd 1",
      "epochBegin 2 steps=3", "batchBegin 2.1/3", "batchEnd 2.1 steps=4", "batchBegin 2.2/3", "batchEnd 2.2 steps=5", "batchBegin 2.3/3", "batchEnd 2.3 steps=6", "epochEnd 2",
      "trainEnd steps=6 epochs=2",
    ]);
    r.history.forEach((rec, i) => expect(rec.loss).toBeCloseTo(epochMeans[i] ?? NaN, 12));
  });

  it("stops when a hook says so: after the epoch, or after the batch", async () => {
    const afterTwo = await fit({ ...base, model: model(), optimizer: sgd(0.1), epochs: 10, callbacks: [{ epochEnd: ({ epoch }) => (epoch === 2 ? "stop" : undefined) }] });
    expect(afterTwo.history).toHaveLength(2);
    expect(afterTwo.stoppedEarly).toBe(true);
    let stepsAtEnd = -1;
    const midEpoch = await fit({
      ...base, model: model(), optimizer: sgd(0.1), epochs: 10,
      callbacks: [{ batchEnd: ({ steps }) => (steps === 5 ? { stop: true } : undefined), trainEnd: ({ steps }) => { stepsAtEnd = steps; } }],
    });
    expect(stepsAtEnd).toBe(5);
    expect(midEpoch.history.map((h) => h.epoch)).toEqual([1, 2]);
    // Five steps: the same parameters as a run stopped at batchBegin of the sixth.
    const beforeSixth = await fit({ ...base, model: model(), optimizer: sgd(0.1), epochs: 10, callbacks: [{ batchBegin: ({ steps }) => (steps === 5 ? "stop" : undefined) }] });
    expect(bits(beforeSixth.params)).toEqual(bits(midEpoch.params));
    const none = await fit({ ...base, model: model(), optimizer: sgd(0.1), epochs: 10, callbacks: [{ trainBegin: () => "stop" }] });
    expect(none.history).toEqual([]);
  });

  it("adds metrics: callbacks' at epoch end (later ones see earlier ones), and FitOptions.metrics per batch and on validation data", async () => {
    const metrics = { top1: (y: Parameters<typeof topK>[0], l: Parameters<typeof topK>[1]) => topK(y, l, 1), top3: (y: Parameters<typeof topK>[0], l: Parameters<typeof topK>[1]) => topK(y, l, 3) };
    const perplexity: Observer = { epochEnd: ({ record }) => ({ metrics: { perplexity: Math.exp(record.loss) } }) };
    const seesIt: Observer = { epochEnd: ({ record }) => ({ metrics: { logPerplexity: Math.log(record["perplexity"] ?? NaN) } }) };
    const run = (jit: boolean) => fit({ ...base, model: model(), optimizer: sgd(0.1), epochs: 3, validationSplit: 0.25, metrics, callbacks: [perplexity, seesIt], jit });
    const eager = await run(false);
    for (const r of eager.history) {
      expect(r["top1"]).toBeCloseTo(r.accuracy ?? NaN, 12); // top-1 is accuracy
      expect(r["valTop1"]).toBeCloseTo(r.valAccuracy ?? NaN, 12);
      expect(r["top3"]).toBe(1); // three classes: the label is always among the top 3
      expect(r["valTop3"]).toBe(1);
      expect(r["perplexity"]).toBeCloseTo(Math.exp(r.loss), 12);
      expect(r["logPerplexity"]).toBeCloseTo(r.loss, 12);
    }
    const jitted = await run(true);
    expect(withoutTimes(jitted.history).map((r) => Object.keys(r).sort())).toEqual(withoutTimes(eager.history).map((r) => Object.keys(r).sort()));
    jitted.history.forEach((r, i) => expect(r["valTop1"]).toBeCloseTo(eager.history[i]?.["valTop1"] ?? NaN, 5));
    await expect(fit({ ...base, model: model(), optimizer: sgd(0.1), epochs: 1, callbacks: [{ epochEnd: () => ({ metrics: { loss: 0 } }) }] }))
      .rejects.toThrow('fit: a callback returned the metric "loss", a name fit itself records; choose another');
  });

  it("logs the learning rate of a schedule at the steps taken so far", async () => {
    const schedule = exponentialDecay({ initValue: 0.1, transitionSteps: 3, decayRate: 0.5 });
    const r = await fit({ ...base, model: model(), optimizer: sgd(schedule), epochs: 3, callbacks: [learningRateLogger(schedule)] });
    expect(r.history.map((h) => h["lr"])).toEqual([schedule.at(3), schedule.at(6), schedule.at(9)]);
    expect(r.history.map((h) => h["lr"])).toEqual([0.05, 0.025, 0.0125].map((v) => expect.closeTo(v, 7)));
  });
});

describe("reduceLROnPlateau", () => {
  const settings = { monitor: "valLoss", mode: "min", factor: 0.5, patience: 2, minDelta: 0, threshold: 0, cooldown: 2, minScale: 0 } as const;
  it("the rule: reduce after `patience` epochs without improvement, then cool down", () => {
    const values = [1, 0.9, 0.9, 0.95, 0.91, 0.92, 0.93, 0.94, 0.8, 0.85, 0.86];
    let progress = { best: Infinity, wait: 0, cooldown: 0 };
    const reductions: number[] = [];
    values.forEach((v, i) => {
      const next = plateauStep(settings, progress, v);
      progress = next.progress;
      if (next.reduce) reductions.push(i + 1);
    });
    // Best 0.9 at epoch 2; epochs 3, 4 do not improve → reduce at 4; the cooldown of 2 counts down in 5
    // and 6 (as in Keras, the last cooldown epoch already counts toward the wait); 7 → reduce;
    // 8 cools down, 9 improves; 10, 11 → reduce at 11.
    expect(reductions).toEqual([4, 7, 11]);
    // With a relative threshold of 1%, 1e-5 → 9.95e-6 is no improvement but 1e-5 → 9.8e-6 is.
    const relative = { ...settings, threshold: 0.01 };
    expect(plateauStep(relative, { best: 1e-5, wait: 0, cooldown: 0 }, 9.95e-6).progress).toEqual({ best: 1e-5, wait: 1, cooldown: 0 });
    expect(plateauStep(relative, { best: 1e-5, wait: 1, cooldown: 0 }, 9.8e-6).progress).toEqual({ best: 9.8e-6, wait: 0, cooldown: 0 });
  });
  it("the transformation multiplies the updates by the scale in its state", () => {
    const t = scaleByPlateau();
    const g = { w: fromArray([2, -4], [2]) };
    const state = withPlateauScale(chain(sgd(1), t).init(g), 0.25);
    expect(plateauScale(state)).toBe(0.25);
    const [u] = chain(sgd(1), t).update(g, state);
    expect(Array.from(u.w.toArray())).toEqual([-0.5, 1]);
  });
  it("lowers the rate in a fit; a jitted step reads the scale as data, so jit and eager agree", async () => {
    // "max" mode on a falling training loss: never an improvement after the first epoch.
    const run = (jit: boolean) => {
      const plateau = reduceLROnPlateau({ monitor: "loss", mode: "max", factor: 0.5, patience: 2 });
      return fit({
        ...base, model: model(), optimizer: chain(sgd(0.1), plateau.transformation), epochs: 6, jit,
        callbacks: [plateau.callback, learningRateLogger(0.1)],
      });
    };
    const eager = await run(false);
    expect(eager.history.map((h) => h["lr"])).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
    expect(plateauScale(eager.optState)).toBe(0.25);
    const jitted = await run(true);
    jitted.history.forEach((h, i) => expect(h.loss).toBeCloseTo(eager.history[i]?.loss ?? NaN, 5));
    expect(plateauScale(jitted.optState)).toBe(0.25);
    // Without the plateau scale the later epochs differ.
    const plain = await fit({ ...base, model: model(), optimizer: sgd(0.1), epochs: 6 });
    expect(plain.history[5]?.loss).not.toBeCloseTo(eager.history[5]?.loss ?? NaN, 5);
    expect(() => reduceLROnPlateau({ factor: 1 })).toThrow("reduceLROnPlateau: factor must be in (0, 1), got 1");
  });
  it("names the missing figure or the missing transformation", async () => {
    const plateau = reduceLROnPlateau();
    await expect(fit({ ...base, model: model(), optimizer: chain(sgd(0.1), plateau.transformation), epochs: 1, callbacks: [plateau.callback] }))
      .rejects.toThrow('reduceLROnPlateau: monitors "valLoss", which this run does not record (validation data gives valLoss)');
    const noScale = reduceLROnPlateau({ monitor: "loss", mode: "max", patience: 1 });
    await expect(fit({ ...base, model: model(), optimizer: sgd(0.1), epochs: 3, callbacks: [noScale.callback] })).rejects.toThrow("the optimizer has no plateau scale");
  });
});
