// Weight penalties: terms added to a loss to keep parameters small, the classic cure for
// overfitting. L2 ("weight decay"):
//
//   L2(θ) = λ/2 · Σ_leaves Σ_i θ_i²       so that   ∇L2 = λ θ
import * as lax from "../core/lax.js";
import { typed } from "../ops/typed.js";
import { leavesWithPaths } from "../tree/tree.js";
import type { DType, FloatDType } from "../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../tensor/tensor.js";
import { DTypeError } from "../core/errors.js";
import { LayerConfigError } from "./errors.js";
import type { Shape } from "../shape/dim.js";

/** The dtypes of a tree's tensor leaves. */
export type LeafDType<P> =
  P extends Tensor<Shape, infer D> ? D
  : P extends readonly (infer E)[] ? LeafDType<E>
  : P extends object ? { [K in keyof P]: LeafDType<P[K]> }[keyof P]
  : never;

/** The float dtype of a tree's leaves (float32 for a tree without float leaves). */
export type PenaltyDType<P> = [Extract<LeafDType<P>, FloatDType>] extends [never] ? "float32" : Extract<LeafDType<P>, FloatDType>;

export interface L2Options {
  /** λ (default 1). */
  readonly weight?: number;
  /** Which leaves count, by path ("0.w", "layers.1.b"; default: every float leaf). E.g.
   *  `(path) => path.endsWith(".w")` leaves biases out. */
  readonly include?: (path: string) => boolean;
}

/** λ/2 · Σ θ² over the float leaves of a parameter tree (those `include` accepts). */
export function l2Penalty<P>(params: P, options: L2Options = {}): Tensor<[], PenaltyDType<P>> {
  const weight = options.weight ?? 1;
  if (!Number.isFinite(weight) || weight < 0) throw new LayerConfigError("l2Penalty", `weight ${weight}`, "a finite, non-negative weight λ");
  const chosen = leavesWithPaths(params)
    .filter(([path, leaf]) => (leaf.dtype === "float32" || leaf.dtype === "float64") && (options.include?.(path) ?? true))
    .map(([, leaf]): AnyTensor => leaf);
  const dtypes = [...new Set(chosen.map((leaf) => leaf.dtype))];
  if (dtypes.length > 1) throw new DTypeError("l2Penalty", dtypes, "parameters of a single float dtype");
  const dtype: DType = dtypes[0] ?? "float32";
  const squares = chosen.map((leaf) => lax.reduceSum(lax.mul(leaf, leaf), leaf.shape.map((_, i) => i)));
  const total = squares.reduce((a, b) => lax.add(a, b), lax.full([], 0, dtype));
  return typed(lax.scale(total, weight / 2));
}
