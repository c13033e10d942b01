// Law: vmap is a loop. Batching f over examples x₀ … x_{B−1} stacked along a new axis 0 gives
// the stack of f at each example,
//
//     vmap(f)(stack(x₀, …, x_{B−1})) = stack(f(x₀), …, f(x_{B−1}))
//
// with some inputs shared by every example (inAxes null) instead of batched, and each batched
// input stacked along an axis of its own (inAxes a: stack_a), each output along its own
// (outAxes o: stack_o); negative axes count from the end. Both sides compute
// the same numbers, so they agree up to rounding (a batched kernel may sum in another order):
// tolerance C_round·(ε·√N·M + η). A batching rule that reduces over the batch axis, forgets to
// shift an axis, or pairs example i with example j breaks this law.

import { vmap } from "../../src/ad/vmap.js";
import { fromArray } from "../../src/tensor/create.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { describeCase, type LawCase } from "../cases.js";
import { maxAbs, numbersOf, tensorLike, type Leaves } from "../numeric.js";
import { arrayScale, roundingTolerance } from "../tolerance.js";
import { fmt, within } from "./common.js";

export interface BatchingResult {
  readonly law: "vmap agrees with a loop over examples";
  readonly ok: boolean;
  readonly output: number;
  readonly index: number;
  /** vmap's value there. */
  readonly batched: number;
  /** The loop's value there. */
  readonly looped: number;
  readonly difference: number;
  readonly tolerance: number;
  readonly summary: string;
}

/** Example b of an input: its elements rotated by b places (same values, so still in the case's domain). */
export function exampleInput(x: AnyTensor, b: number): AnyTensor {
  const v = numbersOf(x);
  const n = v.length;
  return tensorLike(x, v.map((_, k) => v[(k + b) % n] ?? 0));
}

/** Tensors of one shape stacked on a new axis `axis` (negative from the end of the stacked rank), as concrete numbers. */
function stackNumbers(xs: Leaves, like: AnyTensor, axis = 0): { readonly shape: readonly number[]; readonly values: Float64Array } {
  const rank = like.shape.length + 1;
  const a = axis < 0 ? axis + rank : axis;
  const shape = [...like.shape.slice(0, a), xs.length, ...like.shape.slice(a)];
  const values = new Float64Array(xs.length * like.size);
  // element (outer, b, inner) of the stack is element (outer, inner) of example b
  const inner = like.shape.slice(a).reduce((p, d) => p * d, 1);
  const outer = like.size / Math.max(inner, 1);
  xs.forEach((x, b) => {
    const v = numbersOf(x);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) values[(o * xs.length + b) * inner + i] = v[o * inner + i] ?? Number.NaN;
    }
  });
  return { shape, values };
}

const stacked = (xs: Leaves, like: AnyTensor, axis = 0): AnyTensor => {
  const s = stackNumbers(xs, like, axis);
  return fromArray(s.values, s.shape, like.dtype);
};

/** Where the batch axis of each batched input and of each output is (default: 0 everywhere). */
export interface BatchAxes {
  /** Per input (read where the input is batched): an axis in [-(rank + 1), rank]. */
  readonly inAxes: readonly number[];
  /** Per output: an axis in [-(rank + 1), rank] of that output's rank. */
  readonly outAxes: readonly number[];
}

const sameNumber = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * vmap(c.f) over `size` examples, input i batched when `batched[i]` (else shared), against c.f
 * applied to each example in turn.
 */
export function vmapMatchesLoop(c: LawCase, size: number, batched: readonly boolean[], axes?: BatchAxes): BatchingResult {
  const examples = Array.from({ length: size }, (_, b) => c.inputs.map((x, i) => (batched[i] === true ? exampleInput(x, b) : x)));
  const loop = examples.map((xs) => c.f(...xs));
  // with no examples the loop shows no outputs: their shapes come from f at the case's own inputs
  const reference = loop[0] ?? c.f(...c.inputs);
  const inAxis = (i: number): number => axes?.inAxes[i] ?? 0;
  const outAxis = (j: number): number => axes?.outAxes[j] ?? 0;
  const args = c.inputs.map((x, i) => (batched[i] === true ? stacked(examples.map((xs) => xs[i] ?? x), x, inAxis(i)) : x));
  const outs: Leaves = vmap(c.f, {
    inAxes: batched.map((b, i) => (b ? inAxis(i) : null)),
    outAxes: reference.map((_, j) => outAxis(j)),
  })(...args);
  const M = Math.max(1, maxAbs(outs));
  let worst: Omit<BatchingResult, "law" | "ok" | "summary" | "tolerance"> = { output: -1, index: -1, batched: 0, looped: 0, difference: 0 };
  let shapeProblem = "";
  let total = 0;
  outs.forEach((out, j) => {
    const first = reference[j];
    if (first === undefined) {
      shapeProblem = `vmap returned ${outs.length} outputs but f returns ${reference.length}`;
      return;
    }
    const expected = stackNumbers(loop.map((ys) => ys[j] ?? first), first, outAxis(j));
    if (out.shape.join(",") !== expected.shape.join(",") || out.dtype !== first.dtype) {
      shapeProblem = `output ${j} is ${out.dtype}[${out.shape.join(",")}], expected ${first.dtype}[${expected.shape.join(",")}]`;
      return;
    }
    const got = numbersOf(out);
    total += got.length;
    got.forEach((v, k) => {
      const e = expected.values[k] ?? Number.NaN;
      const difference = sameNumber(v, e) ? 0 : Math.abs(v - e);
      if (Number.isNaN(worst.difference)) return;
      if (Number.isNaN(difference) || difference > worst.difference) worst = { output: j, index: k, batched: v, looped: e, difference };
    });
  });
  const tolerance = roundingTolerance(c.precision, arrayScale(total, M));
  const ok = shapeProblem === "" && within(worst.difference, tolerance);
  const where = `${size} examples, inputs ${batched.map((b, i) => `${i}: ${b ? `batched on axis ${inAxis(i)}` : "shared"}`).join(", ") || "(none)"}` +
    `, outputs on axes [${reference.map((_, j) => outAxis(j)).join(", ")}]`;
  const summary = ok
    ? `vmap agrees with a loop over examples for ${describeCase(c)} (${where})`
    : shapeProblem !== ""
      ? `vmap disagrees with a loop over examples for ${describeCase(c)} (${where}): ${shapeProblem}`
      : `vmap disagrees with a loop over examples for ${describeCase(c)} (${where}): output ${worst.output}, element ${worst.index}: ` +
        `vmap ${fmt(worst.batched)}, loop ${fmt(worst.looped)}, difference ${fmt(worst.difference)} > tolerance ${fmt(tolerance)}`;
  return { law: "vmap agrees with a loop over examples", ok, ...worst, tolerance, summary };
}
