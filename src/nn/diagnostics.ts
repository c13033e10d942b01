// Gradient norms per layer: the measurement behind the vanishing-gradient story. In a deep
// sigmoid network the gradient reaching the first layer is a product of many factors σ' ≤ 1/4
// and shrinks geometrically with depth; ReLU with He initialization, batch normalization and
// residual connections keep it of the same order in every layer. Plot these norms by layer
// index to see it.
import { leaves } from "../tree/tree.js";
import { concreteData } from "../tensor/tensor.js";

/** ‖g‖₂ = √(Σ over every leaf and element of g²) of a gradient tree (0 for a tree without leaves). */
export function gradientNorm(tree: unknown): number {
  let sum = 0;
  for (const leaf of leaves(tree)) {
    for (const v of concreteData(leaf, "gradientNorm")) sum += v * v;
  }
  return Math.sqrt(sum);
}

/** One layer's gradient norm. */
export interface LayerGradientNorm {
  /** Position in the model, from 1. */
  readonly layer: number;
  readonly name: string;
  readonly norm: number;
}

/**
 * The gradient norm of each layer that has parameters, in order, from the gradient of a
 * sequential model's parameters (one tree per layer, as `grad` returns it).
 */
export function layerGradientNorms(model: { readonly layers: readonly { readonly name: string }[] }, grads: readonly unknown[]): LayerGradientNorm[] {
  if (grads.length !== model.layers.length) {
    throw new TypeError(`layerGradientNorms: expected one gradient per layer (${model.layers.length}), got ${grads.length}`);
  }
  return model.layers.flatMap((layer, i) =>
    leaves(grads[i]).length === 0 ? [] : [{ layer: i + 1, name: layer.name, norm: gradientNorm(grads[i]) }]);
}
