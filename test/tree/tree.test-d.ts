// Grad<P>: a gradient has P's structure with each tensor leaf's own shape and dtype, static
// fields unchanged, and readonly dropped (a gradient is a fresh value). And the map helpers'
// result types.
import { describe, expectTypeOf, it } from "vitest";
import type { Tensor } from "../../src/tensor/tensor.js";
import { map, map2, mapLeaves, type Grad, type MapLeaves, type Tangent } from "../../src/tree/tree.js";

interface Mlp {
  readonly w1: Tensor<[784, 128]>;
  readonly b1: Tensor<[128], "float64">;
  readonly blocks: readonly { readonly w: Tensor<[128, 128]> }[];
  readonly head: readonly [Tensor<[128, 10]>, Tensor<[10]>];
  readonly name: "mlp";
  readonly dropout: number;
}

describe("Grad<P>", () => {
  it("of a tensor is that tensor type", () => {
    expectTypeOf<Grad<Tensor<[2, 3], "float64">>>().toEqualTypeOf<Tensor<[2, 3], "float64">>();
    expectTypeOf<Grad<Tensor<[]>>>().toEqualTypeOf<Tensor<[], "float32">>();
  });
  it("of a record, array and tuple keeps the structure, leaf types and static fields", () => {
    expectTypeOf<Grad<Mlp>>().toEqualTypeOf<{
      w1: Tensor<[784, 128]>;
      b1: Tensor<[128], "float64">;
      blocks: { w: Tensor<[128, 128]> }[];
      head: [Tensor<[128, 10]>, Tensor<[10]>];
      name: "mlp";
      dropout: number;
    }>();
  });
  it("of nested tuples and static leaves", () => {
    expectTypeOf<Grad<[Tensor<[1]>, [string, Tensor<[2], "float64">]]>>().toEqualTypeOf<[Tensor<[1]>, [string, Tensor<[2], "float64">]]>();
    expectTypeOf<Grad<null>>().toEqualTypeOf<null>();
  });
  it("Tangent is the same type", () => {
    expectTypeOf<Tangent<Mlp>>().toEqualTypeOf<Grad<Mlp>>();
  });
});

declare const p: Mlp;
declare const scalarLeaf: Tensor<[]>;

describe("map helpers", () => {
  it("map and map2 return the first tree's type", () => {
    expectTypeOf(map(p, (leaf) => leaf)).toEqualTypeOf<Mlp>();
    expectTypeOf(map2(p, p, (a) => a)).toEqualTypeOf<Mlp>();
  });
  it("mapLeaves replaces every leaf type", () => {
    expectTypeOf(mapLeaves(p, (): Tensor<[]> => scalarLeaf)).toEqualTypeOf<MapLeaves<Mlp, Tensor<[]>>>();
    expectTypeOf<MapLeaves<{ a: Tensor<[3]>; b: [Tensor<[2]>, "s"] }, Tensor<[], "int32">>>()
      .toEqualTypeOf<{ a: Tensor<[], "int32">; b: [Tensor<[], "int32">, "s"] }>();
  });
});
