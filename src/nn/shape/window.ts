// The geometry of sliding-window ops (convolution and pooling) over NHWC inputs, once at the
// type level and once at runtime. Along each spatial axis, with input size H, window K, stride
// S, dilation D and P zeros of padding on each side, the window's span is E = D·(K − 1) + 1 and
//
//   out = ⌊(H + 2P − E) / S⌋ + 1            (padding "valid" is P = 0)
//   out = ⌈H / S⌉                           (padding "same": P chosen so that this holds)
//
// A window wider than the padded input (E > H + 2P) is an error: there is no output position.
import type { Add } from "../../shape/arith/add.js";
import type { IsPlain } from "../../shape/arith/digits.js";
import type { Mul } from "../../shape/arith/mul.js";
import type { Sub } from "../../shape/arith/sub.js";
import type { Shape } from "../../shape/dim.js";
import type { ShapeError } from "../../shape/error.js";
import { shapeToString } from "../../shape/runtime/show.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import type { DimCompat, IsSame } from "../../shape/same.js";
import type { ShowDim, ShowShape } from "../../shape/show.js";
import { LayerConfigError, show } from "../errors.js";
import type { CeilDiv, FloorDiv } from "./floor-div.js";

/** A size per spatial axis: one number for both, or [height, width]. */
export type Size2 = number | readonly [number, number];

/** Zeros added around the input: P on every side, [P_h, P_w], none ("valid"), or "same" (as
 *  much as needed for out = ⌈H / S⌉, split with the odd one at the end, as in TensorFlow). */
export type Padding = number | readonly [number, number] | "valid" | "same";

export interface WindowOptions {
  /** Step between window positions (default 1 for convolution, the window for pooling). */
  readonly stride?: Size2;
  /** Default 0 ("valid"). */
  readonly padding?: Padding;
  /** Spacing between the taps of a window (default 1: adjacent). */
  readonly dilation?: Size2;
}

// -- type level -----------------------------------------------------------------------------

/** [V, V] for a number, the pair itself for a pair; [number, number] when not known exactly. */
export type PairOf<V> =
  [V] extends [readonly [infer A extends number, infer B extends number]] ? [A, B]
  : [V] extends [number] ? [V, V]
  : [number, number];

/** Option K of the options type O, or Default when O does not have it. An option typed but
 *  not known (e.g. `stride?: Size2`) is `unknown`, so no exact size is claimed from it. */
export type OptionOf<O, K extends string, Default> =
  O extends { readonly [P in K]?: infer V }
    ? unknown extends V ? Default : [V] extends [undefined] ? Default : undefined extends V ? unknown : V
    : Default;

type AllPlain<Xs extends readonly unknown[]> =
  Xs extends readonly [infer H, ...infer T] ? (IsPlain<H> extends true ? AllPlain<T> : false) : true;

/** The output size along one axis for P zeros on each side. With Safe, a window that does not
 *  fit gives `never` (no size) instead of the ShapeError, so that the generic rules below have
 *  only numbers in every branch (see layers' generic rules in nn/layer.ts). */
type PaddedAxis<Op extends string, Axis extends string, H extends number, K extends number, S extends number, P extends number, D extends number, Safe extends boolean = false> =
  AllPlain<[H, K, S, P, D]> extends true
    ? Add<H, Mul<2, P>> extends infer Hp extends number
      ? Add<Mul<D, Sub<K, 1>>, 1> extends infer E extends number
        ? Sub<Hp, E> extends infer Span extends number
          ? number extends Span
            ? (Safe extends true ? never : ShapeError<`${Op}: the ${Axis} window ${E} (kernel ${K}, dilation ${D}) is wider than the padded input ${Axis} ${Hp} (${H} + 2·${P})`, E, Hp>)
            : Add<FloorDiv<Span, S>, 1>
          : never
        : never
      : never
    : number;

/** The output size along one axis, or a ShapeError when the window does not fit ("never" with
 *  Safe). "same" padding with stride 1 keeps the size itself, so a generic H stays H. */
export type AxisOut<Op extends string, Axis extends string, H extends number, K extends number, S extends number, P, D extends number, Safe extends boolean = false> =
  [P] extends ["same"] ? (IsSame<S, 1> extends true ? H : AllPlain<[H, S]> extends true ? CeilDiv<H, S> : number)
  : [P] extends ["valid"] ? PaddedAxis<Op, Axis, H, K, S, 0, D, Safe>
  : [P] extends [infer Q extends number] ? PaddedAxis<Op, Axis, H, K, S, Q, D, Safe>
  : number;

/** Padding per axis: "same"/"valid" for both, a number for both, or a pair. */
type PadPair<P> =
  [P] extends ["same"] ? ["same", "same"]
  : [P] extends ["valid"] ? [0, 0]
  : [P] extends [readonly [infer A, infer B]] ? [A, B]
  : [P] extends [number] ? [P, P]
  : [unknown, unknown];

