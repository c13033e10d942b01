// refineShape and ShapeCodec: the boundary from untyped shapes to typed ones.
import { describe, expect, test } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { PathReporter } from "io-ts/lib/PathReporter.js";
import { refineShape, ShapeCodec } from "../../src/shape/index.js";

/** The error message of a Left (fails the test on a Right). */
const messageOf = <A>(r: E.Either<{ readonly message: string }, A>): string => {
  if (E.isRight(r)) throw new Error(`expected a refinement error, got ${JSON.stringify(r.right)}`);
  return r.left.message;
};

describe("refineShape", () => {
  test("a fitting shape comes back as a frozen copy", () => {
    const input = [32, 784];
    const r = refineShape(input, ["batch", 784]);
    expect(r).toEqual(E.right([32, 784]));
    if (E.isRight(r)) {
      expect(r.right).not.toBe(input);
      expect(Object.isFrozen(r.right)).toBe(true);
    }
    expect(refineShape([3, 5], [null, null])).toEqual(E.right([3, 5]));
    expect(refineShape([], [])).toEqual(E.right([]));
    expect(refineShape([4, 3, 4], ["n", 3, "n"])).toEqual(E.right([4, 3, 4]));
  });
  test("a literal that does not match", () => {
    expect(messageOf(refineShape([3, 783], [null, 784]))).toBe("dim 1 is 783 in [3, 783], expected 784");
    const r = refineShape([3, 783], [null, 784]);
    expect(E.isLeft(r) && r.left).toEqual({
      _tag: "ShapeRefineError", shape: [3, 783], spec: [null, 784], dim: 1, message: "dim 1 is 783 in [3, 783], expected 784",
    });
  });
  test("a name bound to two sizes", () => {
    expect(messageOf(refineShape([4, 5], ["batch", "batch"]))).toBe('dim 1 ("batch") is 5 in [4, 5], but "batch" was already bound to 4');
    const r = refineShape([4, 5], ["batch", "batch"]);
    expect(E.isLeft(r) && r.left.dim).toBe(1);
  });
  test("a different rank", () => {
    const r = refineShape([3, 28, 28], ["batch", 784]);
    expect(messageOf(r)).toBe('rank is 3 in [3, 28, 28], expected 2 (spec ["batch", 784])');
    expect(E.isLeft(r) && r.left.dim).toBe(undefined);
  });
  test("a dim that is not a non-negative integer", () => {
    expect(messageOf(refineShape([3, -1], [null, null]))).toBe("dim 1 is -1 in [3, -1], expected a non-negative integer");
    expect(messageOf(refineShape([2.5], [null]))).toBe("dim 0 is 2.5 in [2.5], expected a non-negative integer");
    expect(messageOf(refineShape([Number.NaN], [null]))).toBe("dim 0 is NaN in [NaN], expected a non-negative integer");
  });
  test("the first misfit is the one reported", () => {
    expect(messageOf(refineShape([1, 2, 3], [1, 5, 6]))).toBe("dim 1 is 2 in [1, 2, 3], expected 5");
  });
});

describe("ShapeCodec", () => {
  const codec = ShapeCodec(["batch", 784]);
  test("name", () => {
    expect(codec.name).toBe('Shape["batch", 784]');
    expect(ShapeCodec([null, 3]).name).toBe("Shape[null, 3]");
  });
  test("decodes a fitting shape", () => {
    expect(codec.decode([32, 784])).toEqual(E.right([32, 784]));
  });
  test("reports refineShape's message", () => {
    expect(PathReporter.report(codec.decode([3, 783]))).toEqual(["dim 1 is 783 in [3, 783], expected 784"]);
  });
  test.each([
    ["abc", 'expected a shape (an array of numbers), got "abc"'],
    [[1, "2"], 'expected a shape (an array of numbers), got [1,"2"]'],
    [undefined, "expected a shape (an array of numbers), got undefined"],
    [{ shape: [1] }, 'expected a shape (an array of numbers), got {"shape":[1]}'],
  ])("rejects %j", (input, message) => {
    expect(PathReporter.report(codec.decode(input))).toEqual([message]);
  });
  test("is and encode", () => {
    expect(codec.is([32, 784])).toBe(true);
    expect(codec.is([32, 783])).toBe(false);
    expect(codec.is("x")).toBe(false);
    const decoded = codec.decode([5, 784]);
    if (E.isLeft(decoded)) throw new Error("expected to decode");
    const encoded = codec.encode(decoded.right);
    expect(encoded).toEqual([5, 784]);
    expect(codec.decode(encoded)).toEqual(decoded);
  });
});
