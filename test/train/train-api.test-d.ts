// The training API at the type level: fit and trainStep take every optimizer optim builds as it
// is, with the optimizer state typed from the model's parameters; a dense-first model fits a loss
// annotated for [number, C] batches; a loaded checkpoint becomes fit's `resume` through resumeFrom.
import type * as E from "fp-ts/lib/Either.js";
import { describe, expectTypeOf, it } from "vitest";
import {
  fit, modelFromLayer, nn, optim, resumeFrom, trainStep, type FitResult, type Optimizer, type OptStateOf, type Tensor,
  type TrainingState,
} from "../../src/index.js";
import type * as root from "../../src/index.js";
import type { Checkpoint, CheckpointError } from "../../src/io/index.js";
import type { AdamState, CountState, EmptyState, TraceState } from "../../src/optim/index.js";
import type { Grad } from "../../src/tree/index.js";

const model = modelFromLayer(nn.sequential(nn.dense(2, 16), nn.activation(nn.relu, "relu"), nn.dense(16, 3)));
type P = [nn.DenseParams<2, 16>, null, nn.DenseParams<16, 3>];
declare const features: Tensor<[number, 2]>;
declare const labels: Tensor<[number], "int32">;
const loss = (logits: Tensor<[number, 3]>, y: Tensor<[number], "int32">) => nn.sparseSoftmaxCrossEntropy(logits, y);
const common = { model, loss, data: { features, labels }, epochs: 2, batchSize: 8 } as const;
declare const k: Parameters<typeof fit>[0]["key"];

describe("fit takes every optimizer optim builds, with no cast", () => {
  it("the result's optState is the optimizer's state for the model's parameters", () => {
    expectTypeOf(fit({ ...common, key: k, optimizer: optim.adam(1e-3) })).resolves.toEqualTypeOf<FitResult<P, null, readonly [AdamState<P>, CountState]>>();
    expectTypeOf(fit({ ...common, key: k, optimizer: optim.sgd(0.1) })).resolves.toHaveProperty("optState").toEqualTypeOf<readonly [EmptyState, CountState]>();
    expectTypeOf(fit({ ...common, key: k, optimizer: optim.sgd(0.1, { momentum: 0.9 }) })).resolves.toHaveProperty("optState").toEqualTypeOf<readonly [TraceState<P>, CountState]>();
    const schedule = optim.warmupCosineDecay({ initValue: 0, peakValue: 1e-3, warmupSteps: 10, decaySteps: 100 });
    const chained = optim.chain(optim.clipByGlobalNorm(1), optim.adamw(schedule, { weightDecay: 1e-4 }));
    expectTypeOf(fit({ ...common, key: k, optimizer: chained })).resolves.toHaveProperty("optState")
      .toEqualTypeOf<readonly [EmptyState, readonly [AdamState<P>, EmptyState, CountState]]>();
    expectTypeOf(fit({ ...common, key: k, optimizer: optim.multiSteps(optim.lion(1e-4), 4) })).resolves.toHaveProperty("optState")
      .toEqualTypeOf<optim.MultiStepsState<P, readonly [optim.LionState<P>, EmptyState, CountState]>>();
    for (const optimizer of [optim.momentum(0.1), optim.rmsprop(1e-3), optim.adagrad(0.05), optim.lion(1e-4), optim.adamw(1e-3)]) {
      expectTypeOf(fit({ ...common, key: k, optimizer })).resolves.toHaveProperty("optState").toEqualTypeOf<OptStateOf<typeof optimizer, P>>();
    }
  });

  it("onEpoch and resume see the same state type as optimizer.init(params)", () => {
    const optimizer = optim.adam(1e-3);
    void fit({
      ...common, key: k, optimizer,
      onEpoch: (state) => {
        expectTypeOf(state.optState).toEqualTypeOf<ReturnType<typeof optimizer.init<P>>>();
      },
    });
    const sgdState = {} as TrainingState<P, null, readonly [EmptyState, CountState]>;
    // @ts-expect-error an sgd state does not resume an adam run
    void fit({ ...common, key: k, optimizer, resume: sgdState });
  });

  it("an optimizer chosen at runtime (a union) trains, its state the union of the states", () => {
    const useAdam = Math.random() > 0.5;
    const optimizer = useAdam ? optim.adam(1e-3) : optim.sgd(0.1, { momentum: 0.9 });
    expectTypeOf(fit({ ...common, key: k, optimizer })).resolves.toHaveProperty("optState")
      .toEqualTypeOf<readonly [AdamState<P>, CountState] | readonly [TraceState<P>, CountState]>();
  });

  it("the loop's one restatement holds: each optimizer's state for P is its state for Grad<P>", () => {
    type Readonly = { readonly w: Tensor<[3, 2]>; readonly layers: readonly [{ readonly b: Tensor<[2], "float64"> }] };
    const all = [
      optim.sgd(0.1), optim.sgd(0.1, { momentum: 0.9 }), optim.momentum(0.1), optim.adam(1e-3), optim.adamw(1e-3), optim.rmsprop(1e-3),
      optim.adagrad(0.1), optim.lion(1e-4), optim.multiSteps(optim.adam(1e-3), 2), optim.chain(optim.clipByGlobalNorm(1), optim.adam(1e-3)),
    ] as const;
    type States<Q> = { readonly [I in keyof typeof all]: (typeof all)[I] extends Optimizer ? OptStateOf<(typeof all)[I], Q> : never };
    expectTypeOf<States<Readonly>>().toEqualTypeOf<States<Grad<Readonly>>>();
    expectTypeOf<States<Readonly>[3]>().toEqualTypeOf<readonly [AdamState<Readonly>, CountState]>();
    expectTypeOf<States<Readonly>[3][0]["mu"]>().toEqualTypeOf<{ w: Tensor<[3, 2]>; layers: [{ b: Tensor<[2], "float64"> }] }>();
  });

  it("trainStep is typed the same way", () => {
    const step = trainStep(model, loss, optim.adamw(1e-3));
    expectTypeOf(step).parameter(1).toEqualTypeOf<readonly [AdamState<P>, EmptyState, CountState]>();
    expectTypeOf(step).returns.toHaveProperty("optState").toEqualTypeOf<readonly [AdamState<P>, EmptyState, CountState]>();
    expectTypeOf(optim.adam(1e-3)).toExtend<Optimizer>();
  });
});

