// Exact result types of the typed ops inside code generic over B, T, H, W: broadcasting in every
// binary op, comparison and where; reshape and flatten; masks; structure ops; layers.
import { describe, expectTypeOf, test } from "vitest";
import {
  add, arange, div, equal, flatten, greater, less, maximum, mean, minimum, mul, pad, pow, reshape, slice, sub, sum,
  take, where, nn, type Tensor,
} from "../../src/index.js";

declare function t<const S extends readonly number[], D extends "float32" | "int32" | "bool" = "float32">(shape: S, dtype?: D): Tensor<[...S], D>;

describe("broadcasting with type-parameter dims", () => {
  test("a literal 1 against any dim, on either side, at any position; missing leading dims", () => {
    function body<B extends number, T extends number>(x: Tensor<[B, T, 16]>) {
      expectTypeOf(add(x, t([1, 1, 16]))).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(add(t([1, 1, 16]), x)).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(add(x, t([16]))).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(mul(x, t([1, 16]))).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(sub(x, t([1]))).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(mul(x, t([]))).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(div(t([]), x)).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(sub(x, mean(x, 1, true))).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(sub(x, mean(x, [0, 1], true))).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(sub(x, mean(x, -1, true))).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(pow(x, 2)).toEqualTypeOf<Tensor<[B, T, 16]>>();
    }
    body<2, 3>(t([2, 3, 16]));
  });
  test("the same type parameter against itself, and a dim against a parameter-free suffix", () => {
    function body<B extends number, T extends number>(x: Tensor<[B, T, 16]>, y: Tensor<[T, 16]>, z: Tensor<[B, 1, 16]>) {
      expectTypeOf(maximum(x, x)).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(minimum(x, y)).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(add(z, x)).toEqualTypeOf<Tensor<[B, T, 16]>>();
    }
    body<2, 3>(t([2, 3, 16]), t([3, 16]), t([2, 1, 16]));
  });
  test("outer broadcasts: [B, 1, D] + [1, T, D], [T, 1] < [1, T] either way round", () => {
    function body<B extends number, T extends number>(a: Tensor<[B, 1, 16]>, b: Tensor<[1, T, 16]>, i: Tensor<[T, 1]>, j: Tensor<[1, T]>) {
      expectTypeOf(add(a, b)).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(add(b, a)).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(less(i, j)).toEqualTypeOf<Tensor<[T, T], "bool">>();
      expectTypeOf(less(j, i)).toEqualTypeOf<Tensor<[T, T], "bool">>();
    }
    body<2, 3>(t([2, 1, 16]), t([1, 3, 16]), t([3, 1]), t([1, 3]));
  });
  test("comparisons and where", () => {
    function body<B extends number, T extends number>(x: Tensor<[B, T, 16]>, mask: Tensor<[T, T], "bool">, scores: Tensor<[B, 4, T, T]>) {
      expectTypeOf(greater(x, t([16]))).toEqualTypeOf<Tensor<[B, T, 16], "bool">>();
      expectTypeOf(equal(x, 0)).toEqualTypeOf<Tensor<[B, T, 16], "bool">>();
      expectTypeOf(where(mask, scores, -1e9)).toEqualTypeOf<Tensor<[B, 4, T, T]>>();
      expectTypeOf(where(greater(x, 0), x, 0)).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(where(greater(x, 0), x, t([16]))).toEqualTypeOf<Tensor<[B, T, 16]>>();
    }
    body<2, 3>(t([2, 3, 16]), t([3, 3], "bool"), t([2, 4, 3, 3]));
  });
  test("literal shapes keep NumPy's exact rule, number dims taking the better-known size", () => {
    expectTypeOf(add(t([8, 1, 6, 1]), t([7, 1, 5]))).toEqualTypeOf<Tensor<[8, 7, 6, 5]>>();
    expectTypeOf(add(t([4, 1]), t([1, 5]))).toEqualTypeOf<Tensor<[4, 5]>>();
    expectTypeOf(add(zerosOf<[number, 3]>(), t([1, 3]))).toEqualTypeOf<Tensor<[number, 3]>>();
  });
});

describe("reshape, flatten, masks", () => {
  test("-1 in generic code is number; dims from x.shape keep their parameter", () => {
    function body<B extends number, T extends number>(x: Tensor<[B, T, 16]>, s: Tensor<[T]>) {
      expectTypeOf(reshape(x, [-1, 16])).toEqualTypeOf<Tensor<[number, 16]>>();
      expectTypeOf(reshape(x, [x.shape[0], -1])).toEqualTypeOf<Tensor<[B, number]>>();
      expectTypeOf(reshape(x, [x.shape[0], x.shape[1], 4, 4])).toEqualTypeOf<Tensor<[B, T, 4, 4]>>();
      expectTypeOf(reshape(s, [1, s.shape[0]])).toEqualTypeOf<Tensor<[1, T]>>();
      expectTypeOf(reshape(s, [s.shape[0], 1])).toEqualTypeOf<Tensor<[T, 1]>>();
      expectTypeOf(reshape(reshape(s, [1, s.shape[0]]), [s.shape[0]])).toEqualTypeOf<Tensor<[T]>>();
    }
    body<2, 3>(t([2, 3, 16]), t([3]));
  });
  test("flatten of generic dims is number; of literal dims their product", () => {
    function body<B extends number, H extends number, W extends number>(x: Tensor<[B, H, W, 8]>, y: Tensor<[B, 28, 28]>) {
      expectTypeOf(flatten(x, 1)).toEqualTypeOf<Tensor<[B, number]>>();
      expectTypeOf(flatten(x)).toEqualTypeOf<Tensor<[number]>>();
      expectTypeOf(flatten(x, 0, 1)).toEqualTypeOf<Tensor<[number, W, 8]>>();
      expectTypeOf(flatten(y, 1)).toEqualTypeOf<Tensor<[B, 784]>>();
    }
    body<2, 3, 4>(t([2, 3, 4, 8]), t([2, 28, 28]));
  });
  test("a causal mask from arange; arange keeps its size and dtype", () => {
    function body<T extends number>(n: T) {
      expectTypeOf(arange(n)).toEqualTypeOf<Tensor<[T]>>();
      expectTypeOf(arange(n, "int32")).toEqualTypeOf<Tensor<[T], "int32">>();
      const i = reshape(arange(n, "int32"), [n, 1]);
      const j = reshape(arange(n, "int32"), [1, n]);
      expectTypeOf(less(j, add(i, 1))).toEqualTypeOf<Tensor<[T, T], "bool">>();
    }
    body(5);
    expectTypeOf(arange(4, "float64")).toEqualTypeOf<Tensor<[4], "float64">>();
  });
});

