// The rules inside generic model bodies (`<B extends number>`), where the compiler puts off any
// conditional type it cannot decide for every B. These must all resolve to exact shapes.
import { describe, expectTypeOf, test } from "vitest";
import type {
  Broadcast, Concat, ExpandDims, Flatten, Guard, Matmul, Ok, Permute, Reduce, Reshape, Shape,
  Slice, Squeeze, Stack, SwapLast, Transpose,
} from "../../src/shape/index.js";

describe("rules with a type-parameter batch dim", () => {
  test("reshape and flatten [B, 28, 28] -> [B, 784]", () => {
    function body<B extends number>() {
      expectTypeOf<Reshape<[B, 28, 28], [B, 784]>>().toEqualTypeOf<[B, 784]>();
      expectTypeOf<Reshape<[B, 28, 28], readonly [B, -1]>>().toEqualTypeOf<[B, 784]>();
      expectTypeOf<Reshape<[B, 784], [B, 28, 28]>>().toEqualTypeOf<[B, 28, 28]>();
      expectTypeOf<Flatten<[B, 28, 28], 1>>().toEqualTypeOf<[B, 784]>();
    }
    body<1>();
  });
  test("broadcast against identical dims, keepdims and missing axes", () => {
    function body<B extends number>() {
      expectTypeOf<Broadcast<[B, 128], [128]>>().toEqualTypeOf<[B, 128]>();
      expectTypeOf<Broadcast<[B, 128], [B, 128]>>().toEqualTypeOf<[B, 128]>();
      expectTypeOf<Broadcast<[B, 10], [B, 1]>>().toEqualTypeOf<[B, 10]>();
      expectTypeOf<Broadcast<[B, 1], [B, 10]>>().toEqualTypeOf<[B, 10]>();
    }
    body<1>();
  });
  test("matmul, batched attention scores", () => {
    function body<B extends number, S extends number, D extends number>() {
      expectTypeOf<Matmul<[B, 784], [784, 128]>>().toEqualTypeOf<[B, 128]>();
      expectTypeOf<Matmul<[B, S, D], SwapLast<[B, S, D]>>>().toEqualTypeOf<[B, S, S]>();
      expectTypeOf<Matmul<[B, S, S], [B, S, D]>>().toEqualTypeOf<[B, S, D]>();
    }
    body<1, 2, 3>();
  });
  test("reduce, concat, permute, transpose, squeeze, expandDims, slice, stack", () => {
    function body<B extends number>() {
      expectTypeOf<Reduce<[B, 128], 1>>().toEqualTypeOf<[B]>();
      expectTypeOf<Reduce<[B, 10], -1, true>>().toEqualTypeOf<[B, 1]>();
      expectTypeOf<Reduce<[B, 3, 4], [1, 2]>>().toEqualTypeOf<[B]>();
      expectTypeOf<Concat<[B, 10], [B, 20], 1>>().toEqualTypeOf<[B, 30]>();
      expectTypeOf<Permute<[B, 3, 32, 32], [0, 2, 3, 1]>>().toEqualTypeOf<[B, 32, 32, 3]>();
      expectTypeOf<Transpose<[B, 5]>>().toEqualTypeOf<[5, B]>();
      expectTypeOf<Squeeze<[B, 1, 10], 1>>().toEqualTypeOf<[B, 10]>();
      expectTypeOf<ExpandDims<[B, 10], 1>>().toEqualTypeOf<[B, 1, 10]>();
      expectTypeOf<Slice<[B, 10], 1, 2, 5>>().toEqualTypeOf<[B, 3]>();
      expectTypeOf<Stack<[[B, 3], [B, 3]], 0>>().toEqualTypeOf<[2, B, 3]>();
    }
    body<1>();
  });
  test("Guard and Ok resolve", () => {
    function body<B extends number>() {
      expectTypeOf<Guard<Broadcast<[B, 128], [128]>>>().toEqualTypeOf<unknown>();
      expectTypeOf<Ok<Matmul<[B, 784], [784, 10]>>>().toEqualTypeOf<[B, 10]>();
    }
    body<1>();
  });
});

// A stand-in tensor type and typed ops, declared the way src/tensor will use the rules.
declare class T<S extends Shape = Shape> {
  readonly shape: S;
  private readonly phantom: S;
}
declare function weights<const S extends readonly number[]>(shape: S): T<[...S]>;
declare function matmul<A extends Shape, B extends Shape>(a: T<A>, b: T<B> & Guard<Matmul<A, B>>): T<Ok<Matmul<A, B>>>;
declare function add<A extends Shape, B extends Shape>(a: T<A>, b: T<B> & Guard<Broadcast<A, B, "add">>): T<Ok<Broadcast<A, B, "add">>>;
declare function reshape<S extends Shape, const To extends Shape>(x: T<S>, to: To & Guard<Reshape<S, To>>): T<Ok<Reshape<S, To>>>;
declare function sum<S extends Shape, const Ax extends number | readonly number[]>(x: T<S>, axis: Ax & Guard<Reduce<S, Ax, false, "sum">>): T<Ok<Reduce<S, Ax, false, "sum">>>;
declare function size<B extends number>(): B;

describe("a generic model body type-checks end to end", () => {
  test("mlp over any batch size", () => {
    function mlp<B extends number>(images: T<[B, 28, 28]>): T<[B, 10]> {
      const x = reshape(images, [size<B>(), 784]);
      const h = add(matmul(x, weights([784, 128])), weights([128]));
      return add(matmul(h, weights([128, 10])), weights([10]));
    }
    expectTypeOf(mlp(weights([32, 28, 28]))).toEqualTypeOf<T<[32, 10]>>();
  });
  test("a wrong weight inside the body is reported there", () => {
    function bad<B extends number>(x: T<[B, 784]>) {
      // @ts-expect-error inner dims differ: 784 vs 128
      return matmul(x, weights([128, 10]));
    }
    function badAxis<B extends number>(x: T<[B, 784]>) {
      // @ts-expect-error axis 2 is out of range for [B, 784]
      return sum(x, 2);
    }
    function badReshape<B extends number>(x: T<[B, 28, 28]>) {
      // @ts-expect-error element counts differ: 784 vs 780 (the message cannot spell out B, a type parameter)
      return reshape(x, [size<B>(), 780]);
    }
    expectTypeOf(bad).toBeFunction();
    expectTypeOf(badAxis).toBeFunction();
    expectTypeOf(badReshape).toBeFunction();
  });
});
