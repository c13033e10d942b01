// 2-D convolution (strictly, cross-correlation, as in every deep-learning library) over NHWC
// inputs with an HWIO kernel [KH, KW, C_in, C_out]:
//
//   y[n, p, q, o] = Σ_{i, j, c} x_padded[n, p·S_h + i·D_h, q·S_w + j·D_w, c] · K[i, j, c, o]
//
// computed as one matrix product ("im2col"): the KH·KW taps are concatenated along the channel
// axis into patches [N·OH·OW, KH·KW·C_in], whose column order (i, j, c) is the row-major order
// of the kernel reshaped to [KH·KW·C_in, C_out]. Built from pad, strided slice, concatenate,
// reshape and dot, so its derivatives (for x and K) come from those primitives' rules.

import * as lax from "../../core/lax.js";
import { DTypeError } from "../../core/errors.js";
import { typed } from "../../ops/typed.js";
import type { Shape } from "../../shape/dim.js";
import type { Guard, Ok } from "../../shape/error.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import { shapeToString } from "../../shape/runtime/show.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../../tensor/tensor.js";
import { windowGeometry, type Conv2dShape, type WindowOptions } from "../shape/window.js";
import { padSpatial, taps } from "./taps.js";

/** The convolution on untyped tensors; `op` names the caller in errors. */
export function conv2dRaw(op: string, x: AnyTensor, kernel: AnyTensor, options: WindowOptions): AnyTensor {
  if (kernel.shape.length !== 4) {
    throw new TensorShapeError(op, [kernel.shape], "an HWIO kernel of rank 4 [height, width, in channels, out channels]", `got a kernel of shape ${shapeToString(kernel.shape)}`);
  }
  if (x.dtype !== kernel.dtype) throw new DTypeError(op, [x.dtype, kernel.dtype], "an input and a kernel of the same dtype");
  const [kh = 0, kw = 0, cin = 0, cout = 0] = kernel.shape;
  const g = windowGeometry(op, x.shape, [kh, kw], options, 1);
  const [n = 0, , , c = 0] = x.shape;
  if (c !== cin) {
    throw new TensorShapeError(op, [x.shape, kernel.shape], `${cin} input channels, the kernel's third dim`, `the input ${shapeToString(x.shape)} has ${c} channels`);
  }
  const [oh, ow] = g.out;
  const ts = taps(padSpatial(x, g), g);
  const patches = ts.length === 1 ? (ts[0] ?? x) : lax.concatenate(ts, 3);
  const rows = lax.reshape(patches, [n * oh * ow, kh * kw * cin]);
  const product = lax.dot(rows, lax.reshape(kernel, [kh * kw * cin, cout]));
  return lax.reshape(product, [n, oh, ow, cout]);
}

/**
 * The 2-D convolution of an NHWC input [N, H, W, C_in] with an HWIO kernel [KH, KW, C_in, C_out]:
 * y[n, p, q, o] = Σ_{i,j,c} x_pad[n, p·S_h + i·D_h, q·S_w + j·D_w, c] · K[i, j, c, o].
 * With literal sizes the output shape is computed at compile time
 * (out = ⌊(H + 2P − D(K − 1) − 1) / S⌋ + 1, e.g. 28 → 26 for K = 3, S = 1, P = 0), and a
 * kernel wider than the padded input is a compile error.
 */
export function conv2dForward<S extends Shape, KH extends number, KW extends number, Cin extends number, Cout extends number, D extends FloatDType, const O extends WindowOptions = {}>(
  x: Tensor<S, D> & Guard<Conv2dShape<S, KH, KW, Cin, Cout, O>>,
  kernel: Tensor<[KH, KW, Cin, Cout], NoInfer<D>>,
  options?: O,
): Tensor<Ok<Conv2dShape<S, KH, KW, Cin, Cout, O>>, D> {
  return typed(conv2dRaw("conv2d", x, kernel, options ?? {}));
}
