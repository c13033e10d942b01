// conv2d (NHWC input, HWIO kernel): against a direct loop for strides, paddings and dilations,
// the output-size formula, derivatives for input and kernel, the layer, and bad input.
import { describe, expect, it } from "vitest";
import { conv2dForward } from "../../src/nn/functional/conv.js";
import { conv2d } from "../../src/nn/layers/conv2d.js";
import { windowGeometry, type WindowOptions } from "../../src/nn/shape/window.js";
import { LayerConfigError } from "../../src/nn/errors.js";
import { DTypeError } from "../../src/core/errors.js";
import { fold, key } from "../../src/random/key.js";
import { TensorShapeError } from "../../src/shape/runtime/error.js";
import { zeros } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectGradientsMatch, forSeeds, gradientCheck } from "./gradient-check.js";
import { gaussian64 } from "./inputs.js";
import { convReference } from "./windows-reference.js";

const x = gaussian64(key(1), [2, 7, 6, 3]);
const k = gaussian64(key(2), [3, 2, 3, 4]);

describe("conv2d values", () => {
  const configs: readonly WindowOptions[] = [
    {},
    { stride: 2 },
    { stride: [2, 3] },
    { padding: 1 },
    { padding: [2, 0] },
    { padding: "same" },
    { padding: "same", stride: 2 },
    { dilation: 2 },
    { dilation: [1, 2], padding: 1, stride: [1, 2] },
  ];
  for (const options of configs) {
    it(`matches the direct sum for ${JSON.stringify(options)}`, () => {
      const g = windowGeometry("test", x.shape, [3, 2], options, 1);
      const y = conv2dForward(x, k, options);
      expect(y.shape).toEqual([2, g.out[0], g.out[1], 4]);
      const expected = convReference(x.toArray(), x.shape, k.toArray(), k.shape, g);
      Array.from(y.toArray()).forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? Number.NaN, 12));
    });
  }
  it("gives out = ⌊(H + 2P − D(K − 1) − 1)/S⌋ + 1: 28 → 26 for K 3, S 1, P 0; 28 → 14 for K 3, S 2, P 1", () => {
    const image = zeros([1, 28, 28, 1]);
    const kernel = zeros([3, 3, 1, 2]);
    expect(conv2dForward(image, kernel).shape).toEqual([1, 26, 26, 2]);
    expect(conv2dForward(image, kernel, { stride: 2, padding: 1 }).shape).toEqual([1, 14, 14, 2]);
    expect(conv2dForward(image, kernel, { dilation: 3 }).shape).toEqual([1, 22, 22, 2]);
    expect(conv2dForward(image, kernel, { padding: "same", stride: 3 }).shape).toEqual([1, 10, 10, 2]);
  });
  it("a 1×1 kernel is a dense layer over channels", () => {
    const w = gaussian64(key(3), [1, 1, 3, 4]);
    const y = conv2dForward(x, w).toArray();
    const xs = x.toArray();
    const ws = w.toArray();
    for (let pixel = 0; pixel < 2 * 7 * 6; pixel++) {
      for (let o = 0; o < 4; o++) {
        let s = 0;
        for (let c = 0; c < 3; c++) s += (xs[pixel * 3 + c] ?? 0) * (ws[c * 4 + o] ?? 0);
        expect(y[pixel * 4 + o]).toBeCloseTo(s, 12);
      }
    }
  });
});

describe("conv2d derivatives match finite differences (float64)", () => {
  const cases: readonly WindowOptions[] = [{}, { stride: 2, padding: 1 }, { dilation: [2, 1], padding: "same" }];
  for (const options of cases) {
    it(`for input and kernel with ${JSON.stringify(options)}`, () => forSeeds(4, (s) => {
      const xi = gaussian64(s, [2, 5, 4, 2]);
      const ki = gaussian64(fold(s, 1), [3, 2, 2, 3]);
      const f = (a: Tensor<[2, 5, 4, 2], "float64">, b: Tensor<[3, 2, 2, 3], "float64">) => conv2dForward(a, b, options);
      expectGradientsMatch(gradientCheck(f, [xi, ki], fold(s, 2)));
    }));
  }
  it("for the layer's parameters (kernel and bias)", () => forSeeds(4, (s) => {
    const layer = conv2d(2, 3, [2, 3], { stride: [1, 2], padding: 1, dtype: "float64" });
    const params = layer.init(s);
    const xi = gaussian64(fold(s, 1), [2, 4, 5, 2]);
    expectGradientsMatch(gradientCheck((p: typeof params, v: typeof xi) => layer.apply(p, v), [params, xi], fold(s, 2)));
  }));
});

