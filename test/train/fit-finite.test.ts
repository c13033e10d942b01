// fit against NaN and divergence (FitOptions.checkFinite): a run whose parameters become NaN or
// infinite stops with an error naming the epoch, the step and the first bad parameter, before
// that epoch is reported or handed to onEpoch (so no checkpoint of it is written); NaN in the data
// is refused before training with its row and column; the progress callback gets the running
// mean of the loss, which ends equal to the epoch's loss.
import "../../src/backend/wasm-jit/register.js";
import { describe, expect, it } from "vitest";
import { spirals } from "../../src/data/index.js";
import { activation, dense, relu, sequential } from "../../src/nn/index.js";
import { add, matmul, mean, mul, square, sub } from "../../src/ops/index.js";
import { adam, identity, sgd as optimSgd } from "../../src/optim/index.js";
import { key, normalArray } from "../../src/random/index.js";
import { fromArray, zeros, type Tensor } from "../../src/tensor/index.js";
import { map } from "../../src/tree/index.js";
import { fit, FitConfigError, modelFromLayer, NonFiniteError, type EpochRecord, type Model, type OptStateOf, type TrainingState } from "../../src/train/index.js";
import { crossEntropy } from "./support.js";

type P = { readonly w: Tensor<[3, 1], "float64">; readonly b: Tensor<[1], "float64"> };
/** y = relu(x·w) + b: once w is NaN, relu(NaN) = 0 and the loss stays finite, hiding it. */
const reluLinear: Model<P, null, Tensor<[number, 3], "float64">, Tensor<[number, 1], "float64">> = {
  init: () => ({ params: { w: zeros([3, 1], "float64"), b: zeros([1], "float64") }, state: null }),
  apply: (p, state, x) => ({ output: add(relu(matmul(x, p.w)), p.b), state }),
};
const linear: typeof reluLinear = { ...reluLinear, apply: (p, state, x) => ({ output: add(matmul(x, p.w), p.b), state }) };
const sgd = (lr: number) => optimSgd(lr); // θ ← θ − lr·g
const mse = (y: Tensor<[number, 1], "float64">, t: Tensor<[number, 1], "float64">) => mean(square(sub(y, t)));

const n = 60;
const xs = normalArray(key(1), n * 3, "float64");
const ys = Array.from({ length: n }, (_, i) => 2 * (xs[3 * i] ?? 0) + 0.5);
const data = { features: fromArray(xs, [n, 3], "float64"), labels: fromArray(ys, [n, 1], "float64") };

const caught = async (run: Promise<unknown>): Promise<unknown> => {
  try {
    await run;
  } catch (e) {
    return e;
  }
  throw new Error("expected fit to throw");
};

/** A state after one good epoch whose w holds NaN at element 1 (b is finite). */
type O = OptStateOf<ReturnType<typeof sgd>, P>;
const poisonedParams = (): P => ({ w: fromArray([0.5, Number.NaN, 0.25], [3, 1], "float64"), b: fromArray([0.1], [1], "float64") });
const poisoned = (): TrainingState<P, null, O> => ({
  params: poisonedParams(),
  modelState: null, optState: sgd(0.1).init(poisonedParams()), epoch: 1, history: [{ epoch: 1, loss: 1, seconds: 0 }], stopping: { best: Infinity, bestEpoch: -1, wait: 0 }, best: undefined,
});

