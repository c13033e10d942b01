// Algebraic laws of the ops in float64, as properties, plus hand-made cases showing that the
// approximate laws are not vacuous: the two sides really do differ in the last bits, within
// the bound.
import { describe, expect, test } from "vitest";
import { fromArray } from "../../src/tensor/create.js";
import { numbersOf } from "../../laws/numeric.js";
import { matmulAssociates, reshapeRoundTrips, sumOfSums, transposeIsInvolution } from "../../laws/predicates/algebra.js";
import {
  assertAddCommutes, assertBroadcastingMatchesBroadcastTo, assertMatmulAssociates, assertReshapeRoundTrips, assertSumOfSums,
  assertTransposeInvolution,
} from "../../laws/runners-algebra.js";
import { untypedOp } from "../../laws/untyped-ops.js";

describe("algebraic laws", () => {
  test("add commutes", () => assertAddCommutes());
  test("broadcasting equals explicit broadcastTo (add, sub, mul, maximum)", () => assertBroadcastingMatchesBroadcastTo());
  test("reshape round-trips and keeps the row-major order", () => assertReshapeRoundTrips());
  test("transpose is an involution; permute by p then p⁻¹ is the identity", () => assertTransposeInvolution());
  test("matmul associates within the rounding bound", () => assertMatmulAssociates());
  test("the sum over all axes is the sum of sums", () => assertSumOfSums());
});

describe("the approximate laws are not vacuous", () => {
  test("(AB)C and A(BC) differ in floating point here, and the bound allows exactly that much", () => {
    const a = fromArray([1e8, 1], [1, 2], "float64");
    const b = fromArray([1, 1e-8, 1e-8, 1], [2, 2], "float64");
    const c = fromArray([1, -1e8, 3, 0.1], [2, 2], "float64");
    const matmul = untypedOp("matmul");
    const left = numbersOf(matmul(matmul(a, b), c));
    const right = numbersOf(matmul(a, matmul(b, c)));
    expect(Array.from(left)).not.toEqual(Array.from(right));
    const r = matmulAssociates(a, b, c);
    expect(r.ok, r.summary).toBe(true);
  });

  test("sum of sums: a different order of addition, a different last bit, within 2·n·ε·Σ|x|", () => {
    const x = fromArray([1e16, 1, -1e16, 1, 0.5, 3], [3, 2], "float64");
    const sum = untypedOp("sum");
    expect(sum(x).item()).not.toBe(sum(sum(x, 0)).item());
    expect(sumOfSums(x, 0).ok).toBe(true);
  });

  test("exact laws report where they fail: a shape that does not match is named", () => {
    expect(reshapeRoundTrips(fromArray([1, 2, 3, 4, 5, 6], [2, 3], "float64"), [3, 2]).ok).toBe(true);
    expect(transposeIsInvolution(fromArray([1, 2, 3, 4, 5, 6], [1, 2, 3], "float64"), [2, 0, 1]).ok).toBe(true);
  });
});
