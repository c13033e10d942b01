// The types of jacfwd, jacrev and hessian over trees: the output's structure of the input's
// structure, each block out.shape ++ in.shape; forward mode in the output's dtype, reverse mode in
// the input's; static leaves kept; generic dims carried through.
import { describe, expectTypeOf, it } from "vitest";
import { hessian, jacfwd, jacrev, type Hessian, type Jacobian } from "../../src/index.js";
import { add, matmul, mul, sum, tanh } from "../../src/ops/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";

interface Params {
  readonly w: Tensor<[3, 2]>;
  readonly b: Tensor<[2]>;
  readonly name: "layer";
}
declare const params: Params;
declare const x: Tensor<[5, 3]>;
const layer = (p: Params) => ({ y: tanh(add(matmul(x, p.w), p.b)), penalty: sum(mul(p.w, p.w)) });

describe("Jacobians of tree functions", () => {
  it("jacfwd: out's structure of in's structure, blocks y.shape ++ x.shape, static leaves kept", () => {
    expectTypeOf(jacfwd(layer)(params)).toEqualTypeOf<{
      y: { w: Tensor<[5, 2, 3, 2]>; b: Tensor<[5, 2, 2]>; name: "layer" };
      penalty: { w: Tensor<[3, 2]>; b: Tensor<[2]>; name: "layer" };
    }>();
    expectTypeOf(jacrev(layer)).returns.toEqualTypeOf<Jacobian<ReturnType<typeof layer>, Params, "rev">>();
  });

  it("tuples on either side", () => {
    const pair = ([u, v]: readonly [Tensor<[2], "float64">, Tensor<[4], "float64">]) => [sum(u), mul(sum(v), u)] as const;
    expectTypeOf(jacrev(pair)).returns.toEqualTypeOf<[
      [Tensor<[2], "float64">, Tensor<[4], "float64">],
      [Tensor<[2, 2], "float64">, Tensor<[2, 4], "float64">],
    ]>();
  });

  it("forward mode takes the output's dtype, reverse mode the input's", () => {
    expectTypeOf<Jacobian<Tensor<[2], "float64">, { a: Tensor<[3], "float32"> }, "fwd">>().toEqualTypeOf<{ a: Tensor<[2, 3], "float64"> }>();
    expectTypeOf<Jacobian<Tensor<[2], "float64">, { a: Tensor<[3], "float32"> }, "rev">>().toEqualTypeOf<{ a: Tensor<[2, 3], "float32"> }>();
  });

  it("one tensor in and out: the familiar out.shape ++ in.shape", () => {
    expectTypeOf(jacfwd((a: Tensor<[3], "float64">) => mul(a, a))).returns.toEqualTypeOf<Tensor<[3, 3], "float64">>();
    expectTypeOf(jacrev((m: Tensor<[2, 2]>) => sum(m, 0))).returns.toEqualTypeOf<Tensor<[2, 2, 2]>>();
  });

  it("generic dims are carried through", () => {
    const f = <B extends number>(p: { h: Tensor<[B, 4]> }) => jacfwd((q: { h: Tensor<[B, 4]> }) => sum(q.h, 1))(p);
    expectTypeOf(f<7>).returns.toEqualTypeOf<{ h: Tensor<[7, 7, 4]> }>();
  });
});

describe("Hessians of scalar functions of trees", () => {
  it("a P of P's, block [i][j] of shape x_i.shape ++ x_j.shape", () => {
    const loss = (p: Params) => sum(layer(p).y);
    expectTypeOf(hessian(loss)(params)).toEqualTypeOf<{
      w: { w: Tensor<[3, 2, 3, 2]>; b: Tensor<[3, 2, 2]>; name: "layer" };
      b: { w: Tensor<[2, 3, 2]>; b: Tensor<[2, 2]>; name: "layer" };
      name: "layer";
    }>();
    expectTypeOf(hessian(loss)).returns.toEqualTypeOf<Hessian<Params>>();
    expectTypeOf(hessian((a: Tensor<[4], "float64">) => sum(a))).returns.toEqualTypeOf<Tensor<[4, 4], "float64">>();
  });

  it("rejects a function that does not return a scalar", () => {
    // @ts-expect-error the Hessian is of a scalar function
    hessian((a: Tensor<[4]>) => a);
  });
});
