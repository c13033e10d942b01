// The README's code, type-checked as written (the snippets import from the package barrel).
import type fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expectTypeOf, it } from "vitest";
import { arbitraries as A, checkGradients, checkLayer, checkTransformation } from "../../laws/index.js";
import {
  add, applyUpdates, arange, data, expandDims, fit, grad, io, jit, key, less, matmul, mean, modelFromLayer, mul, nn, optim, relu, reshape, resumeFrom,
  sigmoid, sub, swapLast, trainingMeta, valueAndGrad, vmap, where, zeros, type Tensor,
} from "../../src/index.js";

describe("README snippets", () => {
  it("a typed model in ten lines", () => {
    type Params = { w1: Tensor<[784, 128]>; b1: Tensor<[128]>; w2: Tensor<[128, 10]>; b2: Tensor<[10]> };
    function mlp<B extends number>(p: Params, x: Tensor<[B, 784]>): Tensor<[B, 10]> {
      const h = relu(add(matmul(x, p.w1), p.b1));
      return add(matmul(h, p.w2), p.b2);
    }
    // @ts-expect-error matmul: inner dims differ: [32, 28, 28] @ [780, 128]
    matmul(zeros([32, 28, 28]), zeros([780, 128]));
    expectTypeOf(mlp<64>).returns.toEqualTypeOf<Tensor<[64, 10]>>();
  });

  it("generic over batch, time and image size", () => {
    function attentionScores<B extends number, T extends number>(q: Tensor<[B, 4, T, 8]>, k: Tensor<[B, 4, T, 8]>) {
      const t = q.shape[2];
      const causal = less(reshape(arange(t, "int32"), [1, t]), add(reshape(arange(t, "int32"), [t, 1]), 1)); // [T, T]
      return nn.softmax(where(causal, mul(matmul(q, swapLast(k)), 1 / Math.sqrt(8)), -1e9)); // [B, 4, T, T]
    }
    function standardize<B extends number, T extends number>(x: Tensor<[B, T, 32]>): Tensor<[B, T, 32]> {
      return sub(x, mean(x, [0, 1], true)); // [B, T, 32] − [1, 1, 32]
    }
    expectTypeOf(attentionScores<2, 5>).returns.toEqualTypeOf<Tensor<[2, 4, 5, 5]>>();
    expectTypeOf(standardize<2, 5>).returns.toEqualTypeOf<Tensor<[2, 5, 32]>>();
  });

  it("the training pipeline", () => {
    const run = async () => {
      const model = modelFromLayer(nn.sequential(
        nn.flatten(), nn.dense(784, 128), nn.activation(nn.relu, "relu"), nn.dense(128, 10),
      ));
      const loss = (logits: Tensor<[number, 10]>, labels: Tensor<[number], "int32">) =>
        nn.sparseSoftmaxCrossEntropy(logits, labels);
      const digits = data.glyphDigits(key(1), { n: 6000 });
      const result = await fit({
        model, loss, optimizer: optim.adam(1e-3),
        data: digits, epochs: 8, batchSize: 64,
        key: key(0), validationSplit: 0.1,
        earlyStopping: { monitor: "valLoss", patience: 3 },
        penalty: (p) => nn.l2Penalty(p, { weight: 1e-4 }),
      });
      return result.history;
    };
    expectTypeOf(run).returns.resolves.items.toHaveProperty("loss").toEqualTypeOf<number>();
  });

  it("resuming from a checkpoint", () => {
    const model = modelFromLayer(nn.sequential(nn.dense(2, 16), nn.activation(nn.relu, "relu"), nn.dense(16, 3)));
    const loss = (logits: Tensor<[number, 3]>, labels: Tensor<[number], "int32">) => nn.sparseSoftmaxCrossEntropy(logits, labels);
    const optimizer = optim.chain(optim.clipByGlobalNorm(1), optim.adamw(optim.cosineDecay({ initValue: 1e-2, decaySteps: 100 })));
    const runKey = key(0);
    const path = "run.safetensors";
    const options = { model, loss, optimizer, data: data.spirals(key(1), { n: 300 }), epochs: 8, batchSize: 32, key: runKey } as const;
    const run = async () => {
      const result = await fit({ ...options, onEpoch: (s) => io.saveCheckpoint(path, {
        params: s.params, optState: s.optState, modelState: s.modelState, best: s.best, step: s.epoch, key: runKey, meta: trainingMeta(s),
      }).then(() => undefined) });
      const init = model.init(runKey);
      const loaded = await io.loadCheckpoint(path, { params: init.params, optState: optimizer.init(init.params), modelState: init.state });
      const resume = E.flatMap(loaded, resumeFrom);             // the history and early-stopping state too
      if (E.isRight(resume)) await fit({ ...options, epochs: 16, resume: resume.right });
      return result;
    };
    expectTypeOf(run).returns.resolves.toHaveProperty("optState").toEqualTypeOf<ReturnType<typeof optimizer.init<ReturnType<typeof model.init>["params"]>>>();
  });

  it("per-example gradients with vmap", () => {
    type Params = { w: Tensor<[784, 10]>; b: Tensor<[10]> };
    const params: Params = { w: zeros([784, 10]), b: zeros([10]) };
    const xs = zeros([64, 784]);
    const ys = zeros([64, 10]);
    const loss = (p: Params, x: Tensor<[784]>, y: Tensor<[10]>) => nn.softmaxCrossEntropy(add(matmul(expandDims(x, 0), p.w), p.b), expandDims(y, 0));
    const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(params, xs, ys);
    expectTypeOf(perExample).toEqualTypeOf<{ w: Tensor<[64, 784, 10]>; b: Tensor<[64, 10]> }>();
  });

  it("compiling a training step with jit", () => {
    type Params = { w1: Tensor<[784, 128]>; b1: Tensor<[128]>; w2: Tensor<[128, 10]>; b2: Tensor<[10]> };
    const mlp = <B extends number>(p: Params, x: Tensor<[B, 784]>): Tensor<[B, 10]> => add(matmul(relu(add(matmul(x, p.w1), p.b1)), p.w2), p.b2);
    const init: Params = { w1: zeros([784, 128]), b1: zeros([128]), w2: zeros([128, 10]), b2: zeros([10]) };
    const batches: { x: Tensor<[128, 784]>; y: Tensor<[128, 10]> }[] = [];

    const loss = (p: Params, x: Tensor<[128, 784]>, y: Tensor<[128, 10]>) => nn.softmaxCrossEntropy(mlp(p, x), y);
    const adam = optim.adam(1e-3);
    const update = (p: Params, s: optim.StateFor<typeof adam, Params>, x: Tensor<[128, 784]>, y: Tensor<[128, 10]>) => {
      const [value, grads] = valueAndGrad(loss)(p, x, y);
      const [updates, next] = adam.update(grads, s, p);
      return { params: applyUpdates(p, updates), state: next, loss: value };
    };
    const step = jit(update, { donate: [0, 1] }); // each call consumes the params and state it is given
    let params = init, state = adam.init(init);
    for (const { x, y } of batches) ({ params, state } = step(params, state, x, y));

    expectTypeOf(params).toEqualTypeOf<Params>();
    expectTypeOf(step).returns.toHaveProperty("loss").toEqualTypeOf<Tensor<[]>>();
  });

  it("laws, for researchers", () => {
    const mySwish = (x: Tensor<[4, 3], "float64">) => mul(x, sigmoid(x));
    const myLayer = nn.dense(4, 3, { dtype: "float64" });
    const myOptimizer = optim.sgd(0.1, { momentum: 0.9 });
    const checks = () => {
      checkGradients(mySwish, A.tensorOf([4, 3]), { numRuns: 200 });   // A.tensorOf([4, 3]): Arbitrary<Tensor<[4, 3], "float64">>
      checkLayer(myLayer, { inputShape: [3, 4] });   // parameters and input, train and eval, state left out
      checkTransformation(myOptimizer);              // purity, layouts, chain laws, zero-gradient fixed point
    };
    expectTypeOf(A.tensorOf([4, 3])).toEqualTypeOf<fc.Arbitrary<Tensor<[4, 3], "float64">>>();
    expectTypeOf(checks).returns.toEqualTypeOf<void>();
  });
});
