import "../src/backend/wasm-jit/register.js";
import { applyUpdates, fromArray, jit, key, nn, optim, valueAndGrad, type Tensor } from "../src/index.js";
const [B, T, D, V] = [32, 64, 128, 16] as const;
const model = nn.sequential(nn.embedding(V, D), nn.learnedPositions(T, D), nn.transformerBlock(D, { heads: 4, causal: true }), nn.layerNorm(D), nn.dense(D, V));
type P = nn.ParamsOf<typeof model>;
const adam = optim.adam(1e-3);
const step = (p: P, s: ReturnType<typeof adam.init<P>>, x: Tensor<[number, number], "int32">, y: Tensor<[number, number], "int32">) => {
  const [loss, g] = valueAndGrad((q: P) => nn.sparseSoftmaxCrossEntropy(model.apply(q, x), y))(p);
  const [u, s2] = adam.update(g, s);
  return { loss, params: applyUpdates(p, u), state: s2 };
};
const ids = fromArray(Array.from({ length: B * T }, (_, i) => (i * 7) % V), [B, T], "int32");
let p = model.init(key(0)); let s = adam.init(p);
const c = jit(step);
let t0 = performance.now();
let r = c(p, s, ids, ids);
console.log("first (compile+run)", (performance.now() - t0).toFixed(0), "ms loss", r.loss.item());
for (let i = 0; i < 5; i++) { t0 = performance.now(); r = c(r.params, r.state, ids, ids); console.log("step", (performance.now() - t0).toFixed(1), "ms", r.loss.item()); }
