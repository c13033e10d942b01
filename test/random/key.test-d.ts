import { describe, expectTypeOf, it } from "vitest";
import { jit } from "../../src/backend/jit/index.js";
import type { Params, Sampler, SampleParams } from "../../src/core/index.js";
import { fold, key, keyData, split, StagedKeyError, type Key } from "../../src/random/key.js";
import { uniform } from "../../src/random/samplers.js";
import type { Words } from "../../src/random/threefry.js";
import type { Tensor } from "../../src/tensor/index.js";

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

describe("keys inside jit", () => {
  it("a jitted function of a key keeps its signature: users hold Keys, never staged-key types", () => {
    const draw = jit((k: Key, n: number) => ({ x: uniform(fold(k, n), [2, 3]), next: split(k)[1] }), { static: ["n"] }); // a fold counter is a JS number
    expectTypeOf(draw).parameters.toEqualTypeOf<[Key, number]>();
    expectTypeOf(draw(key(0), 1)).toEqualTypeOf<{ x: Tensor<[2, 3], "float32">; next: Key }>();
    expectTypeOf(keyData).returns.toEqualTypeOf<Words>();
  });

  it("reading a staged key's words is a StagedKeyError naming the operation", () => {
    expectTypeOf<StagedKeyError["_tag"]>().toEqualTypeOf<"StagedKeyError">();
    expectTypeOf<StagedKeyError["op"]>().toEqualTypeOf<string>();
    expectTypeOf<StagedKeyError>().toMatchTypeOf<Error>();
  });

  it("a sample equation's parameters name their sampler", () => {
    expectTypeOf<Params<"sample">>().toEqualTypeOf<SampleParams>();
    expectTypeOf<Sampler>().toEqualTypeOf<"uniform" | "normal" | "truncatedNormal" | "bernoulli" | "randint" | "categorical" | "permutation" | "choice">();
    expectTypeOf<Extract<SampleParams, { sampler: "bernoulli" }>>().toEqualTypeOf<{ readonly sampler: "bernoulli"; readonly shape: readonly number[]; readonly p: number }>();
    expectTypeOf<Params<"keyChild">>().toEqualTypeOf<{ readonly counter: number }>();
  });
});
