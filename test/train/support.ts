// Shared by the training tests: the loss the classifiers train with, and ways to compare trees of
// tensors and training histories exactly.

import { sparseSoftmaxCrossEntropy } from "../../src/nn/index.js";
import type { Tensor } from "../../src/tensor/index.js";
import { leavesWithPaths } from "../../src/tree/index.js";

/** Mean softmax cross-entropy of class scores [B, C] against int32 class ids [B] (the scores typed
 *  as a dense layer's output, [..., C], whose leading axes the loss checks at runtime). */
export const crossEntropy = (logits: Tensor<[...number[], number]>, labels: Tensor<[number], "int32">): Tensor<[], "float32"> =>
  sparseSoftmaxCrossEntropy(logits, labels);

/** Every leaf of a tree as "path: values", for comparisons with a readable diff. */
export const snapshot = (tree: unknown): Record<string, readonly number[]> =>
  Object.fromEntries(leavesWithPaths(tree).map(([path, leaf]) => [path, Array.from(leaf.toArray(), Number)]));

/** Every leaf of a tree as "path: its bytes in hex": equal exactly when the trees are equal bit for
 *  bit (numbers cannot tell −0 from 0, or one NaN from another). */
export const bits = (tree: unknown): Record<string, string> =>
  Object.fromEntries(leavesWithPaths(tree).map(([path, leaf]) => {
    const data = leaf.toArray();
    return [path, Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("hex")];
  }));

/** The history without wall-clock times, the one thing allowed to differ between identical runs. */
export const withoutTimes = <R extends { readonly seconds: number }>(history: readonly R[]): Omit<R, "seconds">[] =>
  history.map(({ seconds: _seconds, ...rest }) => rest);
