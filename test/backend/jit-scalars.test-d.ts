// The types of jit with dynamic numbers: the jitted function takes exactly f's parameters (a
// number stays a number for the caller), and `static` lists positions or parameter names.
import { describe, expectTypeOf, it } from "vitest";
import { jit, type Jitted, type JitOptions } from "../../src/backend/jit/index.js";
import type { StaticArg } from "../../src/backend/jit/static.js";
import type { Tensor } from "../../src/tensor/tensor.js";

declare const step: (p: { readonly w: Tensor<[3]> }, lr: number, steps: number) => { readonly w: Tensor<[3]> };

describe("jit types with dynamic numbers", () => {
  it("the jitted function has f's own parameters and result, with or without static", () => {
    expectTypeOf(jit(step)).toEqualTypeOf<Jitted<[p: { readonly w: Tensor<[3]> }, lr: number, steps: number], { readonly w: Tensor<[3]> }>>();
    expectTypeOf(jit(step, { static: [2] })).toEqualTypeOf<Jitted<[p: { readonly w: Tensor<[3]> }, lr: number, steps: number], { readonly w: Tensor<[3]> }>>();
    expectTypeOf(jit(step, { static: ["steps"] })).parameters.toEqualTypeOf<[p: { readonly w: Tensor<[3]> }, lr: number, steps: number]>();
  });
  it("static takes argument positions or parameter names", () => {
    expectTypeOf<JitOptions["static"]>().toEqualTypeOf<readonly StaticArg[] | undefined>();
    expectTypeOf<StaticArg>().toEqualTypeOf<number | string>();
    // @ts-expect-error a static entry is a position or a name, not a flag
    jit(step, { static: [true] });
  });
});
