// The types of scan: the carry keeps init's type, ys are the body's y with the steps (the
// leading dim of xs, inferred) in front of every leaf, and a body whose carry or step types do
// not fit the arguments does not compile.
import { describe, expectTypeOf, it } from "vitest";
import { scan, type Stacked, type StepsOf } from "../../src/ops/scan.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";

declare const h0: Tensor<[32, 64]>;
declare const xs: Tensor<[128, 32, 16]>;
declare const cell: (h: Tensor<[32, 64]>, x: Tensor<[32, 16]>) => Tensor<[32, 64]>;
type C = { readonly h: Tensor<[4]>; readonly n: Tensor<[], "int32"> };
declare const init: C;
declare const pair: readonly [Tensor<[10, 4]>, Tensor<[10], "float64">];
declare const f: (c: C, x: readonly [Tensor<[4]>, Tensor<[], "float64">]) => readonly [C, { readonly y: Tensor<[4]>; readonly s: Tensor<[], "float64"> }];

describe("scan types", () => {
  it("a tensor carry and xs: the carry's type, ys stacked over the inferred steps", () => {
    const r = scan((h: Tensor<[32, 64]>, x: Tensor<[32, 16]>) => [cell(h, x), cell(h, x)] as const, h0, xs);
    expectTypeOf(r).toEqualTypeOf<[Tensor<[32, 64]>, Tensor<[128, 32, 64]>]>();
  });
  it("trees: a record carry, a tuple of xs, a record of ys with a float64 leaf", () => {
    expectTypeOf(scan(f, init, pair)).toEqualTypeOf<[C, { readonly y: Tensor<[10, 4]>; readonly s: Tensor<[10], "float64"> }]>();
  });
  it("Stacked puts N in front of every leaf and keeps untyped-rank leaves", () => {
    expectTypeOf<Stacked<[Tensor<[2]>, { k: Tensor<[], "int32"> }], 7>>().toEqualTypeOf<[Tensor<[7, 2]>, { k: Tensor<[7], "int32"> }]>();
    expectTypeOf<Stacked<AnyTensor, 7>>().toEqualTypeOf<AnyTensor>();
  });
  it("StepsOf: the leading dim of the xs leaves, number when they do not agree or there are none", () => {
    expectTypeOf<StepsOf<{ a: Tensor<[9, 2]>; b: [Tensor<[9]>] }>>().toEqualTypeOf<9>();
    expectTypeOf<StepsOf<{ a: Tensor<[9, 2]>; b: Tensor<[8]> }>>().toEqualTypeOf<number>();
    expectTypeOf<StepsOf<readonly []>>().toEqualTypeOf<number>();
    expectTypeOf<StepsOf<Tensor<[number, 3]>>>().toEqualTypeOf<number>();
  });
  it("a body that changes the carry's type, or xs of the wrong step shape, do not compile", () => {
    // @ts-expect-error the body returns a [32, 16] carry for a [32, 64] one
    scan((h: Tensor<[32, 64]>, x: Tensor<[32, 16]>) => [x, h] as const, h0, xs);
    // @ts-expect-error each step of xs is [32, 16], the body takes [32, 8]
    scan((h: Tensor<[32, 64]>, _x: Tensor<[32, 8]>) => [h, h] as const, h0, xs);
  });
});
