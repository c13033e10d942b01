// The types of vmap: every batched argument gains a leading axis B (inferred from the call), a
// shared one (inAxes null) keeps its type, and the result is f's result with B in front of
// every tensor leaf; per-example gradients have the parameters' structure, batched.
import { describe, expectTypeOf, it } from "vitest";
import { grad, type Scalar } from "../../src/ad/api.js";
import { vmap, type Batched, type BatchedArgs, type BatchedBy, type InsertAxis, type SameBatch } from "../../src/ad/vmap.js";
import { key, split, type Key } from "../../src/random/key.js";
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
    expectTypeOf<BatchedArgs<Parameters<typeof f>, readonly [{ a: 1; b: null }, 0], number>>()
      .toEqualTypeOf<[{ a: Tensor<[3, number]>; b: Tensor<[3]> }, Tensor<[number, 3]>]>();
    const p8 = { a: null as unknown as Tensor<[3, 8]>, b: null as unknown as Tensor<[3]> };
    expectTypeOf(g(p8, null as unknown as Tensor<[8, 3]>)).toEqualTypeOf<{ s: Tensor<[3, 8]>; t: [Tensor<[8, 3]>, Tensor<[3]>] }>();
    expectTypeOf<BatchedBy<{ a: Tensor<[2]>; b: Tensor<[2]> }, { a: 0; b: null }, 5>>().toEqualTypeOf<{ a: Tensor<[5, 2]>; b: Tensor<[2]> }>();
  });
  it("a batched key argument takes one key per example; a key result is one key per example", () => {
    const drop = (x: Tensor<[8]>, k: Key) => ({ y: x, next: k });
    const g = vmap(drop, { inAxes: [0, 0] });
    expectTypeOf<BatchedArgs<Parameters<typeof drop>, readonly [0, 0], number>>().toEqualTypeOf<[Tensor<[number, 8]>, readonly Key[]]>();
    expectTypeOf(g(null as unknown as Tensor<[4, 8]>, split(key(0), 4))).toEqualTypeOf<{ y: Tensor<[4, 8]>; next: readonly Key[] }>();
    expectTypeOf<BatchedArgs<Parameters<typeof drop>, readonly [0, null], number>>().toEqualTypeOf<[Tensor<[number, 8]>, Key]>();
    // @ts-expect-error one key where each example needs its own
    g(null as unknown as Tensor<[4, 8]>, key(0));
  });
});
