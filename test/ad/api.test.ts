// The differentiation API over trees: grad with argnums and hasAux, valueAndGrad, vjp,
// linearize, and the errors for what cannot be differentiated (each naming what it got).
import { describe, expect, it } from "vitest";
import { grad, GradError, jvp, linearize, valueAndGrad, vjp } from "../../src/ad/api.js";
import { TangentError } from "../../src/ad/jvp-trace.js";
import { add, cast, exp, mul, sin, square } from "../../src/ops/elementwise.js";
import { matmul } from "../../src/ops/matmul.js";
import { sum } from "../../src/ops/reduce.js";
import { fromArray, scalar, tensor } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { TreeMismatchError } from "../../src/tree/tree.js";
import { catchError, expectClose, values } from "../tensor/helpers.js";

const f = (x: Tensor<[]>, y: Tensor<[]>): Tensor<[]> => mul(x, square(y)); // ∂x = y², ∂y = 2xy

describe("grad options", () => {
  it("differentiates argument 0 by default", () => {
    expect(values(grad(f)(scalar(3), scalar(2)))).toEqual([4]);
  });
  it("argnums as a number picks one argument", () => {
    expect(values(grad(f, { argnums: 1 })(scalar(3), scalar(2)))).toEqual([12]);
  });
  it("argnums as a tuple gives a tuple of gradients in that order", () => {
    const [gy, gx] = grad(f, { argnums: [1, 0] })(scalar(3), scalar(2));
    expect(values(gy)).toEqual([12]);
    expect(values(gx)).toEqual([4]);
  });
  it("arguments not differentiated may be anything, e.g. integer labels or numbers", () => {
    const loss = (w: Tensor<[2]>, labels: Tensor<[2], "int32">, scale: number): Tensor<[]> => sum(mul(mul(w, cast(labels, "float32")), scale));
    expect(values(grad(loss)(tensor([1, 1]), tensor([3, -1], "int32"), 2))).toEqual([6, -2]);
  });
  it("hasAux: f returns [loss, aux]; grad returns [gradient, aux] and aux is not differentiated", () => {
    const withAux = (x: Tensor<[2]>) => [sum(square(x)), { note: "aux", doubled: mul(x, 2) }] as const;
    const [g, aux] = grad(withAux, { hasAux: true })(tensor([1, -3]));
    expect(values(g)).toEqual([2, -6]);
    expect(aux.note).toBe("aux");
    expect(values(aux.doubled)).toEqual([2, -6]);
    expect(aux.doubled.isConcrete).toBe(true);
  });
  it("valueAndGrad returns the value too, and [value, aux] with hasAux", () => {
    const [value, g] = valueAndGrad((x: Tensor<[2]>) => sum(square(x)))(tensor([1, 2]));
    expect(values(value)).toEqual([5]);
    expect(values(g)).toEqual([2, 4]);
    const [[loss, aux], g2] = valueAndGrad((x: Tensor<[]>) => [square(x), 7] as const, { hasAux: true })(scalar(3));
    expect(values(loss)).toEqual([9]);
    expect(aux).toBe(7);
    expect(values(g2)).toEqual([6]);
  });
  it("a loss that does not depend on the argument has gradient zero", () => {
    expect(values(grad((_x: Tensor<[3]>) => scalar(5))(tensor([1, 2, 3])))).toEqual([0, 0, 0]);
  });
  it("the gradient of a parameter tree is a tree of the same structure (records, arrays, static leaves)", () => {
    type P = { readonly w: Tensor<[2, 2]>; readonly layers: readonly [{ readonly b: Tensor<[2]> }, string] };
    const p: P = { w: fromArray([1, 2, 3, 4], [2, 2]), layers: [{ b: tensor([0.5, -0.5]) }, "relu"] };
    const x = tensor([[1, 1]]);
    const loss = (q: P): Tensor<[]> => sum(add(matmul(x, q.w), q.layers[0].b));
    const g = grad(loss)(p);
    expect(values(g.w)).toEqual([1, 1, 1, 1]);
    expect(values(g.layers[0].b)).toEqual([1, 1]);
    expect(g.layers[1]).toBe("relu");
    expect(Object.keys(g).sort()).toEqual(["layers", "w"]);
  });
});

