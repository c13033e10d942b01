// activation: a shape-preserving function (relu, gelu, softmax, …) as a layer with no
// parameters, so it can take its place in a sequential model.
import type { Shape } from "../../shape/dim.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkFloat, makeLayer, type Layer, type SameShape } from "../layer.js";

/** A function that keeps its input's shape and dtype. */
export type ShapePreserving = <S extends Shape, D extends FloatDType>(x: Tensor<S, D>) => Tensor<S, D>;

export type ActivationLayer<Name extends string> = Layer<SameShape<Name>, null>;

/** `fn` as a parameterless layer, named `name` in messages: `activation(relu, "relu")`. */
export function activation<const Name extends string = "activation">(fn: ShapePreserving, name?: Name): ActivationLayer<Name> {
  const label = name ?? "activation";
  return makeLayer({
    name: label,
    stateful: false,
    traits: { trainingDiffers: false },
    init: () => null,
    initState: () => null,
    run: (_params, state, x) => {
      checkFloat(label, x);
      return [fn(x), state];
    },
  });
}
