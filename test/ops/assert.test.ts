// assertShape and assertDType at runtime: the tensor passes through unchanged when it fits, and a
// mismatch is one error naming assertShape (or assertDType), the axis, and both shapes.
import { describe, expect, it } from "vitest";
import { assertDType, assertShape, DTypeError, TensorShapeError, zeros, type Shape, type Tensor } from "../../src/index.js";
import { thrown } from "../shape/thrown.js";

const x: Tensor<Shape> = zeros([3, 5, 16]);

describe("assertShape", () => {
  it("returns the very tensor when every dim fits; -1 accepts any size", () => {
    expect(assertShape(x, [3, 5, 16])).toBe(x);
    expect(assertShape(x, [-1, 5, 16])).toBe(x);
    expect(assertShape(x, [3, -1, 16]).shape).toEqual([3, 5, 16]);
    expect(assertShape(zeros([]), []).shape).toEqual([]);
    expect(assertShape(zeros([0, 2]), [0, -1]).shape).toEqual([0, 2]);
  });

  it("a wrong dim: the axis, the actual and the expected shapes", () => {
    const e = thrown(() => assertShape(x, [3, -1, 8]));
    expect(e).toBeInstanceOf(TensorShapeError);
    expect(e.message).toBe("assertShape: dim 2 is 16 in [3, 5, 16], not 8 (expected [3, -1, 8], -1 for any size)");
    expect(thrown(() => assertShape(x, [4, 5, 16])).message).toBe("assertShape: dim 0 is 3 in [3, 5, 16], not 4 (expected [4, 5, 16])");
  });

  it("a wrong rank", () => {
    expect(thrown(() => assertShape(x, [15, 16])).message).toBe("assertShape: rank 3 in [3, 5, 16] (expected rank 2: [15, 16])");
    expect(thrown(() => assertShape(zeros([2]), [])).message).toBe("assertShape: rank 1 in [2] (expected rank 0: [])");
  });

  it("an expected dim that no tensor can have, or a second -1", () => {
    expect(thrown(() => assertShape(x, [3, -2, 16])).message)
      .toBe("assertShape: invalid expected dim 1: -2 in [3, -2, 16] (expected each dim a non-negative integer, or -1 for any size)");
    expect(thrown(() => assertShape(x, [3, 2.5, 16])).message).toMatch(/^assertShape: invalid expected dim 1: 2.5 /);
    expect(thrown(() => assertShape(x, [-1, -1, 16])).message).toMatch(/^assertShape: more than one -1 in \[-1, -1, 16\] \(expected at most one -1/);
  });

  it("checks inside a generic function, with dims taken from another tensor", () => {
    const pair = <B extends number>(a: Tensor<[B, 4]>, b: Tensor<Shape>) => assertShape(b, [a.shape[0], 4]);
    expect(pair(zeros([7, 4]), zeros([7, 4])).shape).toEqual([7, 4]);
    expect(thrown(() => pair(zeros([7, 4]), zeros([6, 4]))).message).toBe("assertShape: dim 0 is 6 in [6, 4], not 7 (expected [7, 4])");
  });
});

describe("assertDType", () => {
  it("returns the tensor when the dtype fits, and names both dtypes otherwise", () => {
    const ids: Tensor<Shape, "int32" | "float32"> = zeros([2], "int32");
    expect(assertDType(ids, "int32")).toBe(ids);
    expect(() => assertDType(ids, "float64")).toThrow(new DTypeError("assertDType", ["int32"], "float64"));
    expect(() => assertDType(ids, "float64")).toThrow(/^assertDType: got dtype int32, expected float64$/);
  });
});
