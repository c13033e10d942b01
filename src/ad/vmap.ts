// vmap: automatic batching over parameter trees. `vmap(f)` is f applied to every example of a
// batch at once, f written for one example:
//
//   vmap(f)(stack(x₀, x₁, …)) = stack(f(x₀), f(x₁), …)
//
// Each argument is batched along its leading axis (inAxes 0: every tensor leaf of that
// argument) or shared by all examples (inAxes null). Outputs are batched along axis 0.

import type { Shape, ShapeError } from "../shape/index.js";
import type { IsSame } from "../shape/same.js";
import type { DType } from "../tensor/dtype.js";
import { Tensor, type AnyTensor } from "../tensor/tensor.js";
import { flatten, leavesWithPaths, unflatten, type Kept, type Static, type TreeDef } from "../tree/tree.js";
import { batchFlat } from "./batch-trace.js";

export class VmapError extends TypeError {
  readonly _tag = "VmapError";
}

/**
 * T with every tensor leaf given a leading batch axis of size B: Tensor<S, D> ↦ Tensor<[B, ...S], D>.
 * A leaf whose rank is unknown to the types (Shape, number[]) stays as it is.
 */
export type Batched<T, B extends number> =
  T extends Tensor<infer S extends Shape, infer D extends DType> ? (number extends S["length"] ? T : Tensor<[B, ...S], D>)
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: Batched<T[K], B> }
  : T extends Static | Kept ? T
  : { -readonly [K in keyof T]: Batched<T[K], B> };

/** Per argument: 0 (batched along its leading axis) or null (the same for every example). */
export type InAxes = readonly (0 | null)[];

export interface VmapOptions<I extends InAxes = InAxes> {
  /** One entry per argument (default: every argument batched, 0). */
  readonly inAxes?: I;
}

/** The arguments vmap(f) takes: the batched ones with a leading axis of size B. */
export type BatchedArgs<Args extends readonly unknown[], I extends InAxes, B extends number> = {
  -readonly [K in keyof Args]: K extends keyof I ? (I[K] extends null ? Args[K] : Batched<Args[K], B>) : Batched<Args[K], B>;
};

/** The leading dims of T's tensor leaves, as a union (never for a tree without tensors). */
type LeadingDims<T> =
  T extends Tensor<infer S extends Shape, infer _D extends DType> ? (S extends readonly [infer N, ...unknown[]] ? N : never)
  : T extends Static | Kept ? never
  : T extends readonly unknown[] ? LeadingDims<T[number]>
  : LeadingDims<T[keyof T]>;

/** The leading dims of the batched arguments (inAxes 0), in argument order. */
type BatchDims<A extends readonly unknown[], I extends InAxes, K extends unknown[] = []> =
  A extends readonly [infer X, ...infer Rest]
    ? (I[K["length"]] extends null ? BatchDims<Rest, I, [...K, X]> : [LeadingDims<X>, ...BatchDims<Rest, I, [...K, X]>])
    : [];

/** The first pair of batch sizes that cannot be the same: two different literals (or names).
 *  Identity is tested first, so a type parameter B against itself is decided in generic bodies;
 *  `number` is known only at runtime, where the sizes are checked, and agrees with anything. */
type Disagreeing<First, Rest extends readonly unknown[]> =
  Rest extends readonly [infer D, ...infer R]
    ? IsSame<D, First> extends true ? Disagreeing<First, R>
    : IsSame<D, number> extends true ? Disagreeing<First, R>
    : IsSame<First, number> extends true ? Disagreeing<D, R>
    : [First, D]
    : undefined;

type ShowSize<D> = D extends number ? `${D}` : "?";

/** `unknown` when the batched arguments can share one batch size, else a ShapeError naming vmap
 *  and the two sizes: `vmap: batched arguments have different batch sizes: 4 vs 5`. */
export type SameBatch<A extends readonly unknown[], I extends InAxes> =
  BatchDims<A, I> extends readonly [infer First, ...infer Rest]
    ? Disagreeing<First, Rest> extends readonly [infer X, infer Y]
      ? ShapeError<`vmap: batched arguments have different batch sizes: ${ShowSize<X>} vs ${ShowSize<Y>}`, X, Y>
      : unknown
    : unknown;

