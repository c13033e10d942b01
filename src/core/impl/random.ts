// Reference kernels for the randomness primitives, keyChild and sample. A key enters a program
// as its words [hi, lo] (a float64[2] tensor); these kernels rebuild the key from the words and
// run the host code of src/random on it — the very functions `split`, `fold` and the samplers
// run on a concrete key — so a compiled program draws exactly the numbers eager evaluation draws.
// (Those host functions are plain typed-array code depending on nothing above the tensors, like
// the other kernels here.)

import { checkIntegerIn, shapeSize } from "../../random/checks.js";
import { normalArray, truncatedNormalArray, uniformArray } from "../../random/continuous.js";
import {
  bernoulliArray, categoricalArray, checkChoice, checkPermutation, choiceArray, permutationArray, randintArray,
} from "../../random/discrete.js";
import { childWords, makeKey, type Key } from "../../random/key-repr.js";
import { isUint32 } from "../../random/threefry.js";
import type { AnyData } from "../../tensor/dtype.js";
import type { HostArray } from "../host.js";
import type { SampleParams } from "../primitives.js";

/** The key whose words `words` holds, after checking that they are two uint32 words. */
export function keyOfWords(op: string, words: ArrayLike<number>): Key {
  const [hi, lo] = [words[0] ?? Number.NaN, words[1] ?? Number.NaN];
  if (words.length !== 2 || !isUint32(hi) || !isUint32(lo)) {
    throw new RangeError(`${op}: a key's words must be two integers in [0, 2^32), got [${Array.from(words).join(", ")}]`);
  }
  return makeKey(hi, lo);
}

/** Checks a keyChild counter, which may be any safe integer (split uses 0 … n-1, fold any value). */
export const checkCounter = (counter: number): void => {
  if (!Number.isSafeInteger(counter)) throw new RangeError(`keyChild: counter must be a safe integer, got ${String(counter)}`);
};

/** The words of the child of the key `words` at `counter` (what `fold(k, counter)` gives). */
export function keyChildData(words: ArrayLike<number>, counter: number): Float64Array {
  checkCounter(counter);
  return Float64Array.from(childWords(keyOfWords("keyChild", words).data, counter));
}

/** A key for running argument checks only: a draw of zero values reads no random bits. */
const NO_KEY = makeKey(0, 0);

/**
 * Checks a sample's arguments exactly as its host sampler does, by asking that sampler for zero
 * values: each checks all its arguments before drawing anything.
 */
export function checkSample(params: SampleParams): void {
  switch (params.sampler) {
    case "categorical":
      checkIntegerIn("categorical", "axis", params.axis, -(2 ** 31), 2 ** 31 - 1);
      return; // the axis is checked against the logits' shape by categoricalAxis
    case "permutation":
      checkPermutation(params.n);
      return;
    case "choice":
      checkChoice(params.n, shapeSize("choice", params.shape), params.replace);
      return;
    default:
      shapeSize(params.sampler, params.shape);
      sampleData(NO_KEY, { ...params, shape: [0] });
  }
}

/**
 * The values `params` asks for, drawn from key `k` by the host sampler it names (categorical
 * draws one index per slice of `logits`). This is both the `sample` primitive's kernel and what
 * every tensor sampler computes for a concrete key.
 */
export function sampleData(k: Key, params: SampleParams, logits?: HostArray): AnyData {
  switch (params.sampler) {
    case "uniform":
      return uniformArray(k, shapeSize("uniform", params.shape), params.dtype, params.minval, params.maxval);
    case "normal":
      return normalArray(k, shapeSize("normal", params.shape), params.dtype, params.mean, params.stddev);
    case "truncatedNormal":
      return truncatedNormalArray(k, shapeSize("truncatedNormal", params.shape), params.dtype, params.lower, params.upper);
    case "bernoulli":
      return bernoulliArray(k, shapeSize("bernoulli", params.shape), params.p);
    case "randint":
      return randintArray(k, shapeSize("randint", params.shape), params.minval, params.maxval);
    case "categorical":
      if (logits === undefined) throw new TypeError("sample: categorical needs the logits as its second operand");
      return categoricalArray(k, logits.data, logits.shape, params.axis).data;
    case "permutation":
      return permutationArray(k, params.n);
    case "choice":
      return choiceArray(k, params.n, shapeSize("choice", params.shape), params.replace);
  }
}
