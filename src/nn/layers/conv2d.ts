// conv2d: a convolution layer over NHWC inputs, y = conv(x, W) + b, with an HWIO kernel
// W: [KH, KW, C_in, C_out] and a bias b: [C_out]. See functional/conv.ts for the sum it computes.
import * as lax from "../../core/lax.js";
import { split, type Key } from "../../random/key.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { conv2dRaw } from "../functional/conv.js";
import { glorotUniform, initializers, type Initializer } from "../init.js";
import { dtypeOption, type DTypeOption } from "../float.js";
import { checkDType, makeLayer, type InputOf, type Layer, type ShapeFn } from "../layer.js";
import { pairOf, windowConfig, type Conv2dGenericShape, type Conv2dShape, type PairOf, type Size2, type WindowOptions } from "../shape/window.js";
import { checkCount } from "./features.js";

export interface Conv2dShapeFn<KH extends number, KW extends number, Cin extends number, Cout extends number, O> extends ShapeFn {
  readonly label: `conv2d(${Cin} → ${Cout}, ${KH}×${KW})`;
  readonly accepts: readonly [number, number, number, Cin];
  readonly output: Conv2dShape<InputOf<this>, KH, KW, Cin, Cout, O>;
  readonly generic: Conv2dGenericShape<InputOf<this>, KH, KW, Cin, Cout, O>;
}

export interface Conv2dParams<KH extends number, KW extends number, Cin extends number, Cout extends number, D extends FloatDType = "float32"> {
  readonly w: Tensor<[KH, KW, Cin, Cout], D>;
  readonly b: Tensor<[Cout], D>;
}

export interface Conv2dOptions<D extends FloatDType = FloatDType> extends WindowOptions {
  /** Parameter dtype (default float32); inputs must have it too. */
  readonly dtype?: D;
  /** How W is drawn (default glorotUniform over fans KH·KW·C_in and KH·KW·C_out). */
  readonly init?: Initializer;
  /** How b is drawn (default zeros). */
  readonly biasInit?: Initializer;
}

export type Conv2dLayer<Cin extends number, Cout extends number, K extends Size2, O> = Layer<
  Conv2dShapeFn<PairOf<K>[0], PairOf<K>[1], Cin, Cout, O>,
  Conv2dParams<PairOf<K>[0], PairOf<K>[1], Cin, Cout, DTypeOption<O>>,
  null,
  DTypeOption<O>
>;

/**
 * A 2-D convolution layer from `inChannels` to `outChannels` with a `kernel` window (a size or
 * [height, width]), NHWC in and out. Options: stride, padding (a number, [h, w], "valid" or
 * "same"), dilation, dtype, init.
 */
export function conv2d<const Cin extends number, const Cout extends number, const K extends Size2, const O extends Conv2dOptions = {}>(
  inChannels: Cin, outChannels: Cout, kernel: K, options?: O,
): Conv2dLayer<Cin, Cout, K, O> {
  checkCount("conv2d", "inChannels", inChannels);
  checkCount("conv2d", "outChannels", outChannels);
  const k = pairOf(kernel);
  const [kh, kw] = [k[0], k[1]];
  const name = `conv2d(${inChannels} → ${outChannels}, ${kh}×${kw})`;
  const opts: Conv2dOptions = options ?? {};
  windowConfig(name, kernel, opts, 1); // reject a bad configuration now, not at the first call
  const dtype = dtypeOption<O>(options);
  return makeLayer({
    name,
    stateful: false,
    traits: { trainingDiffers: false },
    init: (key: Key) => {
      const [kKernel, kBias] = split(key);
      return {
        w: (opts.init ?? glorotUniform)(kKernel, [kh, kw, inChannels, outChannels], dtype),
        b: (opts.biasInit ?? initializers.zeros)(kBias, [outChannels], dtype),
      };
    },
    initState: () => null,
    run: (params, state, x) => {
      checkDType(name, x, dtype);
      const y = conv2dRaw(name, x, params.w, opts);
      return [lax.add(y, lax.broadcast(params.b, y.shape)), state];
    },
  });
}
