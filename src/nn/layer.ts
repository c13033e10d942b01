// What a layer is: a pure pair of functions, `init` (a PRNG key ↦ fresh parameters) and
// `apply` (parameters and an input ↦ the output), plus, for layers with running statistics
// (batchNorm), a state that `apply` takes and returns anew. Nothing is stored in the layer
// value itself except its configuration, so the same layer can be applied to many parameter
// sets, and `grad` differentiates `apply` with respect to the parameters like any function.
//
//   const layer = dense(784, 128);                 // configuration only
//   const params = layer.init(key(0));             // { w: Tensor<[784, 128]>, b: Tensor<[128]> }
//   const y = layer.apply(params, x);              // x: Tensor<[B, 784]> → Tensor<[B, 128]>
//
// Shapes are checked at compile time by a type-level function per layer (a `ShapeFn`): the
// input's shape goes in, the output's shape or a ShapeError naming the dims comes out. The
// same rule is checked at runtime, for dims that are only known then.

import { DTypeError } from "../core/errors.js";
import type { Key } from "../random/key.js";
import type { Shape } from "../shape/dim.js";
import type { Guard, Ok } from "../shape/error.js";
import type { DType, FloatDType } from "../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../tensor/tensor.js";

/**
 * A function from shapes to shapes at the type level. Set `input` and read `output`:
 * `OutputShape<F, [B, 784]>`. `accepts` is the most general input the layer takes (`number`
 * for dims it does not constrain), and `label` names the layer in messages.
 */
export interface ShapeFn {
  /** Left `unknown` here so that `F & { input: S }` is exactly S (an intersection with a wider
   *  declared type would leave `Shape & S`, which tuple patterns do not match). */
  readonly input: unknown;
  readonly output: unknown;
  // A ShapeFn may also declare `generic`: the output for code generic over the input's dims,
  // where `output` needs arithmetic the compiler cannot do on a type parameter (a convolution's
  // ⌊(H + 2P − E) / S⌋ + 1 for a generic H). It is computed by matching only, with `number` for
  // the dims it cannot compute, and still checks what matching can (channels, rank). Without it,
  // the generic rule is `output` itself.
  readonly accepts: Shape;
  readonly label: string;
}

/** F's output for an input of shape S: a shape, or a ShapeError. */
export type OutputShape<F extends ShapeFn, S extends Shape> = (F & { readonly input: S })["output"];

/** F's output for an input of shape S by its generic rule (see ShapeFn), else by `output`. */
export type GenericOutputShape<F extends ShapeFn, S extends Shape> =
  F extends { readonly generic: unknown } ? (F & { readonly input: S })["generic"] : OutputShape<F, S>;

/** Inside a ShapeFn declaration: the input shape, `InputOf<this>`. Matched against
 *  `readonly (infer _ extends number)[]` rather than `Shape`, which the compiler can decide for
 *  a shape like [B, 784] inside a generic body `<B extends number>`. */
export type InputOf<F extends ShapeFn> = F["input"] extends readonly (infer _ extends number)[] ? F["input"] : never;

/** A layer that keeps S's shape (activations, dropout, normalization). */
export interface SameShape<Label extends string = string> extends ShapeFn {
  readonly output: InputOf<this>;
  readonly accepts: Shape;
  readonly label: Label;
}

/** The parameters of a layer that has none. */
export type NoParams = null;
/** The state of a layer that has none. */
export type NoState = null;

/** What `apply` may be told: a PRNG key (for dropout) and whether this is a training step. */
export interface ApplyOptions {
  readonly key?: Key;
  /** Training (batch statistics, dropout on) or evaluation (running statistics, dropout off). Default false. */
  readonly train?: boolean;
}

/** The options of a stateful layer's `apply`: the current state is required. */
export interface StatefulOptions<St> extends ApplyOptions {
  readonly state: St;
}

/** The dtype a layer outputs: its own, or ("same") its input's. */
export type OutDType<DOut extends DType | "same", D extends DType> = DOut extends "same" ? D : DOut;

