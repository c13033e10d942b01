// dropout (Srivastava et al., 2014), in its "inverted" form: while training, each element is
// kept with probability 1 − p and scaled by 1/(1 − p), else zeroed, so the expected output is
// the input and evaluation needs no rescaling:
//
//   train: y = x · m / (1 − p),  m ~ Bernoulli(1 − p) elementwise        eval: y = x
//
// The mask is drawn from the key passed to apply, so the same key drops the same elements.
import * as lax from "../../core/lax.js";
import { bernoulli } from "../../random/samplers.js";
import { LayerConfigError } from "../errors.js";
import { checkFloat, makeLayer, type Layer, type SameShape } from "../layer.js";

export type DropoutLayer = Layer<SameShape<"dropout">, null>;

/** Inverted dropout with drop probability `rate` in [0, 1). */
export function dropout(rate: number): DropoutLayer {
  const name = `dropout(${rate})`;
  if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) {
    throw new LayerConfigError("dropout", `rate ${String(rate)}`, "a drop probability in [0, 1) (1 would drop everything)");
  }
  return makeLayer({
    name,
    stateful: false,
    traits: { trainingDiffers: true },
    init: () => null,
    initState: () => null,
    run: (_params, state, x, { train = false, key }) => {
      checkFloat(name, x);
      if (!train || rate === 0) return [x, state];
      if (key === undefined) throw new TypeError(`${name}: training needs a PRNG key for the mask: apply(params, x, { train: true, key })`);
      const mask = lax.convert(bernoulli(key, 1 - rate, x.shape), x.dtype);
      return [lax.mul(x, lax.scale(mask, 1 / (1 - rate))), state];
    },
  });
}
