// The types of vmap: every batched argument gains a leading axis B (inferred from the call), a
// shared one (inAxes null) keeps its type, and the result is f's result with B in front of
// every tensor leaf; per-example gradients have the parameters' structure, batched.
import { describe, expectTypeOf, it } from "vitest";
import { grad, type Scalar } from "../../src/ad/api.js";
import { vmap, type Batched, type BatchedBy, type InsertAxis } from "../../src/ad/vmap.js";
import { key, split, type Key } from "../../src/random/key.js";
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

declare const cols: Tensor<[1, 64, 3]>;
declare const last: Tensor<[1, 3, 64]>;

describe("vmap types: any axis, trees of axes, batches of keys", () => {
  it("InsertAxis puts B where the axis says, negative from the end; out of range is never", () => {
    expectTypeOf<InsertAxis<[2, 3], 0, 9>>().toEqualTypeOf<[9, 2, 3]>();
    expectTypeOf<InsertAxis<[2, 3], 1, 9>>().toEqualTypeOf<[2, 9, 3]>();
    expectTypeOf<InsertAxis<[2, 3], 2, 9>>().toEqualTypeOf<[2, 3, 9]>();
    expectTypeOf<InsertAxis<[2, 3], -1, 9>>().toEqualTypeOf<[2, 3, 9]>();
    expectTypeOf<InsertAxis<[2, 3], -3, 9>>().toEqualTypeOf<[9, 2, 3]>();
    expectTypeOf<InsertAxis<[2, 3], 3, 9>>().toBeNever();
    expectTypeOf<InsertAxis<[2, 3], -4, 9>>().toBeNever();
  });
  it("inAxes 1 and -1: B is inferred from that axis; outAxes places it in the result", () => {
    expectTypeOf(vmap(layer, { inAxes: [1] })(cols)).toEqualTypeOf<Tensor<[64, 1, 2]>>();
    expectTypeOf(vmap(layer, { inAxes: [-1] })(last)).toEqualTypeOf<Tensor<[64, 1, 2]>>();
    expectTypeOf(vmap(layer, { outAxes: -1 })(xs)).toEqualTypeOf<Tensor<[1, 2, 64]>>();
    expectTypeOf(vmap(layer, { inAxes: [1], outAxes: 1 })(cols)).toEqualTypeOf<Tensor<[1, 64, 2]>>();
  });
  it("trees of axes per leaf, for arguments and results; null leaves keep their type", () => {
    const f = (p: { a: Tensor<[3]>; b: Tensor<[3]> }, c: Tensor<[3]>) => ({ s: p.a, t: [c, p.b] as const });
    const g = vmap(f, { inAxes: [{ a: 1, b: null }, 0], outAxes: { s: -1, t: [0, null] } });
    expectTypeOf(g).parameters.toEqualTypeOf<[{ a: Tensor<[3, number]>; b: Tensor<[3]> }, Tensor<[number, 3]>]>();
    expectTypeOf(g<8>).returns.toEqualTypeOf<{ s: Tensor<[3, 8]>; t: [Tensor<[8, 3]>, Tensor<[3]>] }>();
    expectTypeOf<BatchedBy<{ a: Tensor<[2]>; b: Tensor<[2]> }, { a: 0; b: null }, 5>>().toEqualTypeOf<{ a: Tensor<[5, 2]>; b: Tensor<[2]> }>();
  });
  it("a batched key argument takes one key per example; a key result is one key per example", () => {
    const drop = (x: Tensor<[8]>, k: Key) => ({ y: x, next: k });
    const g = vmap(drop, { inAxes: [0, 0] });
    expectTypeOf(g).parameters.toEqualTypeOf<[Tensor<[number, 8]>, readonly Key[]]>();
    expectTypeOf(g(null as unknown as Tensor<[4, 8]>, split(key(0), 4))).toEqualTypeOf<{ y: Tensor<[4, 8]>; next: readonly Key[] }>();
    expectTypeOf(vmap(drop, { inAxes: [0, null] })).parameters.toEqualTypeOf<[Tensor<[number, 8]>, Key]>();
    // @ts-expect-error one key where each example needs its own
    g(null as unknown as Tensor<[4, 8]>, key(0));
  });
});
