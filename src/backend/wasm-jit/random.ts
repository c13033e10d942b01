// Lowering `sample` to the random-draw kernel (wasm/kernels/random) for the samplers it computes
// bit for bit like the host: uniform (float32 and float64) and bernoulli. The key is read from
// linear memory at run time, so one compiled program serves every key; the sampler's parameters
// are fixed by the program and become kernel arguments, derived here exactly as the host sampler
// derives them (src/random/continuous.ts uniformArray, discrete.ts bernoulliArray). Other
// samplers stay on the fallback path.

import type { EqnOf } from "../../core/program.js";
import type { SampleParams } from "../../core/primitives.js";
import { lastBelow } from "../../random/float-step.js";
import type { RandomDraw } from "../wasm/kernels/random/module.js";
import { deviceRegion, viewOf } from "./materialise.js";
import type { CompileState } from "./state.js";
import { sizeOf } from "./views.js";

/** A kernel draw and its arguments. */
interface DrawPlan {
  readonly draw: RandomDraw;
  readonly params: readonly number[];
}

const TWO_20 = 2 ** 20;
const TWO_32 = 2 ** 32;

/**
 * bernoulli(p): a draw is 1 when m < T for its 52-bit integer m and T = ⌈p · 2^52⌉ (u = m · 2^-52
 * < p, scaled by 2^52, which is exact). T is passed as its high and low parts T = tHi · 2^20 + tLo;
 * for p = 1, T = 2^52 has tHi = 2^32, which does not fit a word, so it becomes the equivalent
 * tHi = 2^32 - 1, tLo = 2^20 (true for every m < 2^52).
 */
export const bernoulliThreshold = (p: number): readonly [number, number] => {
  const t = Math.ceil(p * 2 ** 52);
  const hi = Math.floor(t / TWO_20);
  return hi >= TWO_32 ? [TWO_32 - 1, TWO_20] : [hi, t - hi * TWO_20];
};

/**
 * uniform on [minval, maxval) in `dtype`: [lo, span, top] with lo, hi the bounds rounded to the
 * dtype, span = fl(hi - lo) and top the largest value below hi (the host has checked lo < hi and
 * a finite span when the program was checked).
 */
export const uniformBounds = (dtype: "float32" | "float64", minval: number, maxval: number): readonly [number, number, number] => {
  const round = (x: number): number => (dtype === "float32" ? Math.fround(x) : x);
  const lo = round(minval);
  const hi = round(maxval);
  return [lo, round(hi - lo), lastBelow(hi, dtype)];
};

const drawPlan = (params: SampleParams): DrawPlan | undefined => {
  switch (params.sampler) {
    case "uniform":
      return {
        draw: params.dtype === "float32" ? "uniform32" : "uniform64",
        params: uniformBounds(params.dtype, params.minval, params.maxval),
      };
    case "bernoulli":
      return { draw: "bernoulli", params: bernoulliThreshold(params.p) };
    default:
      return undefined;
  }
};

/**
 * `sample` by the random kernel when its sampler has one; the result is a device value (bernoulli:
 * a 0/1 float32 mask, as the other bool values on the device).
 */
export function lowerSample(state: CompileState, e: EqnOf<"sample">): boolean {
  const keyWords = e.inputs[0];
  const plan = drawPlan(e.params);
  if (keyWords === undefined || plan === undefined) return false;
  const count = sizeOf(e.out.aval.shape);
  const key = deviceRegion(state, viewOf(state, keyWords), "float64");
  const output = state.newValue(plan.draw === "uniform64" ? "float64" : "float32", count);
  state.emit({ _tag: "random", draw: plan.draw, key, output, count, params: plan.params });
  state.setHome(e.out, { _tag: "device", value: output });
  return true;
}