describe("the conv2d layer", () => {
  it("is conv(x, W) + b with typed parameters of the right shapes", () => {
    const layer = conv2d(3, 4, [3, 2], { padding: 1, dtype: "float64" });
    const params = layer.init(key(4));
    expect(params.w.shape).toEqual([3, 2, 3, 4]);
    expect(params.b.shape).toEqual([4]);
    const withBias = { w: params.w, b: gaussian64(key(5), [4]) };
    const y = layer.apply(withBias, x).toArray();
    const plain = conv2dForward(x, params.w, { padding: 1 }).toArray();
    const b = withBias.b.toArray();
    Array.from(y).forEach((v, i) => expect(v).toBeCloseTo((plain[i] ?? 0) + (b[i % 4] ?? 0), 12));
  });
});

describe("bad input to conv2d", () => {
  it("a kernel wider than the padded input names both sizes", () => {
    const small = zeros([1, 3, 8, 1]);
    // @ts-expect-error a compile error too: the height window 5 is wider than the padded input height 3
    const call = () => conv2dForward(small, zeros([5, 1, 1, 1]));
    expect(call).toThrow(TensorShapeError);
    expect(call).toThrow(/conv2d: the height window 5 \(kernel 5, dilation 1\) is wider than the padded input height 3 \(3 \+ 2·0\) of \[1, 3, 8, 1\]/);
    expect(() => conv2dForward(small, zeros([5, 1, 1, 1]), { padding: 1 })).not.toThrow();
    // @ts-expect-error a compile error too: the dilated window 4 is wider than 3
    expect(() => conv2dForward(small, zeros([2, 1, 1, 1]), { dilation: 3 })).toThrow(/window 4 \(kernel 2, dilation 3\)/);
  });
  it("sizes known only at runtime are checked at runtime", () => {
    const height: number = 2;
    expect(() => conv2dForward(zeros([1, height, 8, 1]), zeros([3, 3, 1, 1]))).toThrow(/conv2d: the height window 3 .* wider than the padded input height 2/);
    const channels: number = 2;
    expect(() => conv2dForward(zeros([1, 4, 4, channels]), zeros([2, 2, 1, 1]))).toThrow(/has 2 channels/);
  });
  it("channels that differ from the kernel's", () => {
    // @ts-expect-error 3 channels against a kernel for 2
    expect(() => conv2dForward(zeros([1, 4, 4, 3]), zeros([2, 2, 2, 1]))).toThrow(/conv2d: the input \[1, 4, 4, 3\] has 3 channels \(expected 2 input channels/);
  });
  it("inputs that are not NHWC", () => {
    // @ts-expect-error rank 3
    expect(() => conv2dForward(zeros([4, 4, 3]), zeros([2, 2, 3, 1]))).toThrow(/conv2d: got rank 3: \[4, 4, 3\] \(expected an NHWC input of rank 4/);
  });
  it("bad strides, paddings and dilations, at construction", () => {
    expect(() => conv2d(1, 1, 3, { stride: 0 })).toThrow(LayerConfigError);
    expect(() => conv2d(1, 1, 3, { padding: -1 })).toThrow(/conv2d\(1 → 1, 3×3\): got padding -1 \(expected a non-negative integer, "valid" or "same"/);
    expect(() => conv2d(1, 1, [3, 0])).toThrow(/got window \[3, 0\]/);
    expect(() => conv2d(1, 1, 3, { dilation: 1.5 })).toThrow(/dilation 1.5/);
  });
  it("an input whose dtype is not the layer's", () => {
    const layer = conv2d(1, 1, 2);
    // @ts-expect-error a float64 input to a float32 layer
    expect(() => layer.apply(layer.init(key(0)), zeros([1, 3, 3, 1], "float64"))).toThrow(DTypeError);
  });
});
