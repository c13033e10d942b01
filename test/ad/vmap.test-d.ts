// The types of vmap: every batched argument gains a leading axis B (inferred from the call), a
// shared one (inAxes null) keeps its type, and the result is f's result with B in front of
// every tensor leaf; per-example gradients have the parameters' structure, batched.
import { describe, expectTypeOf, it } from "vitest";
import { grad, type Scalar } from "../../src/ad/api.js";
import { vmap, type Batched, type SameBatch } from "../../src/ad/vmap.js";
import type { ShapeError } from "../../src/shape/index.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";

interface Params {
  readonly w: Tensor<[3, 2]>;
  readonly b: Tensor<[2]>;
  readonly name: "mlp";
}
declare const params: Params;
declare const layer: (x: Tensor<[1, 3]>) => Tensor<[1, 2]>;
declare const loss: (p: Params, x: Tensor<[3]>, y: Tensor<[], "int32">) => Scalar;
declare const xs: Tensor<[64, 1, 3]>;
declare const rows: Tensor<[64, 3]>;
declare const labels: Tensor<[64], "int32">;

describe("vmap types", () => {
  it("a tensor function: Tensor<[B, ...S]> in, Tensor<[B, ...R]> out", () => {
    expectTypeOf(vmap(layer)(xs)).toEqualTypeOf<Tensor<[64, 1, 2]>>();
  });
  it("a tree result: each leaf batched, static leaves kept", () => {
    const f = (x: Tensor<[1, 3]>) => ({ y: layer(x), pair: [x, 2] as const });
    expectTypeOf(vmap(f)(xs)).toEqualTypeOf<{ y: Tensor<[64, 1, 2]>; pair: [Tensor<[64, 1, 3]>, 2] }>();
  });
  it("per-example gradients: shared params (inAxes null), batched inputs and labels", () => {
    const g = vmap(grad(loss), { inAxes: [null, 0, 0] })(params, rows, labels);
    expectTypeOf(g).toEqualTypeOf<{ w: Tensor<[64, 3, 2]>; b: Tensor<[64, 2]>; name: "mlp" }>();
  });
  it("Batched maps leaves through records and tuples; untyped-rank leaves stay", () => {
    expectTypeOf<Batched<[Tensor<[2]>, { k: Tensor<[], "int32"> }], 8>>().toEqualTypeOf<[Tensor<[8, 2]>, { k: Tensor<[8], "int32"> }]>();
    expectTypeOf<Batched<AnyTensor, 8>>().toEqualTypeOf<AnyTensor>();
  });
  it("a batched argument of the wrong per-example shape does not compile", () => {
    // @ts-expect-error the examples are [1, 4], not [1, 3]
    vmap(layer)(null as unknown as Tensor<[64, 1, 4]>);
  });
});

describe("vmap rejects batched arguments whose literal batch sizes differ", () => {
  const pair = (a: Tensor<[3]>, b: Tensor<[3]>) => a;
  const four = null as unknown as Tensor<[4, 3]>;
  const five = null as unknown as Tensor<[5, 3]>;
  it("names vmap and the two sizes, in argument order", () => {
    // @ts-expect-error vmap: batched arguments have different batch sizes: 4 vs 5
    vmap(pair)(four, five);
    expectTypeOf<SameBatch<[Tensor<[4, 3]>, Tensor<[5, 3]>], [0, 0]>>()
      .toEqualTypeOf<ShapeError<"vmap: batched arguments have different batch sizes: 4 vs 5", 4, 5>>();
    expectTypeOf<SameBatch<[Tensor<[5, 3]>, Tensor<[4, 3]>], []>>()
      .toEqualTypeOf<ShapeError<"vmap: batched arguments have different batch sizes: 5 vs 4", 5, 4>>();
  });
  it("looks into trees, past shared arguments and past sizes known only at runtime", () => {
    expectTypeOf<SameBatch<[Params, Tensor<[64, 3]>, { y: Tensor<[32], "int32"> }], [null, 0, 0]>>()
      .toEqualTypeOf<ShapeError<"vmap: batched arguments have different batch sizes: 64 vs 32", 64, 32>>();
    expectTypeOf<SameBatch<[Tensor<[number, 3]>, Tensor<[8, 3]>, Tensor<[9, 3]>], [0, 0, 0]>>()
      .toEqualTypeOf<ShapeError<"vmap: batched arguments have different batch sizes: 8 vs 9", 8, 9>>();
  });
  it("accepts equal sizes, shared arguments of any size, number, and a type parameter against itself", () => {
    expectTypeOf<SameBatch<[Tensor<[4, 3]>, Tensor<[4, 3]>], [0, 0]>>().toEqualTypeOf<unknown>();
    expectTypeOf<SameBatch<[Tensor<[4, 3]>, Tensor<[5, 3]>], [0, null]>>().toEqualTypeOf<unknown>();
    expectTypeOf<SameBatch<[Tensor<[number, 3]>, Tensor<[5, 3]>], [0, 0]>>().toEqualTypeOf<unknown>();
    expectTypeOf(vmap(pair)(four, four)).toEqualTypeOf<Tensor<[4, 3]>>();
    expectTypeOf(vmap(pair, { inAxes: [0, null] })(four, null as unknown as Tensor<[3]>)).toEqualTypeOf<Tensor<[4, 3]>>();
    const generic = <P extends number>(x: Tensor<[P, 3]>): Tensor<[P, 3]> => vmap(pair)(x, x);
    expectTypeOf(generic<6>).returns.toEqualTypeOf<Tensor<[6, 3]>>();
  });
});