/** The options argument of `apply`: optional for stateless layers, with the state otherwise. */
export type ApplyArgs<St> = [St] extends [NoState] ? [options?: ApplyOptions] : [options: StatefulOptions<St>];

/** What `apply` returns: the output, or `[output, new state]` for a stateful layer. */
export type ApplyResult<Y, St> = [St] extends [NoState] ? Y : [Y, St];

declare const layerTypes: unique symbol;

/**
 * The untyped core of a layer, which combinators (sequential, residual) call. `run` always
 * takes and returns a state (`null` for stateless layers).
 */
export interface LayerCore<F extends ShapeFn, P, St, DIn extends DType, DOut extends DType | "same"> {
  /** E.g. "dense(784 → 128)". */
  readonly name: string;
  /** True when `apply` takes and returns a state. */
  readonly stateful: boolean;
  /** Fresh parameters drawn with `key`. */
  init(key: Key): P;
  /** The state before any training step (running mean 0, variance 1 for batchNorm). */
  initState(): St;
  /** The layer's computation: (params, state, x) ↦ (y, new state). */
  run(params: P, state: St, x: AnyTensor, options: ApplyOptions): readonly [AnyTensor, St];
  /** What the layer declares about its derivatives, for the laws (tygrad/laws checkLayer). */
  readonly traits?: LayerTraits;
  /** Type-level only (never present at runtime): the shape rule and dtypes, for combinators. */
  readonly [layerTypes]?: { readonly shape: F; readonly dtypeIn: DIn; readonly dtypeOut: DOut };
}

/**
 * A layer mapping inputs of dtype DIn to outputs of dtype DOut ("same": the input's) and shape
 * given by the ShapeFn F, with parameters P and state St.
 */
export interface Layer<F extends ShapeFn, P, St = NoState, DIn extends DType = FloatDType, DOut extends DType | "same" = "same">
  extends LayerCore<F, P, St, DIn, DOut> {
  /**
   * The output for input x (and the new state for a stateful layer). The layer's shape rule
   * gives the output's shape; in code generic over x's dims, where the rule cannot be computed,
   * its generic rule does (`number` for a convolution's spatial dims over a generic H, W); the
   * last signature repeats the first so that a mismatch is reported by the exact rule.
   */
  apply<S extends Shape, D extends DIn>(
    params: P, x: Tensor<S, D> & Guard<OutputShape<F, S>>, ...options: ApplyArgs<St>
  ): ApplyResult<Tensor<Ok<OutputShape<F, S>>, OutDType<DOut, D>>, St>;
  apply<S extends Shape, D extends DIn>(
    params: P, x: Tensor<S, D> & Guard<GenericOutputShape<F, S>>, ...options: ApplyArgs<St>
  ): ApplyResult<Tensor<Ok<GenericOutputShape<F, S>>, OutDType<DOut, D>>, St>;
  apply<S extends Shape, D extends DIn>(
    params: P, x: Tensor<S, D> & Guard<OutputShape<F, S>>, ...options: ApplyArgs<St>
  ): ApplyResult<Tensor<Ok<OutputShape<F, S>>, OutDType<DOut, D>>, St>;
}

/**
 * Facts a layer states about itself that its computation alone does not show. Undeclared, the
 * laws assume the most they must check: both modes, and state without derivatives.
 */
export interface LayerTraits {
  /** False when `train` changes nothing (dense, conv2d); true for batch statistics and dropout. */
  readonly trainingDiffers?: boolean;
  /** True when the new state carries derivatives (a recurrent cell's hidden state); false (the
   *  default) for running statistics, which are computed from stopGradient values. */
  readonly differentiableState?: boolean;
}

/** Any layer, for combinators. */
export type AnyLayer = LayerCore<ShapeFn, unknown, unknown, DType, DType | "same">;

