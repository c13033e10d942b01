// Greedy decoding for a causal sequence model at a fixed length: the logits at position t predict
// the token at t + 1, so decoding writes the most likely token after the prompt, runs the model
// again, and so on. Because attention is causal, the tokens after the ones decoded so far do not
// change the prediction, and every call has the same shape [N, T] (one jit compilation).
import { argmax, slice } from "../../ops/index.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import { shapeToString } from "../../shape/runtime/show.js";
import { fromArray } from "../../tensor/create.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";

type Tokens = Tensor<[number, number], "int32">;

/**
 * The `steps` tokens [N, steps] that greedy decoding appends to prompts of length `from`: tokens
 * [N, T] hold the prompts in positions 0 … from − 1 (later positions are ignored), `forward` maps
 * tokens [N, T] to logits [N, T, V].
 */
export function greedyDecode(forward: (tokens: Tokens) => Tensor<[number, number, number], FloatDType>, tokens: Tokens, from: number, steps: number): Tokens {
  const [n, length] = tokens.shape;
  if (!(Number.isInteger(from) && Number.isInteger(steps) && from >= 1 && steps >= 0 && from + steps <= length + 1)) {
    throw new TensorShapeError("greedyDecode", [tokens.shape], `a prompt of length from >= 1 and from + steps <= T + 1 (from ${from}, steps ${steps})`, `got tokens ${shapeToString(tokens.shape)}`);
  }
  // Only the prompts are read: the later positions start at 0 and receive the decoded tokens.
  const current = Int32Array.from(tokens.toArray(), (t, i) => (i % length < from ? t : 0));
  const decoded = new Int32Array(n * steps);
  for (let k = 0; k < steps; k++) {
    // Position from − 1 + k predicts the token at from + k.
    const predicted = argmax(slice(forward(fromArray(current, [n, length], "int32")), 1, from - 1 + k, from + k), -1).toArray();
    for (let e = 0; e < n; e++) {
      const token = predicted[e] ?? 0;
      decoded[e * steps + k] = token;
      if (from + k < length) current[e * length + from + k] = token;
    }
  }
  return fromArray(decoded, [n, steps], "int32");
}