/** [out height, out width] for window [KH, KW] and options O, or the first ShapeError. */
export type SpatialOut<Op extends string, H extends number, W extends number, KH extends number, KW extends number, O, DefaultStride extends Size2> =
  SpatialOptions<O, DefaultStride> extends [infer SH extends number, infer SW extends number, infer DH extends number, infer DW extends number, infer PH, infer PW]
    ? AxisOut<Op, "height", H, KH, SH, PH, DH> extends infer OH
      ? OH extends number
        ? AxisOut<Op, "width", W, KW, SW, PW, DW> extends infer OW ? (OW extends number ? [OH, OW] : OW) : never
        : OH
      : never
    : never;

/** The options that shape a window: [stride h, stride w, dilation h, dilation w, padding h, padding w]. */
type SpatialOptions<O, DefaultStride extends Size2> =
  PairOf<OptionOf<O, "stride", DefaultStride>> extends [infer SH extends number, infer SW extends number]
    ? PairOf<OptionOf<O, "dilation", 1>> extends [infer DH extends number, infer DW extends number]
      ? PadPair<OptionOf<O, "padding", 0>> extends [infer PH, infer PW] ? [SH, SW, DH, DW, PH, PW] : never
      : never
    : never;

/** [out height, out width] by the generic rule: each size computed where the arithmetic can be
 *  done, `number` where a dim is generic, `never` where a window does not fit. Decided by
 *  matching only, so it resolves in code generic over H and W. */
export type SpatialOutGeneric<H extends number, W extends number, KH extends number, KW extends number, O, DefaultStride extends Size2> =
  SpatialOptions<O, DefaultStride> extends [infer SH extends number, infer SW extends number, infer DH extends number, infer DW extends number, infer PH, infer PW]
    ? [AxisOut<"", "height", H, KH, SH, PH, DH, true>, AxisOut<"", "width", W, KW, SW, PW, DW, true>]
    : never;

/** The NHWC output shape of a 2-D convolution of S = [N, H, W, Cin] with a [KH, KW, Cin, Cout]
 *  kernel, or a ShapeError naming the dims. An input of unknown rank gives
 *  [number, number, number, Cout]. */
export type Conv2dShape<S extends Shape, KH extends number, KW extends number, Cin extends number, Cout extends number, O> =
  S extends readonly [infer N, infer H extends number, infer W extends number, infer C extends number]
    ? DimCompat<C, Cin> extends true
      ? SpatialOut<"conv2d", H, W, KH, KW, O, 1> extends infer R ? (R extends [infer OH, infer OW] ? [N, OH, OW, Cout] : R) : never
      : ShapeError<`conv2d: the input ${ShowShape<S>} has ${ShowDim<C>} channels, the kernel expects ${ShowDim<Cin>}`, C, Cin>
    : number extends S["length"] ? [number, number, number, Cout]
    : ShapeError<`conv2d: expects an NHWC input of rank 4, got ${ShowShape<S>}`, S, 4>;

/** The NHWC output shape of pooling S = [N, H, W, C] with window [KH, KW]: channels are kept. */
export type Pool2dShape<Op extends string, S extends Shape, KH extends number, KW extends number, O> =
  S extends readonly [infer N, infer H extends number, infer W extends number, infer C extends number]
    ? SpatialOut<Op, H, W, KH, KW, O, [KH, KW]> extends infer R ? (R extends [infer OH, infer OW] ? [N, OH, OW, C] : R) : never
    : number extends S["length"] ? [number, number, number, number]
    : ShapeError<`${Op}: expects an NHWC input of rank 4, got ${ShowShape<S>}`, S, 4>;

/** The generic rule of conv2d (see ShapeFn in nn/layer.ts): [N, OH, OW, Cout] for an input
 *  [N, H, W, Cin] with the sizes of SpatialOutGeneric; the channels and the rank are checked. */
export type Conv2dGenericShape<S extends Shape, KH extends number, KW extends number, Cin extends number, Cout extends number, O> =
  S extends readonly [infer N, infer H extends number, infer W extends number, infer C extends number]
    ? DimCompat<C, Cin> extends true ? [N, ...SpatialOutGeneric<H, W, KH, KW, O, 1>, Cout]
    : ShapeError<`conv2d: the input ${ShowShape<S>} has ${ShowDim<C>} channels, the kernel expects ${ShowDim<Cin>}`, C, Cin>
    : number extends S["length"] ? [number, number, number, Cout]
    : ShapeError<`conv2d: expects an NHWC input of rank 4, got ${ShowShape<S>}`, S, 4>;