describe("fit stops on non-finite parameters", () => {
  it("divergence (lr 1e38): a NonFiniteError naming epoch and step; no epoch of it is reported or published", async () => {
    const published: number[] = [];
    const reported: number[] = [];
    const e = await caught(fit({
      model: linear, loss: mse, optimizer: sgd(1e38), data, epochs: 5, batchSize: 10, key: key(0),
      onEpoch: (s) => { published.push(s.epoch); }, reporter: { epochEnd: (r) => reported.push(r.epoch) },
    }));
    expect(e).toBeInstanceOf(NonFiniteError);
    if (!(e instanceof NonFiniteError)) return;
    // The loss overflows in epoch 1: the step where it does is named, and which parameter went bad.
    // The loss overflows to Infinity at step 6 while the float64 weights are still finite (huge).
    expect(e).toMatchObject({ epoch: 1, step: 6, path: undefined });
    expect(e.message).toBe("fit: epoch 1, step 6 of 6: the loss is Infinity while every parameter is finite; training stopped (no epoch was published)");
    expect(published).toEqual([]);
    expect(reported).toEqual([]);
  });

  it("NaN hidden by relu: the loss stays finite, the epoch check names params.w; \"step\" names step 1; \"off\" lets it through", async () => {
    const base = { model: reluLinear, loss: mse, optimizer: sgd(0.01), data, epochs: 3, batchSize: 20, key: key(0) } as const;
    const published: TrainingState<P, null, O>[] = [];
    const losses: number[] = [];
    const e = await caught(fit({ ...base, resume: poisoned(), onEpoch: (s) => { published.push(s); }, reporter: { step: (_s, l) => losses.push(l ?? NaN) } }));
    expect(losses.length).toBe(3);
    expect(losses.every(Number.isFinite)).toBe(true); // the loss alone would never tell
    expect(e).toBeInstanceOf(NonFiniteError);
    expect(e).toMatchObject({ epoch: 2, step: 3, path: "params.w" });
    expect((e as Error).message).toBe(
      'fit: epoch 2, step 3 of 3 (checked at the end of the epoch; checkFinite "step" finds the first bad step): params.w holds NaN at element 1; training stopped (the state after epoch 1 is the last one published)',
    );
    expect(published).toEqual([]);

    const perStep = await caught(fit({ ...base, resume: poisoned(), checkFinite: "step" }));
    expect(perStep).toMatchObject({ _tag: "NonFiniteError", epoch: 2, step: 1, path: "params.w" });

    const unchecked = await fit({ ...base, resume: poisoned(), checkFinite: "off" });
    expect(unchecked.epoch).toBe(3);
    expect(Array.from(unchecked.params.w.toArray()).some(Number.isNaN)).toBe(true);
  });

  it("under jit on the Wasm backend too: a compiled step that diverges is stopped at the same epoch", async () => {
    const spiral = spirals(key(11), { n: 120, classes: 3, noise: 0.05 });
    const model = modelFromLayer(sequential(dense(2, 16), activation(relu, "relu"), dense(16, 3)));
    const run = (jit: boolean) => caught(fit({
      model, loss: crossEntropy, optimizer: adam(1e38), data: { features: spiral.features, labels: spiral.labels },
      epochs: 4, batchSize: 30, key: key(2), jit, checkFinite: "step",
    }));
    const [eager, compiled] = [await run(false), await run(true)];
    expect(eager).toBeInstanceOf(NonFiniteError);
    expect(compiled).toBeInstanceOf(NonFiniteError);
    expect((compiled as Error).message).toBe((eager as Error).message);
    expect(compiled).toMatchObject({ epoch: 1, step: 2, path: "params.0.b" });
    expect((compiled as Error).message).toBe("fit: epoch 1, step 2 of 4: params.0.b holds NaN at element 0 (the loss is NaN); training stopped (no epoch was published)");
  });

  it("refuses an unknown checkFinite setting", async () => {
    const e = await caught(fit({ model: linear, loss: mse, optimizer: sgd(0.1), data, epochs: 1, batchSize: 10, key: key(0), checkFinite: "always" as never }));
    expect(e).toBeInstanceOf(FitConfigError);
    expect((e as Error).message).toBe('fit: checkFinite must be "epoch", "step" or "off", got "always"');
  });
});

describe("fit refuses non-finite data with its row and column", () => {
  const withValue = (at: number, v: number, part: "features" | "labels") => {
    const f = [...xs];
    const l = [...ys];
    (part === "features" ? f : l)[at] = v;
    return { features: fromArray(f, [n, 3], "float64"), labels: fromArray(l, [n, 1], "float64") };
  };
  it.each([
    [3 * 17 + 2, Number.NaN, "features", "fit: data features row 17, column 2 holds NaN; expected finite values (clean or drop that example)"],
    [3 * 59, Infinity, "features", "fit: data features row 59, column 0 holds Infinity; expected finite values (clean or drop that example)"],
    [4, -Infinity, "labels", "fit: data labels row 4, column 0 holds -Infinity; expected finite values (clean or drop that example)"],
  ] as const)("element %s = %s in the %s", async (at, v, part, message) => {
    let stepped = 0;
    const e = await caught(fit({ model: linear, loss: mse, optimizer: sgd(0.1), data: withValue(at, v, part), epochs: 1, batchSize: 10, key: key(0), reporter: { step: () => { stepped++; } } }));
    expect(e).toBeInstanceOf(FitConfigError);
    expect((e as Error).message).toBe(message);
    expect(stepped).toBe(0);
  });
  it("names the element of an image [N, 2, 2]", async () => {
    const images = fromArray(Array.from({ length: 12 }, (_, i) => (i === 7 ? Number.NaN : i)), [3, 2, 2]);
    const model: Model<{ readonly w: Tensor<[1], "float32"> }, null, Tensor<[number, 2, 2]>, Tensor<[number, 2, 2]>> = { init: () => ({ params: { w: zeros([1]) }, state: null }), apply: (p, s, x) => ({ output: mul(x, p.w), state: s }) };
    const e = await caught(fit({ model, loss: (y: Tensor<[number, 2, 2]>, t: Tensor<[number, 2, 2]>) => mean(square(sub(y, t))), optimizer: identity(), data: { features: images, labels: images }, epochs: 1, batchSize: 1, key: key(0) }));
    expect((e as Error).message).toBe("fit: data features row 1, element [1, 1] holds NaN; expected finite values (clean or drop that example)");
  });
});

describe("the progress callback's loss", () => {
  it("is the running mean over the epoch so far: its last value is the epoch's loss, with a short last batch", async () => {
    const steps: number[][] = [];
    const records: EpochRecord[] = [];
    await fit({
      model: linear, loss: mse, optimizer: sgd(0.05), data, epochs: 3, batchSize: 14, key: key(4), // 60 = 4·14 + 4
      reporter: { epochStart: () => steps.push([]), step: (_s, l) => steps.at(-1)?.push(l ?? NaN), epochEnd: (r) => records.push(r) },
    });
    expect(steps.map((s) => s.length)).toEqual([5, 5, 5]);
    steps.forEach((s, e) => expect(s.at(-1)).toBe(records[e]?.loss));
    // The running mean moves less than the batch losses do: each value is a weighted mean of the
    // previous one and the new batch's loss, so it lies between them.
    expect(new Set(steps[0]).size).toBe(5);
  });
});
