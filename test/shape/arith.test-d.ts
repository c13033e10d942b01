// Digit-wise type-level arithmetic: closed forms, carries across many digits, the 2^53 edge,
// and the guard that sends non-plain literals (1e21, 0.5, -3, number, names) to `number`.
import { describe, expectTypeOf, test } from "vitest";
import type { Add, Mul, Named, Product, Sub } from "../../src/shape/index.js";

describe("Add", () => {
  test("small sums and carries", () => {
    expectTypeOf<Add<0, 0>>().toEqualTypeOf<0>();
    expectTypeOf<Add<2, 3>>().toEqualTypeOf<5>();
    expectTypeOf<Add<300, 468>>().toEqualTypeOf<768>();
    expectTypeOf<Add<999, 1>>().toEqualTypeOf<1000>();
    expectTypeOf<Add<1, 999>>().toEqualTypeOf<1000>();
    expectTypeOf<Add<12345, 987654321>>().toEqualTypeOf<987666666>();
  });
  test("exact up to 2^53, number beyond", () => {
    expectTypeOf<Add<9007199254740991, 1>>().toEqualTypeOf<9007199254740992>();
    // 2^53 + 1 has no literal type of its own (it is not a double)
    expectTypeOf<Add<9007199254740992, 1>>().toEqualTypeOf<number>();
  });
  test("non-plain operands give number", () => {
    expectTypeOf<Add<number, 1>>().toEqualTypeOf<number>();
    expectTypeOf<Add<1e21, 1>>().toEqualTypeOf<number>();
    expectTypeOf<Add<0.5, 1>>().toEqualTypeOf<number>();
    expectTypeOf<Add<-3, 5>>().toEqualTypeOf<number>();
    expectTypeOf<Add<Named<"n">, 1>>().toEqualTypeOf<number>();
  });
});

describe("Sub", () => {
  test("differences with borrows", () => {
    expectTypeOf<Sub<5, 5>>().toEqualTypeOf<0>();
    expectTypeOf<Sub<7, 0>>().toEqualTypeOf<7>();
    expectTypeOf<Sub<1000, 1>>().toEqualTypeOf<999>();
    expectTypeOf<Sub<100, 99>>().toEqualTypeOf<1>();
    expectTypeOf<Sub<784, 28>>().toEqualTypeOf<756>();
    expectTypeOf<Sub<9007199254740992, 9007199254740991>>().toEqualTypeOf<1>();
  });
  test("negative results and non-plain operands give number", () => {
    expectTypeOf<Sub<3, 5>>().toEqualTypeOf<number>();
    expectTypeOf<Sub<99, 100>>().toEqualTypeOf<number>();
    expectTypeOf<Sub<5, number>>().toEqualTypeOf<number>();
    expectTypeOf<Sub<1e21, 1>>().toEqualTypeOf<number>();
  });
});

describe("Mul and Product", () => {
  test("products", () => {
    expectTypeOf<Mul<28, 28>>().toEqualTypeOf<784>();
    expectTypeOf<Mul<0, 55>>().toEqualTypeOf<0>();
    expectTypeOf<Mul<55, 0>>().toEqualTypeOf<0>();
    expectTypeOf<Mul<1, 9>>().toEqualTypeOf<9>();
    expectTypeOf<Mul<99, 99>>().toEqualTypeOf<9801>();
    expectTypeOf<Mul<1000, 1000>>().toEqualTypeOf<1000000>();
    expectTypeOf<Mul<123456789, 987654321>>().toEqualTypeOf<number>(); // 121932631112635269 > 2^53, not a double
  });
  test("2^53 exactly", () => {
    expectTypeOf<Mul<4294967296, 2097152>>().toEqualTypeOf<9007199254740992>();
    expectTypeOf<Mul<94906265, 94906265>>().toEqualTypeOf<9007199136250225>();
  });
  test("the 1e21 guard: its text is '1e+21', which digit-wise would read as 21", () => {
    expectTypeOf<Mul<1e21, 1>>().toEqualTypeOf<number>();
    expectTypeOf<Mul<2, 0.5>>().toEqualTypeOf<number>();
    expectTypeOf<Mul<-2, 3>>().toEqualTypeOf<number>();
    expectTypeOf<Mul<number, 3>>().toEqualTypeOf<number>();
  });
  test("Product of a shape", () => {
    expectTypeOf<Product<[32, 3, 3, 64]>>().toEqualTypeOf<18432>();
    expectTypeOf<Product<[64, 28, 28]>>().toEqualTypeOf<50176>();
    expectTypeOf<Product<[224, 224, 3]>>().toEqualTypeOf<150528>();
    expectTypeOf<Product<[1024, 1024, 1024]>>().toEqualTypeOf<1073741824>();
    expectTypeOf<Product<readonly [2, 0, 7]>>().toEqualTypeOf<0>();
    expectTypeOf<Product<[]>>().toEqualTypeOf<1>();
    expectTypeOf<Product<[2, number]>>().toEqualTypeOf<number>();
    expectTypeOf<Product<[Named<"b">, 3]>>().toEqualTypeOf<number>();
    expectTypeOf<Product<number[]>>().toEqualTypeOf<number>();
  });
});
