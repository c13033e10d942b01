// TensorShapeError, checkShape, sizeOf, stridesOf, shapeToString, shapesEqual.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { checkShape, shapesEqual, shapeToString, sizeOf, stridesOf, TensorShapeError } from "../../src/shape/index.js";
import { thrown } from "./thrown.js";

describe("TensorShapeError", () => {
  test("message and fields, with a problem text", () => {
    const e = new TensorShapeError("matmul", [[2, 3], [4, 5]], "lhs dim -1 (3) to equal rhs dim -2 (4)", "inner dims differ: [2, 3] @ [4, 5]");
    expect(e.message).toBe("matmul: inner dims differ: [2, 3] @ [4, 5] (expected lhs dim -1 (3) to equal rhs dim -2 (4))");
    expect(e._tag).toBe("ShapeError");
    expect(e.name).toBe("TensorShapeError");
    expect(e.op).toBe("matmul");
    expect(e.shapes).toEqual([[2, 3], [4, 5]]);
    expect(e.expected).toBe("lhs dim -1 (3) to equal rhs dim -2 (4)");
    expect(e).toBeInstanceOf(Error);
  });
  test("without a problem text the shapes are listed", () => {
    expect(new TensorShapeError("add", [[2, 3], [4, 3]], "equal shapes").message).toBe("add: got [2, 3], [4, 3] (expected equal shapes)");
    expect(new TensorShapeError("iota", [], "a non-negative length").message).toBe("iota: invalid arguments (expected a non-negative length)");
  });
  test("keeps its own frozen copies of the shapes", () => {
    const s = [2, 3];
    const e = new TensorShapeError("op", [s], "x");
    s[0] = 99;
    expect(e.shapes).toEqual([[2, 3]]);
    expect(Object.isFrozen(e.shapes)).toBe(true);
    expect(Object.isFrozen(e.shapes[0])).toBe(true);
  });
});

describe("checkShape", () => {
  test("accepts non-negative safe integers, including 0 and the scalar shape", () => {
    expect(() => checkShape("op", [])).not.toThrow();
    expect(() => checkShape("op", [0, 1, 784, Number.MAX_SAFE_INTEGER])).not.toThrow();
  });
  test.each([
    [[3, -1], 1, "-1"],
    [[2.5], 0, "2.5"],
    [[1, 2, Number.NaN], 2, "NaN"],
    [[Number.POSITIVE_INFINITY], 0, "Infinity"],
    [[2 ** 53], 0, "9007199254740992"],
  ])("rejects %j naming dim %i", (shape, index, shown) => {
    const e = thrown(() => checkShape("reshape", shape));
    expect(e.op).toBe("reshape");
    expect(e.shapes).toEqual([shape]);
    expect(e.expected).toBe(`a non-negative safe integer, got ${shown}`);
    expect(e.message).toBe(`reshape: invalid dim ${index}: ${shapeToString(shape)} (expected a non-negative safe integer, got ${shown})`);
  });
});

describe("sizeOf and stridesOf", () => {
  test("hand-computed values", () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([64, 28, 28])).toBe(50176);
    expect(sizeOf([32, 3, 3, 64])).toBe(18432);
    expect(sizeOf([5, 0, 7])).toBe(0);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([7])).toEqual([1]);
    expect(stridesOf([])).toEqual([]);
    expect(stridesOf([2, 0, 3])).toEqual([0, 3, 1]);
  });
  test("a size beyond 2^53 - 1 is an error, not a rounded number", () => {
    const e = thrown(() => sizeOf([2 ** 27, 2 ** 27]));
    expect(e.message).toBe("sizeOf: too many elements: [134217728, 134217728] (expected at most 2^53 - 1 elements)");
  });
  test("bad dims are rejected", () => {
    expect(thrown(() => sizeOf([2, -3])).message).toBe("sizeOf: invalid dim 1: [2, -3] (expected a non-negative safe integer, got -3)");
  });
  test("property: walking every index in row-major order, offset = Σ index·stride counts 0, 1, 2, ...", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }), (shape) => {
        const strides = stridesOf(shape);
        const index = shape.map(() => 0);
        for (let expected = 0; expected < sizeOf(shape); expected++) {
          expect(index.reduce((off, i, k) => off + i * (strides[k] ?? Number.NaN), 0)).toBe(expected);
          // odometer step: the last axis turns fastest
          for (let k = shape.length - 1; k >= 0; k--) {
            index[k] = (index[k] ?? 0) + 1;
            if (index[k] !== shape[k]) break;
            index[k] = 0;
          }
        }
      }),
    );
  });
});

describe("shapeToString and shapesEqual", () => {
  test("text", () => {
    expect(shapeToString([64, 28, 28])).toBe("[64, 28, 28]");
    expect(shapeToString([])).toBe("[]");
  });
  test("equality needs the same rank and dims", () => {
    expect(shapesEqual([2, 3], [2, 3])).toBe(true);
    expect(shapesEqual([], [])).toBe(true);
    expect(shapesEqual([2, 3], [3, 2])).toBe(false);
    expect(shapesEqual([2, 3], [2, 3, 1])).toBe(false);
    expect(shapesEqual([2, 3, 1], [2, 3])).toBe(false);
  });
});