describe("jvp, vjp and linearize", () => {
  it("jvp returns the output and its tangent, over trees", () => {
    const [out, t] = jvp((p: { a: Tensor<[2]>; b: Tensor<[2]> }) => ({ s: mul(p.a, p.b) }), [{ a: tensor([1, 2]), b: tensor([3, 4]) }], [{ a: tensor([1, 0]), b: tensor([0, 1]) }]);
    expect(values(out.s)).toEqual([3, 8]);
    expect(values(t.s)).toEqual([3, 2]);
  });
  it("vjp's pullback maps an output cotangent to one cotangent per argument", () => {
    const [y, pullback] = vjp((a: Tensor<[2]>, b: Tensor<[2]>) => mul(sin(a), b), tensor([0, 1]), tensor([2, 3]));
    expectClose(values(y), [0, 3 * Math.sin(1)], 1e-6);
    const [ga, gb] = pullback(tensor([1, 10]));
    expectClose(values(ga), [2, 30 * Math.cos(1)], 1e-6);
    expectClose(values(gb), [0, 10 * Math.sin(1)], 1e-6);
    expect(pullback.program.inputs.length).toBe(2);
  });
  it("linearize gives f(x) and the linear map t ↦ f'(x)·t, equal to jvp for every t", () => {
    const g = (x: Tensor<[2], "float64">) => exp(mul(x, x));
    const x = fromArray([0.5, -1], [2], "float64");
    const [y, lin] = linearize(g, x);
    expectClose(values(y), [Math.exp(0.25), Math.E], 1e-15);
    for (const t of [[1, 0], [0, 1], [2, -3]]) {
      const tangent = fromArray(t, [2], "float64");
      expectClose(values(lin(tangent)), values(jvp(g, [x], [tangent])[1]), 1e-15);
    }
  });
});

describe("errors", () => {
  it("grad of a non-scalar output is a GradError naming the shape", () => {
    const err = catchError(() => grad((x: Tensor<[3]>) => sin(x) as never)(tensor([0, 1, 2])));
    expect(err).toBeInstanceOf(GradError);
    expect(err).toMatchObject({ _tag: "GradError" });
    expect(err.message).toBe("grad: the function must return a scalar (shape []), got shape [3]; reduce it first (sum, mean) or use vjp/jacrev");
  });
  it("grad of something that is not a tensor is a GradError saying what it got", () => {
    expect(catchError(() => grad((_x: Tensor<[]>) => 3 as never)(scalar(1))).message).toBe("grad: the function must return a scalar tensor, got a number");
  });
  it("hasAux when f returns no pair is a GradError", () => {
    const err = catchError(() => grad((x: Tensor<[]>) => x as never, { hasAux: true })(scalar(1)));
    expect(err).toBeInstanceOf(GradError);
    expect(err.message).toBe("valueAndGrad with hasAux: the function must return a pair [loss, aux], got a tensor of shape [] (float32)");
    expect(catchError(() => grad((x: Tensor<[]>) => [x, 1, 2] as never, { hasAux: true })(scalar(1))).message).toContain("got an array of length 3");
  });
  it("argnums out of range is a GradError", () => {
    expect(catchError(() => grad(f, { argnums: 2 })(scalar(1), scalar(1))).message).toBe("grad: argnums 2 is out of range for 2 argument(s)");
  });
  it("differentiating with respect to an int32 tensor is a TangentError", () => {
    const err = catchError(() => grad((i: Tensor<[2], "int32">) => sum(cast(i, "float32")) as never)(tensor([1, 2], "int32")));
    expect(err).toBeInstanceOf(TangentError);
    expect(err).toMatchObject({ _tag: "TangentError" });
    expect(err.message).toBe("linearize: argument 0 is int32; only float32 and float64 tensors can be differentiated (cast it, or mark it static)");
    expect(catchError(() => jvp((i: Tensor<[1], "int32">) => i, [tensor([1], "int32")], [tensor([1], "int32")])).message).toContain("jvp: argument 0 is int32");
  });
  it("a tangent tree that does not match the primal tree is a TreeMismatchError with the path", () => {
    const h = (p: { w: readonly Tensor<[2]>[] }) => sum(p.w[0] ?? tensor([0, 0]));
    const err = catchError(() => jvp(h, [{ w: [tensor([1, 2]), tensor([3, 4])] }], [{ w: [tensor([1, 2])] }]));
    expect(err).toBeInstanceOf(TreeMismatchError);
    expect(err).toMatchObject({ _tag: "TreeMismatchError", op: "jvp", path: "$[0].w", expected: "an array of length 2", got: "an array of length 1" });
    const shape = catchError(() => jvp(h, [{ w: [tensor([1, 2])] }], [{ w: [tensor([1, 2, 3]) as never] }]));
    expect(shape.message).toBe("jvp: trees differ at $[0].w[0]: expected a tensor float32[2], got a tensor float32[3]");
    const dtype = catchError(() => jvp(h, [{ w: [tensor([1, 2])] }], [{ w: [tensor([1, 2], "float64") as never] }]));
    expect(dtype.message).toBe("jvp: trees differ at $[0].w[0]: expected a tensor float32[2], got a tensor float64[2]");
  });
  it("a cotangent that does not match the output is a TreeMismatchError from the pullback", () => {
    const [, pullback] = vjp((x: Tensor<[2]>) => ({ y: x }), tensor([1, 2]));
    expect(catchError(() => pullback({ z: tensor([1, 1]) } as never)).message).toBe("vjp: trees differ at $: expected a record with keys {y}, got a record with keys {z}");
    const [, lin] = linearize((x: Tensor<[2]>) => x, tensor([1, 2]));
    expect(catchError(() => lin(tensor([1]) as never)).message).toBe("linearize: trees differ at $[0]: expected a tensor float32[2], got a tensor float32[1]");
  });
});