/** The type-level facts of a layer. */
export type ShapeFnOf<L> = L extends { readonly [layerTypes]?: { readonly shape: infer F extends ShapeFn } } ? F : never;
export type DTypeInOf<L> = L extends { readonly [layerTypes]?: { readonly dtypeIn: infer D extends DType } } ? D : never;
export type DTypeOutOf<L> = L extends { readonly [layerTypes]?: { readonly dtypeOut: infer D extends DType | "same" } } ? D : never;
export type ParamsOf<L> = L extends { init(key: Key): infer P } ? P : never;
export type StateOf<L> = L extends { initState(): infer St } ? St : never;

/** How a layer computes, for `makeLayer`. */
export interface LayerSpec<P, St> {
  readonly name: string;
  readonly stateful: boolean;
  readonly init: (key: Key) => P;
  readonly initState: () => St;
  readonly run: (params: P, state: St, x: AnyTensor, options: ApplyOptions) => readonly [AnyTensor, St];
  readonly traits?: LayerTraits;
}

/** True when `apply` was given a state. */
const hasState = <St>(options: ApplyOptions | StatefulOptions<St> | undefined): options is StatefulOptions<St> =>
  options !== undefined && "state" in options;

/**
 * A typed layer from its untyped computation. The type parameters are the layer's type-level
 * rules; `run` checks the same rules at runtime (it must, for dims known only then), which is
 * what makes the typed `apply` honest.
 */
export function makeLayer<F extends ShapeFn, P, St = NoState, DIn extends DType = FloatDType, DOut extends DType | "same" = "same">(
  spec: LayerSpec<P, St>,
): Layer<F, P, St, DIn, DOut> {
  const apply = (params: P, x: AnyTensor, options?: ApplyOptions | StatefulOptions<St>): AnyTensor | [AnyTensor, St] => {
    if (spec.stateful && !hasState<St>(options)) {
      throw new TypeError(`${spec.name}: apply needs the layer state, as apply(params, x, { state }) (start from layer.initState())`);
    }
    const state = hasState<St>(options) ? options.state : spec.initState();
    const [y, next] = spec.run(params, state, x, options ?? {});
    return spec.stateful ? [y, next] : y;
  };
  return {
    name: spec.name,
    stateful: spec.stateful,
    init: spec.init,
    initState: spec.initState,
    run: spec.run,
    ...(spec.traits === undefined ? {} : { traits: spec.traits }),
    // The generic signature is the layer's type-level rule; `run` checks the same rule at
    // runtime, so the implementation above has exactly this type for every instantiation.
    apply: apply as unknown as Layer<F, P, St, DIn, DOut>["apply"],
  };
}

/** Throws a DTypeError unless x has the dtype a layer's parameters were created with. */
export function checkDType(layer: string, x: AnyTensor, dtype: DType): void {
  if (x.dtype !== dtype) throw new DTypeError(layer, [x.dtype], `${dtype}, the dtype of the layer's parameters (cast the input, or create the layer with { dtype: "${x.dtype}" })`);
}

/** Throws a DTypeError unless x is a float tensor. */
export function checkFloat(layer: string, x: AnyTensor): asserts x is Tensor<Shape, FloatDType> {
  if (x.dtype !== "float32" && x.dtype !== "float64") throw new DTypeError(layer, [x.dtype], "float32 or float64");
}

/**
 * The traits of layers composed into one (sequential, residual): training differs if it does
 * for any of them (unknown if unknown for any, and none says it does); the state is
 * differentiable only if every stateful one's is.
 */
export function composedTraits(layers: readonly AnyLayer[]): LayerTraits {
  const differs = layers.map((l) => l.traits?.trainingDiffers);
  const stateful = layers.filter((l) => l.stateful);
  return {
    ...(differs.includes(true) ? { trainingDiffers: true } : differs.every((d) => d === false) ? { trainingDiffers: false } : {}),
    differentiableState: stateful.length > 0 && stateful.every((l) => l.traits?.differentiableState === true),
  };
}
