// flatten: [N, d1, d2, …] → [N, d1·d2·…], keeping the batch axis (the bridge from convolutional
// feature maps to dense layers).
import * as lax from "../../core/lax.js";
import type { Flatten } from "../../shape/types/flatten.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import { shapeToString } from "../../shape/runtime/show.js";
import { makeLayer, type InputOf, type Layer, type ShapeFn } from "../layer.js";
import type { DType } from "../../tensor/dtype.js";

export interface FlattenShape extends ShapeFn {
  readonly label: "flatten";
  readonly accepts: readonly number[];
  readonly output: number extends InputOf<this>["length"] ? [number, number] : Flatten<InputOf<this>, 1>;
}

export type FlattenLayer = Layer<FlattenShape, null, null, DType>;

/** Flattens every axis after the first into one. */
export function flatten(): FlattenLayer {
  return makeLayer({
    name: "flatten",
    stateful: false,
    traits: { trainingDiffers: false },
    init: () => null,
    initState: () => null,
    run: (_params, state, x) => {
      if (x.shape.length < 2) throw new TensorShapeError("flatten", [x.shape], "an input of rank 2 or more [batch, ...]", `got ${shapeToString(x.shape)}`);
      const [n = 0, ...rest] = x.shape;
      return [lax.reshape(x, [n, rest.reduce((a, b) => a * b, 1)]), state];
    },
  });
}
