// The vocabulary: Named dims, IsSame, ShowShape, and Guard/Ok at a call site.
import { describe, expectTypeOf, test } from "vitest";
import type {
  AnyShapeError, Broadcast, Guard, IsSame, Matmul, Named, Ok, Shape, ShapeError, ShowShape,
} from "../../src/shape/index.js";

describe("Named", () => {
  test("is a number, distinct per name", () => {
    expectTypeOf<Named<"batch">>().toMatchTypeOf<number>();
    expectTypeOf<Named<"batch">>().not.toEqualTypeOf<Named<"time">>();
    expectTypeOf<number>().not.toMatchTypeOf<Named<"batch">>();
  });
});

describe("IsSame", () => {
  test("decides identity", () => {
    expectTypeOf<IsSame<3, 3>>().toEqualTypeOf<true>();
    expectTypeOf<IsSame<3, 4>>().toEqualTypeOf<false>();
    expectTypeOf<IsSame<3, number>>().toEqualTypeOf<false>();
    expectTypeOf<IsSame<Named<"a">, Named<"a">>>().toEqualTypeOf<true>();
    expectTypeOf<IsSame<Named<"a">, Named<"b">>>().toEqualTypeOf<false>();
    expectTypeOf<IsSame<[2, 3], readonly [2, 3]>>().toEqualTypeOf<false>();
  });
  test("decides a type parameter against itself", () => {
    function body<B extends number>() {
      expectTypeOf<IsSame<B, B>>().toEqualTypeOf<true>();
      expectTypeOf<IsSame<[B, 3], [B, 3]>>().toEqualTypeOf<true>();
    }
    body<5>();
  });
});

describe("ShowShape", () => {
  test("renders literals, names and number", () => {
    expectTypeOf<ShowShape<[64, 28, 28]>>().toEqualTypeOf<"[64, 28, 28]">();
    expectTypeOf<ShowShape<readonly [Named<"batch">, 784]>>().toEqualTypeOf<`[${Named<"batch">}, 784]`>();
    expectTypeOf<ShowShape<[number, 3]>>().toEqualTypeOf<`[${number}, 3]`>();
    expectTypeOf<ShowShape<[]>>().toEqualTypeOf<"[]">();
    expectTypeOf<ShowShape<[7]>>().toEqualTypeOf<"[7]">();
    expectTypeOf<ShowShape<number[]>>().toEqualTypeOf<"number[]">();
  });
});

describe("ShapeError, Guard and Ok", () => {
  type E = ShapeError<"matmul: inner dims differ: [2, 3] @ [4, 5]", 3, 4>;
  test("ShapeError keeps message and payload apart", () => {
    expectTypeOf<E>().toMatchTypeOf<AnyShapeError>();
    expectTypeOf<E>().not.toEqualTypeOf<ShapeError<"matmul: inner dims differ: [2, 3] @ [4, 5]", 4, 3>>();
    expectTypeOf<E>().not.toEqualTypeOf<ShapeError<"matmul: inner dims differ", 3, 4>>();
    expectTypeOf<[2, 3]>().not.toMatchTypeOf<AnyShapeError>();
  });
  test("Guard is unknown on success and the error on failure", () => {
    expectTypeOf<Guard<[2, 4]>>().toEqualTypeOf<unknown>();
    expectTypeOf<Guard<E>>().toEqualTypeOf<E>();
  });
  test("Ok is the shape on success and never on failure", () => {
    expectTypeOf<Ok<[2, 4]>>().toEqualTypeOf<[2, 4]>();
    expectTypeOf<Ok<E>>().toEqualTypeOf<never>();
  });
});

// A stand-in for the tensor type of src/tensor, declared the way typed ops will use the rules.
declare class T<S extends Shape = Shape> {
  readonly shape: S;
  private readonly phantom: S;
}
declare function tensor<const S extends readonly number[]>(shape: S): T<[...S]>;
declare function matmul<A extends Shape, B extends Shape>(a: T<A>, b: T<B> & Guard<Matmul<A, B>>): T<Ok<Matmul<A, B>>>;
declare function add<A extends Shape, B extends Shape>(a: T<A>, b: T<B> & Guard<Broadcast<A, B, "add">>): T<Ok<Broadcast<A, B, "add">>>;

describe("call sites", () => {
  test("a valid call returns the rule's shape", () => {
    expectTypeOf(matmul(tensor([2, 3]), tensor([3, 4]))).toEqualTypeOf<T<[2, 4]>>();
    expectTypeOf(add(tensor([8, 1, 6]), tensor([7, 1]))).toEqualTypeOf<T<[8, 7, 6]>>();
  });
  test("an invalid call is rejected on the offending argument, which must carry the error", () => {
    // @ts-expect-error inner dims differ (3 vs 4)
    matmul(tensor([2, 3]), tensor([4, 5]));
    // @ts-expect-error [2, 3] does not broadcast with [4, 3]
    add(tensor([2, 3]), tensor([4, 3]));
    expectTypeOf(matmul<[2, 3], [4, 5]>).parameter(1)
      .toEqualTypeOf<T<[4, 5]> & ShapeError<"matmul: inner dims differ: [2, 3] @ [4, 5]", 3, 4>>();
    expectTypeOf(add<[2, 3], [4, 3]>).parameter(1)
      .toEqualTypeOf<T<[4, 3]> & ShapeError<"add: cannot broadcast [2, 3] with [4, 3] (axis 0: 2 vs 4)", 2, 4>>();
  });
});