describe("a dense-first model fits a loss annotated for its batches", () => {
  it("the model's output is [...number[], 3]; a loss of [number, 3] logits fits it", () => {
    expectTypeOf(model.apply).returns.toHaveProperty("output").toEqualTypeOf<Tensor<[...number[], 3]>>();
    expectTypeOf(fit({ ...common, key: k, optimizer: optim.adam(1e-3) })).resolves.toHaveProperty("params").toEqualTypeOf<P>();
  });

  it("a loss whose dims contradict the model's is rejected", () => {
    const fourClasses = (logits: Tensor<[number, 4]>, y: Tensor<[number], "int32">) => nn.sparseSoftmaxCrossEntropy(logits, y);
    // @ts-expect-error the model has 3 classes, the loss 4
    void fit({ ...common, key: k, optimizer: optim.adam(1e-3), loss: fourClasses });
    const floatLabels = (logits: Tensor<[number, 3]>, y: Tensor<[number, 3]>) => nn.softmaxCrossEntropy(logits, y);
    // @ts-expect-error the data's labels are int32 class ids, the loss wants one-hot floats
    void fit({ ...common, key: k, optimizer: optim.adam(1e-3), loss: floatLabels });
  });
});

describe("resumeFrom: a loaded checkpoint as fit's resume", () => {
  it("types the training state from the checkpoint's trees, and fit takes it as it is", () => {
    const optimizer = optim.adam(1e-3);
    const loaded = {} as Checkpoint<P, ReturnType<typeof optimizer.init<P>>, null>;
    const resumed = resumeFrom(loaded);
    expectTypeOf(resumed).toEqualTypeOf<E.Either<CheckpointError, TrainingState<P, null, readonly [AdamState<P>, CountState]>>>();
    if (resumed._tag === "Right") void fit({ ...common, key: k, optimizer, resume: resumed.right });
  });
});

describe("the errors a caller handles as values are typed at the root", () => {
  it("checkpoint, file, safetensors, CSV and IDX errors carry their _tag", () => {
    expectTypeOf<root.CheckpointError["_tag"]>().toEqualTypeOf<"CheckpointError">();
    expectTypeOf<root.FileError>().toHaveProperty("_tag");
    expectTypeOf<root.SafetensorsError>().toHaveProperty("_tag");
    expectTypeOf<root.CsvError>().toHaveProperty("_tag");
    expectTypeOf<root.IdxError>().toHaveProperty("_tag");
  });
});
