// Max and average pooling over the spatial axes of NHWC inputs, channel by channel:
//
//   maxPool: y[n, p, q, c] = max_{i,j} x_pad[n, p·S_h + i·D_h, q·S_w + j·D_w, c]   (pad: −∞)
//   avgPool: y[n, p, q, c] = mean of the same window over the positions inside the input
//
// The stride defaults to the window (non-overlapping windows). Average pooling divides by the
// number of real (unpadded) elements in each window, so padding never dilutes an average. The
// derivative of a max is shared evenly among tied maxima (the rule of reduceMax).

import * as lax from "../../core/lax.js";
import { typed } from "../../ops/typed.js";
import type { Shape } from "../../shape/dim.js";
import type { Guard, Ok } from "../../shape/error.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../../tensor/tensor.js";
import { windowGeometry, type WindowConfig, type WindowGeometry, type PairOf, type Pool2dShape, type Size2, type WindowOptions } from "../shape/window.js";
import { LayerConfigError } from "../errors.js";
import { checkFloat } from "../layer.js";
import { padSpatial, stackLast, taps } from "./taps.js";

/** The geometry of a pooling window, which must overlap the input at every position: padding
 *  at least as wide as the (dilated) window would leave windows of padding alone, whose max is
 *  −∞ and whose mean is 0/0. Since a window's last tap ends its span, padding narrower than
 *  the span is enough. */
function poolGeometry(op: string, x: AnyTensor, window: Size2, options: WindowOptions): WindowGeometry {
  checkFloat(op, x);
  const g = windowGeometry(op, x.shape, window, options, window);
  checkPoolPadding(op, g, [0, 1].map((a) => Math.max(g.padLo[a] ?? 0, g.padHi[a] ?? 0)));
  return g;
}

/** Throws a LayerConfigError when the padding on a side reaches the window's span. */
export function checkPoolPadding(op: string, w: Pick<WindowConfig, "window" | "dilation">, pads: readonly number[]): void {
  [0, 1].forEach((a) => {
    const span = (w.dilation[a] ?? 1) * ((w.window[a] ?? 1) - 1) + 1;
    const pad = pads[a] ?? 0;
    if (pad >= span) {
      throw new LayerConfigError(op, `padding ${pad} for a ${a === 0 ? "height" : "width"} window spanning ${span}`, `padding below the window's span (${span}), so that every window holds an input element`);
    }
  });
}

/** Max pooling on untyped tensors; `op` names the caller in errors. */
export function maxPoolRaw(op: string, x: AnyTensor, window: Size2, options: WindowOptions): AnyTensor {
  const g = poolGeometry(op, x, window, options);
  const ts = taps(padWithMinusInfinity(x, g), g);
  if (ts.length === 1) return ts[0] ?? x;
  return lax.reduceMax(stackLast(ts), [4]);
}

/** x padded with −∞ (never the maximum): zeros padded in, then replaced outside the input. */
function padWithMinusInfinity(x: AnyTensor, g: WindowGeometry): AnyTensor {
  const padded = padSpatial(x, g);
  if (padded === x) return x;
  const inside = padSpatial(lax.full(x.shape, 1, "bool"), g);
  return lax.select(inside, padded, lax.full(inside.shape, -Infinity, x.dtype));
}

/** Average pooling on untyped tensors; `op` names the caller in errors. */
export function avgPoolRaw(op: string, x: AnyTensor, window: Size2, options: WindowOptions): AnyTensor {
  const g = poolGeometry(op, x, window, options);
  const sumOf = (t: AnyTensor): AnyTensor => taps(padSpatial(t, g), g).reduce((a, b) => lax.add(a, b));
  const total = sumOf(x);
  // How many real elements each window holds: the same window sum over a tensor of ones (one
  // image, one channel; a constant, so it has no derivative).
  const [, h = 0, w = 0] = x.shape;
  const counts = sumOf(lax.full([1, h, w, 1], 1, x.dtype));
  return lax.div(total, lax.broadcast(counts, total.shape));
}

/** Max pooling with a window of `window` (a size or [height, width]); stride defaults to the window. */
export function maxPool<S extends Shape, D extends FloatDType, const K extends Size2, const O extends WindowOptions = {}>(
  x: Tensor<S, D> & Guard<Pool2dShape<"maxPool", S, PairOf<K>[0], PairOf<K>[1], O>>, window: K, options?: O,
): Tensor<Ok<Pool2dShape<"maxPool", S, PairOf<K>[0], PairOf<K>[1], O>>, D> {
  return typed(maxPoolRaw("maxPool", x, window, options ?? {}));
}

/** Average pooling with a window of `window`; stride defaults to the window; padding is not counted. */
export function avgPool<S extends Shape, D extends FloatDType, const K extends Size2, const O extends WindowOptions = {}>(
  x: Tensor<S, D> & Guard<Pool2dShape<"avgPool", S, PairOf<K>[0], PairOf<K>[1], O>>, window: K, options?: O,
): Tensor<Ok<Pool2dShape<"avgPool", S, PairOf<K>[0], PairOf<K>[1], O>>, D> {
  return typed(avgPoolRaw("avgPool", x, window, options ?? {}));
}
