// The MLP training step in tygrad, through the package as users install it ("tygrad", the build
// that `npm run bench` makes first): valueAndGrad of the loss and the library's own Adam
// (optim.adam), the whole step compiled by jit on the WebAssembly backend (one
// thread, or matmuls split across two), or run eagerly (reference interpreter, with large
// matmuls on the Wasm kernel as the package entry point installs it).

import {
  add, createWasmBackend, fromArray, jit, logsumexp, matmul, mean, mul, optim, relu, sub, sum, valueAndGrad,
  type Tensor, type WasmBackend,
} from "tygrad";
import { accuracyOf, adam, sizes, type MlpBatch, type MlpParams, type Trainer } from "./problem.js";

type Params = {
  readonly w1: Tensor<[784, 128]>;
  readonly b1: Tensor<[128]>;
  readonly w2: Tensor<[128, 10]>;
  readonly b2: Tensor<[10]>;
};

const logitsOf = (p: Params, x: Tensor<[number, 784]>) => add(matmul(relu(add(matmul(x, p.w1), p.b1)), p.w2), p.b2);

const loss = (p: Params, x: Tensor<[number, 784]>, y: Tensor<[number, 10]>) => {
  const logits = logitsOf(p, x);
  return mean(sum(mul(y, sub(logsumexp(logits, 1, true), logits)), 1));
};

const optimizer = optim.adam(adam.lr, { b1: adam.beta1, b2: adam.beta2, eps: adam.eps });
type OptState = optim.StateFor<typeof optimizer, Params>;

const trainStep = (params: Params, state: OptState, x: Tensor<[number, 784]>, y: Tensor<[number, 10]>) => {
  const [value, grads] = valueAndGrad(loss)(params, x, y);
  const [updates, next] = optimizer.update(grads, state, params);
  return { params: optim.applyUpdates(params, updates), state: next, loss: value };
};

export type TygradMode = "jit-1" | "jit-2" | "eager";

const threaded: { backend?: WasmBackend } = {};

/** The two-thread backend, started once per process. */
const twoThreads = async (): Promise<WasmBackend> => {
  threaded.backend ??= createWasmBackend({ threads: 2 });
  await threaded.backend.ready();
  return threaded.backend;
};
const oneThread = createWasmBackend({ threads: false });

export const closeTygradMlp = async (): Promise<void> => {
  await Promise.all([threaded.backend?.close(), oneThread.close()]);
};

export const tygradTrainer = async (init: MlpParams, batches: readonly MlpBatch[], mode: TygradMode): Promise<Trainer> => {
  const backend = mode === "jit-2" ? await twoThreads() : oneThread;
  const step = mode === "eager" ? trainStep : jit(trainStep, { backend, donate: [0, 1] });
  let params: Params = {
    w1: fromArray(init.w1, [sizes.inputs, sizes.hidden]),
    b1: fromArray(init.b1, [sizes.hidden]),
    w2: fromArray(init.w2, [sizes.hidden, sizes.classes]),
    b2: fromArray(init.b2, [sizes.classes]),
  };
  let state = optimizer.init(params);
  const data = batches.map((b) => ({ x: fromArray(b.x, [b.size, sizes.inputs]), y: fromArray(b.y, [b.size, sizes.classes]) }));
  let t = 0;
  let last = NaN;
  return {
    step: async () => {
      const batch = data[t % data.length];
      if (batch === undefined) throw new Error("tygrad: no batches");
      t += 1;
      const out = step(params, state, batch.x, batch.y);
      params = out.params;
      state = out.state;
      last = out.loss.item();
    },
    lastLoss: async () => last,
    accuracy: async (batch) => accuracyOf(logitsOf(params, fromArray(batch.x, [batch.size, sizes.inputs])).toArray(), batch.labels),
    dispose: () => undefined,
  };
};
