// The types refineShape and ShapeCodec give: each spec entry becomes a literal, a Named dim or
// `number`.
import { describe, expectTypeOf, test } from "vitest";
import type * as E from "fp-ts/lib/Either.js";
import type * as t from "io-ts";
import { refineShape, ShapeCodec, type FromSpec, type Named, type ShapeRefineError } from "../../src/shape/index.js";

describe("FromSpec", () => {
  test("literals, names and null", () => {
    expectTypeOf<FromSpec<[null, 784]>>().toEqualTypeOf<[number, 784]>();
    expectTypeOf<FromSpec<readonly ["batch", 3, null]>>().toEqualTypeOf<[Named<"batch">, 3, number]>();
    expectTypeOf<FromSpec<[]>>().toEqualTypeOf<[]>();
  });
});

describe("refineShape and ShapeCodec", () => {
  test("infer the spec without `as const`", () => {
    const shape: readonly number[] = [32, 784];
    expectTypeOf(refineShape(shape, ["batch", 784])).toEqualTypeOf<E.Either<ShapeRefineError, [Named<"batch">, 784]>>();
    expectTypeOf(refineShape(shape, [null, 784])).toEqualTypeOf<E.Either<ShapeRefineError, [number, 784]>>();
    expectTypeOf(ShapeCodec(["batch", null])).toEqualTypeOf<t.Type<[Named<"batch">, number], readonly number[], unknown>>();
  });
});