/** The generic rule of pooling: [N, OH, OW, C] for an input [N, H, W, C] (see Conv2dGenericShape). */
export type Pool2dGenericShape<Op extends string, S extends Shape, KH extends number, KW extends number, O> =
  S extends readonly [infer N, infer H extends number, infer W extends number, infer C] ? [N, ...SpatialOutGeneric<H, W, KH, KW, O, [KH, KW]>, C]
    : number extends S["length"] ? [number, number, number, number]
    : ShapeError<`${Op}: expects an NHWC input of rank 4, got ${ShowShape<S>}`, S, 4>;

// -- runtime --------------------------------------------------------------------------------

/** A Size2 as the pair it stands for, typed as PairOf says. */
export const pairOf = <const V extends Size2>(v: V): PairOf<V> =>
  (typeof v === "number" ? [v, v] : [v[0], v[1]]) as PairOf<V>; // the runtime twin of PairOf

/** Everything a sliding-window kernel needs, per spatial axis [height, width]. */
export interface WindowGeometry {
  readonly window: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padLo: readonly [number, number];
  readonly padHi: readonly [number, number];
  readonly out: readonly [number, number];
}

const isPositiveInt = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 1;
const isNonNegativeInt = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 0;

/** A Size2 as a pair, checked with `valid`. */
function pair(op: string, name: string, v: Size2, valid: (x: unknown) => x is number, expected: string): [number, number] {
  const p: readonly unknown[] = typeof v === "number" ? [v, v] : Array.isArray(v) ? v : [];
  const [a, b] = p;
  if (p.length !== 2 || !valid(a) || !valid(b)) throw new LayerConfigError(op, `${name} ${show(v)}`, `${expected}, or a pair [height, width] of them`);
  return [a, b];
}

/** A window configuration with every value checked and every size made a pair. */
export interface WindowConfig {
  readonly window: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padding: readonly [number, number] | "same";
}

/** Checks a window configuration (positive window, stride and dilation; non-negative padding). */
export function windowConfig(op: string, window: Size2, options: WindowOptions, defaultStride: Size2): WindowConfig {
  const padding = options.padding ?? 0;
  return {
    window: pair(op, "window", window, isPositiveInt, "a positive integer"),
    stride: pair(op, "stride", options.stride ?? defaultStride, isPositiveInt, "a positive integer"),
    dilation: pair(op, "dilation", options.dilation ?? 1, isPositiveInt, "a positive integer"),
    padding: padding === "same" ? "same" : padding === "valid" ? [0, 0] : pair(op, "padding", padding, isNonNegativeInt, `a non-negative integer, "valid" or "same"`),
  };
}

/** The window geometry of `options` on an NHWC input of `shape`, with every value checked. */
export function windowGeometry(
  op: string, shape: readonly number[], window: Size2, options: WindowOptions, defaultStride: Size2,
): WindowGeometry {
  if (shape.length !== 4) throw new TensorShapeError(op, [shape], "an NHWC input of rank 4 [batch, height, width, channels]", `got rank ${shape.length}: ${shapeToString(shape)}`);
  const { window: k, stride, dilation, padding } = windowConfig(op, window, options, defaultStride);
  const size: readonly [number, number] = [shape[1] ?? 0, shape[2] ?? 0];
  const span = [0, 1].map((a) => (dilation[a] ?? 1) * ((k[a] ?? 1) - 1) + 1);
  if (padding === "same") {
    // out = ⌈H/S⌉; total padding is what the last window needs beyond the input, lo ≤ hi.
    const out = [0, 1].map((a) => Math.ceil((size[a] ?? 0) / (stride[a] ?? 1)));
    const total = [0, 1].map((a) => Math.max(((out[a] ?? 0) - 1) * (stride[a] ?? 1) + (span[a] ?? 1) - (size[a] ?? 0), 0));
    const lo = total.map((t) => Math.floor(t / 2));
    return {
      window: k, stride, dilation,
      padLo: [lo[0] ?? 0, lo[1] ?? 0],
      padHi: [(total[0] ?? 0) - (lo[0] ?? 0), (total[1] ?? 0) - (lo[1] ?? 0)],
      out: [out[0] ?? 0, out[1] ?? 0],
    };
  }
  const out = [0, 1].map((a) => {
    const padded = (size[a] ?? 0) + 2 * (padding[a] ?? 0);
    const e = span[a] ?? 1;
    if (e > padded) {
      const axis = a === 0 ? "height" : "width";
      throw new TensorShapeError(op, [shape], `a ${axis} window of at most ${padded} (the padded input ${axis}), or more padding`,
        `the ${axis} window ${e} (kernel ${k[a]}, dilation ${dilation[a]}) is wider than the padded input ${axis} ${padded} (${size[a]} + 2·${padding[a]}) of ${shapeToString(shape)}`);
    }
    return Math.floor((padded - e) / (stride[a] ?? 1)) + 1;
  });
  return { window: k, stride, dilation, padLo: padding, padHi: padding, out: [out[0] ?? 0, out[1] ?? 0] };
}
