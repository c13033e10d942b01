// A built-in sequence task for language models: reversing strings of digits. Nothing is
// downloaded; the strings are drawn from a key.
//
// A model reads the digits, a separator, and then writes them backwards, one token at a time.
// As next-token prediction over the whole sequence s = [d₁ … d_L, SEP, d_L … d₁], the input is
// s without its last token and the target at each position is the token that follows it; the
// targets while the digits are still being read (which no model could predict) are PAD, so
// that every target is determined by what came before and a perfect model reaches loss 0:
//
//   features  [d₁, d₂, …, d_L, SEP, d_L, …, d₂]         length 2L
//   labels    [PAD, …, PAD, SEP, d_L, d_{L−1}, …, d₁]   length 2L  (L − 1 PADs)
//
// The answer is labels[L … 2L − 1]; a causal model sees features[0 … t] when predicting labels[t].
import { randintArray } from "../random/discrete.js";
import type { Key } from "../random/key.js";
import { fromArray } from "../tensor/create.js";
import type { Tensor } from "../tensor/tensor.js";

/** Token ids: the digits 0–9, then the separator and the padding target. */
export const SEP = 10;
export const PAD = 11;
export const REVERSAL_VOCABULARY = 12;

export interface ReversalOptions {
  /** How many strings (default 1000). */
  readonly examples?: number;
  /** Digits per string L (default 8). */
  readonly length?: number;
}

export interface ReversalTask {
  readonly name: string;
  /** [N, 2L] int32 token ids. */
  readonly features: Tensor<[number, number], "int32">;
  /** [N, 2L] int32 next-token targets. */
  readonly labels: Tensor<[number, number], "int32">;
  /** L: digits per string; the answer is at positions L … 2L − 1. */
  readonly length: number;
  readonly vocabulary: number;
}

/** N random digit strings of length L as a next-token task (see the header). */
export function digitReversal(key: Key, options: ReversalOptions = {}): ReversalTask {
  const n = options.examples ?? 1000;
  const length = options.length ?? 8;
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`digitReversal: examples must be a positive integer, got ${String(n)}`);
  if (!Number.isSafeInteger(length) || length < 1 || length > 4096) throw new RangeError(`digitReversal: length must be an integer in [1, 4096], got ${String(length)}`);
  const digits = randintArray(key, n * length, 0, 10);
  const width = 2 * length;
  const features = new Int32Array(n * width);
  const labels = new Int32Array(n * width);
  for (let e = 0; e < n; e++) {
    const d = (i: number) => digits[e * length + i] ?? 0;
    // The whole sequence s = [d₁ … d_L, SEP, d_L … d₁] has 2L + 1 tokens.
    const s = (t: number) => (t < length ? d(t) : t === length ? SEP : d(2 * length - t));
    for (let t = 0; t < width; t++) {
      features[e * width + t] = s(t);
      labels[e * width + t] = t < length - 1 ? PAD : s(t + 1);
    }
  }
  return {
    name: `digit reversal (${n} strings of ${length} digits)`,
    features: fromArray(features, [n, width], "int32"),
    labels: fromArray(labels, [n, width], "int32"),
    length,
    vocabulary: REVERSAL_VOCABULARY,
  };
}
