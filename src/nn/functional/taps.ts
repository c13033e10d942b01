// The taps of a sliding window, the common step of convolution and pooling. For a window of
// KH × KW taps, tap (i, j) is the strided slice of the padded input that every output position
// reads through that tap:
//
//   tap_ij[n, p, q, c] = x_padded[n, p·S_h + i·D_h, q·S_w + j·D_w, c]
//
// so a convolution is Σ_ij tap_ij · K[i, j] and a max pool is max_ij tap_ij. Slices, pads and
// concatenations are primitives with jvp and transpose rules, so everything built from taps is
// differentiable with no rule of its own: the transpose of a strided slice puts each cotangent
// back at the position it was read from.

import * as lax from "../../core/lax.js";
import type { AnyTensor } from "../../tensor/tensor.js";
import type { WindowGeometry } from "../shape/window.js";

type T = AnyTensor;

/** x with the geometry's zero padding around its two spatial axes (NHWC). */
export function padSpatial(x: T, g: WindowGeometry): T {
  if (g.padLo.every((p) => p === 0) && g.padHi.every((p) => p === 0)) return x;
  return lax.pad(x, [0, g.padLo[0], g.padLo[1], 0], [0, g.padHi[0], g.padHi[1], 0]);
}

/** The KH·KW taps of an already padded NHWC input, in row-major (i, j) order, each [N, OH, OW, C]. */
export function taps(padded: T, g: WindowGeometry): T[] {
  const [n = 0, , , c = 0] = padded.shape;
  const [oh, ow] = g.out;
  const [sh, sw] = g.stride;
  const out: T[] = [];
  for (let i = 0; i < g.window[0]; i++) {
    for (let j = 0; j < g.window[1]; j++) {
      const h0 = i * g.dilation[0];
      const w0 = j * g.dilation[1];
      out.push(lax.slice(padded, [0, h0, w0, 0], [n, h0 + (oh - 1) * sh + 1, w0 + (ow - 1) * sw + 1, c], [1, sh, sw, 1]));
    }
  }
  return out;
}

/** Tensors of one shape joined along a new last axis: [..., k]. */
export function stackLast(xs: readonly T[]): T {
  const first = xs[0];
  if (first === undefined) throw new RangeError("stackLast: no tensors to stack");
  const expanded = xs.map((x) => lax.reshape(x, [...x.shape, 1]));
  return expanded.length === 1 ? (expanded[0] ?? first) : lax.concatenate(expanded, first.shape.length);
}
