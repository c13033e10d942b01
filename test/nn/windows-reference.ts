// Direct-loop reference implementations of convolution and pooling over NHWC arrays, written
// from the definitions (no taps, no im2col), as oracles for the library's versions.

export interface Geometry {
  readonly stride: readonly [number, number];
  readonly padLo: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly out: readonly [number, number];
}

/** Visits every output position and, for each window tap inside the input, its input position. */
function forEachTap(
  shape: readonly number[], window: readonly [number, number], g: Geometry,
  visit: (n: number, p: number, q: number, i: number, j: number, h: number, w: number) => void,
): void {
  const [batch = 0, height = 0, width = 0] = shape;
  for (let n = 0; n < batch; n++) {
    for (let p = 0; p < g.out[0]; p++) {
      for (let q = 0; q < g.out[1]; q++) {
        for (let i = 0; i < window[0]; i++) {
          for (let j = 0; j < window[1]; j++) {
            const h = p * g.stride[0] + i * g.dilation[0] - g.padLo[0];
            const w = q * g.stride[1] + j * g.dilation[1] - g.padLo[1];
            if (h >= 0 && h < height && w >= 0 && w < width) visit(n, p, q, i, j, h, w);
          }
        }
      }
    }
  }
}

/** y[n, p, q, o] = Σ_{i, j, c} x[n, p·s + i·d − pad, q·s + j·d − pad, c] · k[i, j, c, o] (zeros outside). */
export function convReference(x: ArrayLike<number>, shape: readonly number[], k: ArrayLike<number>, kShape: readonly number[], g: Geometry): Float64Array {
  const [, height = 0, width = 0, cin = 0] = shape;
  const [kh = 0, kw = 0, , cout = 0] = kShape;
  const [oh, ow] = g.out;
  const y = new Float64Array((shape[0] ?? 0) * oh * ow * cout);
  forEachTap(shape, [kh, kw], g, (n, p, q, i, j, h, w) => {
    for (let c = 0; c < cin; c++) {
      for (let o = 0; o < cout; o++) {
        const xv = x[((n * height + h) * width + w) * cin + c] ?? 0;
        const kv = k[((i * kw + j) * cin + c) * cout + o] ?? 0;
        const at = ((n * oh + p) * ow + q) * cout + o;
        y[at] = (y[at] ?? 0) + xv * kv;
      }
    }
  });
  return y;
}

/** Max and mean of each window over the positions inside the input, channel by channel. */
export function poolReference(x: ArrayLike<number>, shape: readonly number[], window: readonly [number, number], g: Geometry): { max: Float64Array; mean: Float64Array } {
  const [batch = 0, height = 0, width = 0, channels = 0] = shape;
  const [oh, ow] = g.out;
  const size = batch * oh * ow * channels;
  const max = new Float64Array(size).fill(-Infinity);
  const sum = new Float64Array(size);
  const count = new Float64Array(size);
  forEachTap(shape, window, g, (n, p, q, _i, _j, h, w) => {
    for (let c = 0; c < channels; c++) {
      const at = ((n * oh + p) * ow + q) * channels + c;
      const v = x[((n * height + h) * width + w) * channels + c] ?? 0;
      max[at] = Math.max(max[at] ?? -Infinity, v);
      sum[at] = (sum[at] ?? 0) + v;
      count[at] = (count[at] ?? 0) + 1;
    }
  });
  return { max, mean: sum.map((s, i) => s / (count[i] ?? 1)) };
}
