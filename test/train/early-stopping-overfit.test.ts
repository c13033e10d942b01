// Early stopping on a model that really overfits: a 2-64-64-2 MLP trained on 30 noisy points of
// the two-moons set keeps lowering its training loss while its validation loss, after a few
// epochs, climbs. Early stopping must stop `patience` epochs after the best validation loss and
// return that epoch's parameters, exactly as they were.

import { describe, expect, it } from "vitest";
import { moons } from "../../src/data/index.js";
import { activation, dense, relu, sequential } from "../../src/nn/index.js";
import { adam } from "../../src/optim/index.js";
import { key } from "../../src/random/index.js";
import { evalStep, fit, modelFromLayer, type TrainingState } from "../../src/train/index.js";
import { bits, crossEntropy } from "./support.js";

const train = moons(key(51), { n: 30, noise: 0.45 });
const held = moons(key(52), { n: 400, noise: 0.45 });
const data = { features: train.features, labels: train.labels };
const validation = { features: held.features, labels: held.labels };
const model = () => modelFromLayer(sequential(dense(2, 64), activation(relu, "relu"), dense(64, 64), activation(relu, "relu"), dense(64, 2)));
const patience = 4;

/** Trains with early stopping, keeping the state fit hands to onEpoch after every epoch. */
async function overfit(restoreBest: boolean) {
  const states: TrainingState<unknown, unknown, unknown>[] = [];
  const result = await fit({
    model: model(), loss: crossEntropy, optimizer: adam(0.02), data, validation, epochs: 60, batchSize: 30, key: key(1),
    earlyStopping: { monitor: "valLoss", patience, restoreBest },
    onEpoch: (s) => void states.push(s),
  });
  return { result, states };
}

describe("early stopping on an overfitting MLP", () => {
  it("stops `patience` epochs after the lowest validation loss and restores that epoch's parameters", async () => {
    const { result, states } = await overfit(true);
    const valLosses = result.history.map((r) => r.valLoss ?? NaN);
    const best = valLosses.indexOf(Math.min(...valLosses)) + 1;
    expect(result.stoppedEarly).toBe(true);
    expect(result.returnedEpoch).toBe(best);
    expect(result.history).toHaveLength(best + patience);
    expect(result.epoch).toBe(best + patience);
    // It was overfitting: the training loss kept falling after the best epoch, the validation loss rose.
    const at = (epoch: number) => result.history[epoch - 1];
    expect(at(best + patience)?.loss).toBeLessThan(at(best)?.loss ?? NaN);
    expect(at(best + patience)?.valLoss).toBeGreaterThan(at(best)?.valLoss ?? NaN);
    // The returned parameters are those after the best epoch, bit for bit, and score its validation loss.
    expect(bits(result.params)).toEqual(bits(states[best - 1]?.params));
    expect(bits(result.params)).not.toEqual(bits(states.at(-1)?.params));
    // (fit evaluates in batches of 256 and averages them, so the float32 sums differ in the last bits.)
    const evaluate = evalStep(model(), crossEntropy);
    expect(evaluate(result.params, result.modelState, { x: validation.features, y: validation.labels }, key(0)).loss.item()).toBeCloseTo(at(best)?.valLoss ?? NaN, 6);
  });

  it("with restoreBest: false, stops at the same epoch but returns the last parameters", async () => {
    const restored = await overfit(true);
    const { result, states } = await overfit(false);
    expect(result.stoppedEarly).toBe(true);
    expect(result.history.length).toBe(restored.result.history.length);
    expect(result.returnedEpoch).toBe(result.history.length);
    expect(bits(result.params)).toEqual(bits(states.at(-1)?.params));
  });
});
