// sequential: composition, parameters and keys per layer, state threading, whole-model
// derivatives against finite differences, and runtime errors that name the layer.
import { describe, expect, it } from "vitest";
import { tanh } from "../../src/nn/activations.js";
import { activation } from "../../src/nn/layers/activation.js";
import { batchNorm } from "../../src/nn/layers/batch-norm.js";
import { conv2d } from "../../src/nn/layers/conv2d.js";
import { dense } from "../../src/nn/layers/dense.js";
import { dropout } from "../../src/nn/layers/dropout.js";
import { flatten } from "../../src/nn/layers/flatten.js";
import { avgPool2d } from "../../src/nn/layers/pool.js";
import { sequential } from "../../src/nn/layers/sequential.js";
import { fold, key } from "../../src/random/key.js";
import { TensorShapeError } from "../../src/shape/runtime/error.js";
import { zeros } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectGradientsMatch, forSeeds, gradientCheck } from "./gradient-check.js";
import { gaussian64 } from "./inputs.js";

const arr = (t: { toArray(): ArrayLike<number> }): number[] => Array.from(t.toArray());
const f64 = { dtype: "float64" } as const;

describe("sequential", () => {
  const first = dense(4, 5, f64);
  const act = activation(tanh, "tanh");
  const last = dense(5, 2, f64);
  const model = sequential(first, act, last);
  const x = gaussian64(key(1), [3, 4]);

  it("applies its layers in order: f₃(f₂(f₁(x)))", () => {
    const params = model.init(key(2));
    const [p1, p2, p3] = params;
    const byHand = last.apply(p3, act.apply(p2, first.apply(p1, x)));
    expect(arr(model.apply(params, x))).toEqual(arr(byHand));
    expect(model.apply(params, x).shape).toEqual([3, 2]);
  });
  it("draws layer i's parameters from fold(key, i), and has no state without stateful layers", () => {
    const params = model.init(key(2));
    expect(arr(params[0].w)).toEqual(arr(first.init(fold(key(2), 0)).w));
    expect(params[1]).toBeNull();
    expect(arr(params[2].w)).toEqual(arr(last.init(fold(key(2), 2)).w));
    expect(model.initState()).toBeNull();
    expect(model.stateful).toBe(false);
    expect(model.name).toBe("sequential(dense(4 → 5), tanh, dense(5 → 2))");
  });
  it("gives layer i the key fold(key, i), so two dropout layers draw different masks", () => {
    const drops = sequential(dropout(0.5), dropout(0.5));
    const ones = gaussian64(key(3), [50, 20]);
    const y = drops.apply([null, null], ones, { train: true, key: key(4) });
    const d = dropout(0.5);
    const byHand = d.apply(null, d.apply(null, ones, { train: true, key: fold(key(4), 0) }), { train: true, key: fold(key(4), 1) });
    expect(arr(y)).toEqual(arr(byHand));
  });
  it("threads the states of stateful layers and returns them updated", () => {
    const bnModel = sequential(dense(4, 3, f64), batchNorm(3, f64), act);
    const params = bnModel.init(key(5));
    const state = bnModel.initState();
    expect(state[0]).toBeNull();
    const [y, next] = bnModel.apply(params, x, { state, train: true });
    expect(y.shape).toEqual([3, 3]);
    const [, bnState] = batchNorm(3, f64).apply(params[1], dense(4, 3, f64).apply(params[0], x), { state: state[1], train: true });
    expect(arr(next[1].mean)).toEqual(arr(bnState.mean));
    expect(arr(next[1].variance)).toEqual(arr(bnState.variance));
    expect(next[0]).toBeNull();
    expect(next[2]).toBeNull();
  });
  it("whole-model derivatives match finite differences: an MLP with batchNorm and dropout", () => forSeeds(4, (s) => {
    const mlp = sequential(dense(4, 6, f64), batchNorm(6, f64), act, dropout(0.25), dense(6, 2, f64));
    const state = mlp.initState();
    const f = (p: ReturnType<typeof mlp.init>, v: Tensor<[5, 4], "float64">) => mlp.apply(p, v, { state, train: true, key: fold(s, 9) })[0];
    expectGradientsMatch(gradientCheck(f, [mlp.init(s), gaussian64(fold(s, 1), [5, 4])], fold(s, 2)));
  }));
  it("whole-model derivatives match finite differences: a small CNN", () => forSeeds(3, (s) => {
    const cnn = sequential(conv2d(1, 2, 3, { padding: 1, ...f64 }), act, avgPool2d(2), flatten(), dense(8, 3, f64));
    const f = (p: ReturnType<typeof cnn.init>, v: Tensor<[2, 4, 4, 1], "float64">) => cnn.apply(p, v);
    expectGradientsMatch(gradientCheck(f, [cnn.init(s), gaussian64(fold(s, 1), [2, 4, 4, 1])], fold(s, 2)));
  }));
  it("names the layer when a size known only at runtime does not fit", () => {
    const features: number = 6;
    const call = () => model.apply(model.init(key(0)), zeros([3, features], "float64"));
    expect(call).toThrow(TensorShapeError);
    expect(call).toThrow(/sequential: layer 1 \(dense\(4 → 5\)\): dense\(4 → 5\): got \[3, 6\] \(expected an input \[\.\.\., 4\]\)/);
  });
  it("rejects parameters or states that are not one per layer", () => {
    // @ts-expect-error two parameter entries for three layers
    expect(() => model.apply([null, null], x)).toThrow(/sequential: expected parameters for 3 layers/);
  });
});