describe("structure ops", () => {
  test("take/gather replace the axis by the indices' shape; pad and slice are typed", () => {
    function body<B extends number, T extends number>(ids: Tensor<[B, T], "int32">, x: Tensor<[B, T, 16]>) {
      expectTypeOf(take(t([50, 32]), ids)).toEqualTypeOf<Tensor<[B, T, 32]>>();
      expectTypeOf(take(x, t([], "int32"), 1)).toEqualTypeOf<Tensor<[B, 16]>>();
      expectTypeOf(take(x, t([3], "int32"), -1)).toEqualTypeOf<Tensor<[B, T, 3]>>();
      expectTypeOf(pad(x, [[0, 0], [0, 0], [1, 2]])).toEqualTypeOf<Tensor<[B, T, 19]>>();
      expectTypeOf(slice(x, -1, 4, 12)).toEqualTypeOf<Tensor<[B, T, 8]>>();
    }
    body<2, 3>(t([2, 3], "int32"), t([2, 3, 16]));
    expectTypeOf(pad(t([2, 3]), [[1, 0], [0, 2]])).toEqualTypeOf<Tensor<[3, 5]>>();
  });
});

describe("layers on generic sizes", () => {
  test("dense, layerNorm, embedding on generic leading dims", () => {
    function body<B extends number, T extends number>(x: Tensor<[B, T, 32]>, ids: Tensor<[B, T], "int32">) {
      expectTypeOf(nn.dense(32, 8).apply(nn.dense(32, 8).init(k), x)).toEqualTypeOf<Tensor<[B, T, 8]>>();
      expectTypeOf(nn.layerNorm(32).apply(nn.layerNorm(32).init(k), x)).toEqualTypeOf<Tensor<[B, T, 32]>>();
      expectTypeOf(nn.embedding(50, 32).apply(nn.embedding(50, 32).init(k), ids)).toEqualTypeOf<Tensor<[B, T, 32]>>();
    }
    body<2, 3>(t([2, 3, 32]), t([2, 3], "int32"));
  });
  test("conv2d and pools: computed sizes for literal images, number for generic ones; 'same' keeps H", () => {
    const conv = nn.conv2d(3, 8, 3);
    const same = nn.conv2d(3, 8, 3, { padding: "same" });
    const pool = nn.maxPool2d(2);
    function body<B extends number, H extends number, W extends number>(x: Tensor<[B, H, W, 3]>, y: Tensor<[B, 28, 28, 3]>) {
      expectTypeOf(conv.apply(conv.init(k), y)).toEqualTypeOf<Tensor<[B, 26, 26, 8]>>();
      expectTypeOf(pool.apply(null, conv.apply(conv.init(k), y))).toEqualTypeOf<Tensor<[B, 13, 13, 8]>>();
      expectTypeOf(same.apply(same.init(k), x)).toEqualTypeOf<Tensor<[B, H, W, 8]>>();
      const valid = conv.apply(conv.init(k), x); // sizes ⌊(H − 3) / 1⌋ + 1 the compiler cannot compute for a generic H
      const sized: Tensor<[B, number, number, 8]> = valid;
      expectTypeOf(mean(pool.apply(null, valid), [1, 2])).toEqualTypeOf<Tensor<[B, 8]>>();
      return [sized, pool.apply(null, valid)] as const;
    }
    // ... and computes once H and W are known: 9 → 7 → 3 (pooling 2, rounding down).
    const [, pooled] = body<2, 9, 10>(t([2, 9, 10, 3]), t([2, 28, 28, 3]));
    expectTypeOf(pooled).toEqualTypeOf<Tensor<[2, 3, 4, 8]>>();
  });
  test("sequential over [B, H, W, C] with generic H, W, then global pooling and a classifier", () => {
    const features = nn.sequential(nn.conv2d(1, 8, 3), nn.activation(nn.relu, "relu"), nn.maxPool2d(2), nn.conv2d(8, 16, 3, { padding: "same" }));
    function body<B extends number, H extends number, W extends number>(x: Tensor<[B, H, W, 1]>) {
      const maps = features.apply(features.init(k), x);
      const sized: Tensor<[B, number, number, 16]> = maps;
      expectTypeOf(nn.dense(16, 10).apply(nn.dense(16, 10).init(k), sum(maps, [1, 2]))).toEqualTypeOf<Tensor<[B, 10]>>();
      return sized;
    }
    expectTypeOf(body<2, 12, 12>(t([2, 12, 12, 1]))).toEqualTypeOf<Tensor<[2, number, number, 16]>>();
    expectTypeOf(features.apply(features.init(k), t([2, 12, 12, 1]))).toEqualTypeOf<Tensor<[2, 5, 5, 16]>>();
  });
});

declare const k: import("../../src/index.js").Key;
declare function zerosOf<S extends readonly number[]>(): Tensor<S>;
