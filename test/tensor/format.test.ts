// toString: NumPy-like printing. The small cases are checked by hand (column widths, nested
// brackets, blank lines between blocks, dtype suffix); the large ones elide the middle of long
// axes and are snapshot-tested.
import { describe, expect, it } from "vitest";
import { arange, fromArray, scalar, tensor, zeros } from "../../src/tensor/create.js";

describe("toString", () => {
  it("prints a matrix with one shared column width, right-aligned", () => {
    // widest cell is "2.5" / "-3." (3 characters), so " 1." and " 4." are padded to 3
    expect(tensor([[1, 2.5], [-3, 4]]).toString()).toBe("tensor([[ 1., 2.5],\n        [-3.,  4.]])");
  });
  it("separates blocks of a rank-3 tensor by a blank line", () => {
    expect(fromArray([0, 1, 2, 3, 4, 5, 6, 7], [2, 2, 2]).toString()).toBe(
      "tensor([[[0., 1.],\n" +
      "         [2., 3.]],\n" +
      "\n" +
      "        [[4., 5.],\n" +
      "         [6., 7.]]])",
    );
  });
  it("names every dtype but the default float32", () => {
    expect(scalar(3).toString()).toBe("tensor(3.)");
    expect(tensor([1, 2], "float64").toString()).toBe("tensor([1., 2.], dtype=float64)");
    expect(tensor([1, -20], "int32").toString()).toBe("tensor([  1, -20], dtype=int32)");
    expect(tensor([true, false]).toString()).toBe("tensor([ true, false], dtype=bool)");
  });
  it("prints NaN and infinities as nan and ±inf, small and large magnitudes in exponent form", () => {
    expect(tensor([Number.NaN, Infinity, -Infinity]).toString()).toBe("tensor([ nan,  inf, -inf])");
    expect(tensor([1e-7, 0.5]).toString()).toBe("tensor([1.0000e-7,       0.5])");
    expect(tensor([1 / 3]).toString()).toBe("tensor([0.333333])");
    expect(tensor([1 / 3], "float64").toString()).toBe("tensor([0.33333333], dtype=float64)");
    expect(tensor([123456789.5], "float64").toString()).toBe("tensor([1.2346e+8], dtype=float64)");
  });
  it("prints empty tensors as empty brackets", () => {
    expect(zeros([0]).toString()).toBe("tensor([])");
    expect(zeros([2, 0]).toString()).toBe("tensor([[],\n        []])");
  });
  it("elides the middle of long axes once a tensor has more than 1000 elements", () => {
    expect(arange(1000).toString()).not.toContain("...");
    expect(arange(2000).toString()).toBe("tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.])");
  });
  it("elides rows and columns of a large matrix", () => {
    expect(fromArray(Array.from({ length: 2000 }, (_, i) => i), [40, 50]).toString()).toMatchInlineSnapshot(`
      "tensor([[   0.,    1.,    2., ...,   47.,   48.,   49.],
              [  50.,   51.,   52., ...,   97.,   98.,   99.],
              [ 100.,  101.,  102., ...,  147.,  148.,  149.],
              ...,
              [1850., 1851., 1852., ..., 1897., 1898., 1899.],
              [1900., 1901., 1902., ..., 1947., 1948., 1949.],
              [1950., 1951., 1952., ..., 1997., 1998., 1999.]])"
    `);
  });
  it("keeps short axes of a large tensor whole", () => {
    expect(fromArray(Array.from({ length: 1200 }, (_, i) => i % 7), [3, 400], "int32").toString()).toMatchInlineSnapshot(`
      "tensor([[0, 1, 2, ..., 5, 6, 0],
              [1, 2, 3, ..., 6, 0, 1],
              [2, 3, 4, ..., 0, 1, 2]], dtype=int32)"
    `);
  });
});
