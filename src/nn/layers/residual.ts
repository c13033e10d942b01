// residual (He et al., 2016): y = x + f(x). The identity path carries the gradient past f
// unchanged (∂y/∂x = I + ∂f/∂x), which is why very deep residual networks still train. f must
// keep the shape of its input, checked at compile time (on the layer given to residual when
// its own input decides it, else on apply) and at runtime.
import * as lax from "../../core/lax.js";
import type { Shape } from "../../shape/dim.js";
import type { AnyShapeError, ShapeError } from "../../shape/error.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import { shapesEqual } from "../../shape/runtime/basics.js";
import { shapeToString } from "../../shape/runtime/show.js";
import type { DimCompat } from "../../shape/same.js";
import type { ShowInput } from "../shape/show.js";
import {
  composedTraits, makeLayer, type AnyLayer, type DTypeInOf, type DTypeOutOf, type GenericOutputShape, type InputOf, type Layer, type OutputShape,
  type ParamsOf, type ShapeFn, type ShapeFnOf, type StateOf,
} from "../layer.js";

/** True when two shapes can be the same: compatible dims compared from the end, and the same
 *  rank unless one of them has unknown rank (then only its known trailing dims are compared). */
type SameShapes<A extends Shape, B extends Shape> =
  A extends readonly [...infer AI extends Shape, infer a]
    ? B extends readonly [...infer BI extends Shape, infer b]
      ? DimCompat<a, b> extends true ? SameShapes<AI, BI> : false
      : number extends B["length"] ? true : false
    : number extends A["length"] ? true
    : B extends readonly [] ? true
    : number extends B["length"] ? true : false;

/** S when f maps S to a shape like S, else a ShapeError. */
export type ResidualOutput<F extends ShapeFn, S extends Shape, Generic extends boolean = false> =
  (Generic extends true ? GenericOutputShape<F, S> : OutputShape<F, S>) extends infer R
    ? R extends AnyShapeError ? R
    : R extends readonly (infer _ extends number)[]
      ? SameShapes<S, R> extends true ? S
      : ShapeError<`residual(${F["label"]}): x + f(x) needs f to keep the shape, but f maps ${ShowInput<S>} to ${ShowInput<R>}`, S, R>
    : never
    : never;

export interface ResidualShape<F extends ShapeFn> extends ShapeFn {
  readonly label: `residual(${F["label"]})`;
  readonly accepts: F["accepts"];
  readonly output: ResidualOutput<F, InputOf<this>>;
  readonly generic: ResidualOutput<F, InputOf<this>, true>;
}

/** `unknown` when f keeps the shape of its most general input, else the ShapeError. */
export type ResidualCheck<L> =
  ShapeFnOf<L> extends infer F extends ShapeFn ? (ResidualOutput<F, F["accepts"]> extends infer R ? (R extends AnyShapeError ? R : unknown) : never) : never;

export type ResidualLayer<L> = Layer<ResidualShape<ShapeFnOf<L>>, ParamsOf<L>, StateOf<L>, DTypeInOf<L>, DTypeOutOf<L>>;

/** x + f(x) for a layer f that keeps the shape of its input. */
export function residual<const L extends AnyLayer>(f: L & ResidualCheck<L>): ResidualLayer<L> {
  const inner: AnyLayer = f;
  const name = `residual(${inner.name})`;
  return makeLayer({
    name,
    stateful: inner.stateful,
    traits: composedTraits([inner]),
    // The inner layer's own parameters and state, passed through unchanged.
    init: (key) => inner.init(key) as ParamsOf<L>, // init of L returns ParamsOf<L>
    initState: () => inner.initState() as StateOf<L>, // likewise for its state
    run: (params, state, x, options) => {
      const [fx, next] = inner.run(params, state, x, options);
      if (!shapesEqual(fx.shape, x.shape)) {
        throw new TensorShapeError(name, [x.shape, fx.shape], "f(x) of the input's shape", `f maps ${shapeToString(x.shape)} to ${shapeToString(fx.shape)}`);
      }
      return [lax.add(x, fx), next as StateOf<L>]; // the inner layer's state
    },
  });
}
