// Transposition: linearTranspose of linear functions against hand-derived transposes and the
// adjoint identity ⟨L x, y⟩ = ⟨x, Lᵀ y⟩ for a map built from every linear primitive; and the
// NonlinearError for functions that are not linear.
import { describe, expect, it } from "vitest";
import { linearTranspose } from "../../src/ad/programs.js";
import { NonlinearError } from "../../src/ad/transpose-rules.js";
import { add, cast, div, exp, mul, neg, sub } from "../../src/ops/elementwise.js";
import { greater, where } from "../../src/ops/compare.js";
import { matmul } from "../../src/ops/matmul.js";
import { sum } from "../../src/ops/reduce.js";
import { broadcastTo, pad, reshape, slice, take, transpose } from "../../src/ops/structure.js";
import { fromArray, tensor } from "../../src/tensor/create.js";
import type { Shape } from "../../src/shape/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { catchError, expectClose, values } from "../tensor/helpers.js";

type M = Tensor<[2, 3], "float64">;
const m = (data: readonly number[]): M => fromArray(data, [2, 3], "float64");
const inner = (a: readonly number[], b: readonly number[]): number => a.reduce((acc, x, i) => acc + x * (b[i] ?? 0), 0);
/** pad and take return shapes their types do not track: check the shape at runtime, then type it. */
const retype = (t: Tensor<Shape, "float64">): M => {
  expect(t.shape).toEqual([2, 3]);
  return t as M; // the shape was checked on the line above
};

describe("linearTranspose", () => {
  it("of x ↦ 3x is ȳ ↦ 3ȳ", () => {
    const t = linearTranspose((x: Tensor<[2]>) => mul(x, 3), tensor([0, 0]));
    expect(values(t(tensor([1, 2]))[0])).toEqual([3, 6]);
  });
  it("of x ↦ A·x is ȳ ↦ Aᵀ·ȳ", () => {
    const a = fromArray([1, 2, 3, 4, 5, 6], [2, 3], "float64");
    const t = linearTranspose((x: Tensor<[3, 1], "float64">) => matmul(a, x), fromArray([0, 0, 0], [3, 1], "float64"));
    expect(values(t(fromArray([1, -1], [2, 1], "float64"))[0])).toEqual([-3, -3, -3]);
  });
  it("of (x, y) ↦ x − 2y is ȳ ↦ (ȳ, −2ȳ)", () => {
    const t = linearTranspose((x: Tensor<[2]>, y: Tensor<[2]>) => sub(x, mul(y, 2)), tensor([0, 0]), tensor([0, 0]));
    const [gx, gy] = t(tensor([1, 5]));
    expect(values(gx)).toEqual([1, 5]);
    expect(values(gy)).toEqual([-2, -10]);
  });
  it("an input the output does not depend on gets a zero cotangent", () => {
    const t = linearTranspose((x: Tensor<[2]>, _unused: Tensor<[3]>) => neg(x), tensor([0, 0]), tensor([0, 0, 0]));
    expect(values(t(tensor([1, 2]))[1])).toEqual([0, 0, 0]);
  });
  it("satisfies ⟨L x, y⟩ = ⟨x, Lᵀ y⟩ for a map built from the linear primitives", () => {
    const w = m([1, -2, 0.5, 3, 1, -1]);
    const mask = greater(w, 0);
    // slice, pad, gather, transpose, reshape, broadcast, reduceSum, dot, select, mul and div by
    // constants, neg, add, sub, convert
    const typed = (x: M): M => {
      const a = retype(pad(slice(x, 1, 1, 3), [[0, 0], [1, 0]]));
      const b = retype(take(x, tensor([1, 0], "int32"), 0));
      const c = reshape(transpose(x), [2, 3]);
      const d = broadcastTo(sum(x, 0), [2, 3]);
      const e = where(mask, mul(a, w), div(neg(c), 4));
      const f = matmul(fromArray([1, 0, 2, 1], [2, 2], "float64"), x);
      return cast(cast(add(sub(e, d), add(b, f)), "float32"), "float64");
    };
    const transposed = linearTranspose(typed, m([0, 0, 0, 0, 0, 0]));
    const xs = [[1, 2, 3, 4, 5, 6], [0.5, -1, 0, 2, -3, 1]];
    const ys = [[1, 0, -1, 2, 0.5, 3], [-2, 1, 1, 0, 4, -1]];
    for (const x of xs) {
      for (const y of ys) {
        const lx = values(typed(m(x)));
        const lty = values(transposed(m(y))[0]);
        expectClose([inner(lx, y)], [inner(x, lty)], 1e-6);
      }
    }
  });
});

describe("NonlinearError", () => {
  it("x ↦ x·x has linear variables in both factors", () => {
    const err = catchError(() => linearTranspose((x: Tensor<[2]>) => mul(x, x), tensor([0, 0]))(tensor([1, 2])));
    expect(err).toBeInstanceOf(NonlinearError);
    expect(err).toMatchObject({ _tag: "NonlinearError", prim: "mul", detail: "has linear variables in more than one factor" });
    expect(err.message).toBe("transpose: mul has linear variables in more than one factor; only linear programs can be transposed");
  });
  it("x ↦ eˣ uses a primitive with no transpose rule", () => {
    const err = catchError(() => linearTranspose((x: Tensor<[2]>) => exp(x), tensor([0, 0]))(tensor([1, 2])));
    expect(err).toMatchObject({ _tag: "NonlinearError", prim: "exp" });
    expect(err.message).toBe("transpose: exp is not a linear primitive; only linear programs can be transposed");
  });
  it("x ↦ 1/x is linear only in the numerator", () => {
    const err = catchError(() => linearTranspose((x: Tensor<[2]>) => div(1, x), tensor([1, 1]))(tensor([1, 2])));
    expect(err.message).toBe("transpose: div is linear only in operand 0, which is not a linear variable here; only linear programs can be transposed");
  });
});
