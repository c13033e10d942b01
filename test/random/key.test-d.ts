import { describe, expectTypeOf, it } from "vitest";
import { key, split, type Key } from "../../src/random/key.js";

describe("split's type", () => {
  it("is a pair by default, so destructuring gives keys rather than Key | undefined", () => {
    expectTypeOf(split(key(0))).toEqualTypeOf<readonly [Key, Key]>();
    const [a, b] = split(key(0));
    expectTypeOf(a).toEqualTypeOf<Key>();
    expectTypeOf(b).toEqualTypeOf<Key>();
  });

  it("is a tuple of the literal length up to 99", () => {
    expectTypeOf(split(key(0), 3)).toEqualTypeOf<readonly [Key, Key, Key]>();
    expectTypeOf(split(key(0), 1)).toEqualTypeOf<readonly [Key]>();
    expectTypeOf(split(key(0), 0)).toEqualTypeOf<readonly []>();
    expectTypeOf(split(key(0), 12)["length"]).toEqualTypeOf<12>();
    expectTypeOf(split(key(0), 99)["length"]).toEqualTypeOf<99>();
  });

  it("is an array for a runtime count, a large count or a non-integer literal", () => {
    const n: number = 5;
    expectTypeOf(split(key(0), n)).toEqualTypeOf<readonly Key[]>();
    expectTypeOf(split(key(0), 100)).toEqualTypeOf<readonly Key[]>();
    expectTypeOf(split(key(0), 1000)).toEqualTypeOf<readonly Key[]>();
    expectTypeOf(split(key(0), 2.5)).toEqualTypeOf<readonly Key[]>();
    expectTypeOf(split(key(0), -1)).toEqualTypeOf<readonly Key[]>();
  });

  it("brands keys so that a plain object is not one", () => {
    expectTypeOf({ _tag: "Key" as const, data: [0, 0] as const }).not.toMatchTypeOf<Key>();
  });
});
