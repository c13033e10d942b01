// maxPool2d and avgPool2d: pooling layers over NHWC inputs, with no parameters. See
// functional/pool.ts for what they compute.
import type { AnyTensor } from "../../tensor/tensor.js";
import { avgPoolRaw, checkPoolPadding, maxPoolRaw } from "../functional/pool.js";
import { makeLayer, type InputOf, type Layer, type ShapeFn } from "../layer.js";
import { pairOf, windowConfig, type PairOf, type Pool2dGenericShape, type Pool2dShape, type Size2, type WindowOptions } from "../shape/window.js";

export interface Pool2dShapeFn<Op extends string, KH extends number, KW extends number, O> extends ShapeFn {
  readonly label: `${Op}(${KH}×${KW})`;
  readonly accepts: readonly [number, number, number, number];
  readonly output: Pool2dShape<Op, InputOf<this>, KH, KW, O>;
  readonly generic: Pool2dGenericShape<Op, InputOf<this>, KH, KW, O>;
}

export type Pool2dLayer<Op extends string, K extends Size2, O> = Layer<Pool2dShapeFn<Op, PairOf<K>[0], PairOf<K>[1], O>, null>;

type PoolFn = (op: string, x: AnyTensor, window: Size2, options: WindowOptions) => AnyTensor;

function poolLayer<Op extends string, const K extends Size2, const O extends WindowOptions>(op: Op, pool: PoolFn, window: K, options: O | undefined): Pool2dLayer<Op, K, O> {
  const [kh, kw] = pairOf(window);
  const name = `${op}(${kh}×${kw})`;
  // Reject a bad configuration now, not at the first call.
  const config = windowConfig(name, window, options ?? {}, window);
  if (config.padding !== "same") checkPoolPadding(name, config, config.padding);
  return makeLayer({
    name,
    stateful: false,
    traits: { trainingDiffers: false },
    init: () => null,
    initState: () => null,
    run: (_params, state, x) => [pool(name, x, window, options ?? {}), state],
  });
}

/** Max pooling with a `window` (size or [height, width]); stride defaults to the window. */
export const maxPool2d = <const K extends Size2, const O extends WindowOptions = {}>(window: K, options?: O): Pool2dLayer<"maxPool2d", K, O> =>
  poolLayer("maxPool2d", maxPoolRaw, window, options);

/** Average pooling with a `window`; stride defaults to the window; padded positions are not counted. */
export const avgPool2d = <const K extends Size2, const O extends WindowOptions = {}>(window: K, options?: O): Pool2dLayer<"avgPool2d", K, O> =>
  poolLayer("avgPool2d", avgPoolRaw, window, options);