const describeAxis = (a: unknown): string => (a === undefined ? "undefined" : JSON.stringify(a) ?? String(a));

/** The batch size shared by every batched leaf, with an error naming the leaves that disagree. */
function batchSize(args: readonly unknown[], axes: InAxes): number {
  let first: { readonly path: string; readonly size: number } | undefined;
  args.forEach((arg, i) => {
    if (axes[i] === null) return;
    for (const [path, leaf] of leavesWithPaths(arg)) {
      const where = `argument ${i}${path === "" ? "" : ` at ${path}`}`;
      const size = leaf.shape[0];
      if (size === undefined) throw new VmapError(`vmap: ${where} is a scalar, so it has no batch axis; pass it with inAxes null, or give it a leading axis`);
      if (first === undefined) first = { path: where, size };
      else if (first.size !== size) {
        throw new VmapError(`vmap: every batched input needs the same leading size, but ${first.path} has ${first.size} and ${where} has ${size} (shape [${leaf.shape.join(", ")}])`);
      }
    }
  });
  if (first === undefined) throw new VmapError("vmap: no argument has a batched tensor, so the batch size is unknown; batch at least one (inAxes 0)");
  return first.size;
}

/**
 * Vectorizes f over a leading batch axis: `vmap(f)(xs)` equals stacking `f(x)` for each
 * example x of xs, computed by one pass over the whole batch (each primitive runs once, on
 * all examples) rather than a loop. f is written for one example and sees one example's
 * shapes. It composes with every transformation: per-example gradients are `vmap(grad(loss))`,
 * and `grad`, `jit` and `vmap` itself apply to a vmapped function.
 *
 * `options.inAxes` says, per argument, whether its tensors are batched along axis 0 (`0`, the
 * default) or shared by all examples (`null`). Every batched tensor must have the same leading
 * size. Outputs (a tensor or any tree of tensors) are batched along axis 0. To batch along
 * another axis, move it to the front with `transpose`/`permute` first (and back afterwards).
 *
 * @example
 * // per-example gradients: params shared, inputs and labels batched
 * const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(params, xs, ys);
 * // perExample has params' structure, each leaf with a leading axis of xs.shape[0]
 */
export function vmap<Args extends readonly unknown[], R, const I extends InAxes = readonly []>(
  f: (...args: Args) => R, options?: VmapOptions<I>,
): <B extends number, const A extends readonly unknown[]>(...args: BatchedArgs<Args, I, B> & A & SameBatch<A, I>) => Batched<R, B> {
  // f's parameter types are Args; it is called with values of those structures rebuilt from leaves.
  const call = f as unknown as (...xs: unknown[]) => unknown;
  return <B extends number, const A extends readonly unknown[]>(...args: BatchedArgs<Args, I, B> & A & SameBatch<A, I>): Batched<R, B> => {
    const axes: InAxes = options?.inAxes ?? args.map(() => 0);
    if (axes.length !== args.length) throw new VmapError(`vmap: inAxes has ${axes.length} entries for ${args.length} argument(s); give one per argument`);
    axes.forEach((a, i) => {
      if (a !== 0 && a !== null) throw new VmapError(`vmap: inAxes[${i}] is ${describeAxis(a)}; use 0 (batched) or null (shared); move other axes to the front with transpose`);
    });
    const size = batchSize(args, axes);
    const batched = args.flatMap((arg, i) => flatten(arg)[0].map(() => axes[i] === 0));
    const [leaves, def] = flatten([...args]);
    let outDef: TreeDef | undefined;
    const flat = (...xs: AnyTensor[]): AnyTensor[] => {
      const rebuilt = unflatten(def, xs);
      const [outLeaves, d] = flatten(call(...(Array.isArray(rebuilt) ? rebuilt : [rebuilt])));
      outDef = d;
      return outLeaves;
    };
    const outs = batchFlat(flat, leaves, batched, size);
    if (outDef === undefined) throw new Error("internal: the function did not run");
    return unflatten(outDef, outs) as Batched<R, B>; // f's own output structure, each leaf with the batch axis
  };
}
