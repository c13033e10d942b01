// The types of vmap: every batched argument gains a leading axis B (inferred from the call), a
// shared one (inAxes null) keeps its type, and the result is f's result with B in front of
// every tensor leaf; per-example gradients have the parameters' structure, batched.
import { describe, expectTypeOf, it } from "vitest";
import { grad, type Scalar } from "../../src/ad/api.js";
import { vmap, type Batched } from "../../src/ad/vmap.js";
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
