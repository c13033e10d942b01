// checkGradients as a user meets it: a correct layer passes, a wrong custom rule is reported
// with the input, the direction, the analytic and numeric values, the tolerance and a seed and
// path that replay the failure; misuse is named as such.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as lax from "../../src/core/lax.js";
import { customJvp, customVjp } from "../../src/ad/custom.js";
import { fromArray } from "../../src/tensor/create.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { int32Tensor, interval, tensorOf } from "../../laws/arbitraries.js";
import { checkGradients, GradientCheckError, GradientCheckUsageError } from "../../laws/check-gradients.js";
import { gradientError, thrown } from "./thrown.js";


const half = fromArray([0.5], [1], "float64");

// sin with a wrong forward rule: d sin x = sin x · dx (should be cos x · dx)
const wrongSin = customJvp((x: AnyTensor) => lax.sin(x), ([x], [dx]) => [lax.sin(x ?? half), lax.mul(dx ?? half, lax.sin(x ?? half))] as const);

describe("checkGradients", () => {
  test("a correct layer passes: a parameter record with float64 weights and fixed int32 labels", () => {
    const layer = ({ w, b, x, labels }: { w: AnyTensor; b: AnyTensor; x: AnyTensor; labels: AnyTensor }): AnyTensor => {
      const h = lax.tanh(lax.add(lax.dot(x, w), lax.broadcast(b, [4, 2])));
      const picked = lax.convert(lax.compare("eq", lax.broadcast(lax.reshape(labels, [4, 1]), [4, 2]), lax.iota([4, 2], 1, "int32")), "float64");
      return lax.reduceSum(lax.mul(h, picked), [0, 1]);
    };
    const inputs = fc.record({ w: tensorOf([3, 2]), b: tensorOf([2]), x: tensorOf([4, 3]), labels: int32Tensor([4], 0, 1) });
    checkGradients(layer, inputs);
  });

  test("a wrong customJvp is reported with the input, direction, analytic and numeric values, tolerance, seed and path", () => {
    const e = gradientError(() => checkGradients((x: AnyTensor) => wrongSin(x), fc.constant(half), { name: "wrongSin" }));
    expect(e.law).toBe("jvp matches finite differences");
    expect(e.input).toBe("float64[1] [0.5]");
    expect(e.direction).toMatch(/^float64\[1\] \[-?1\]$/);
    // the direction is ±1: jvp gives ±sin(0.5), finite differences ±cos(0.5)
    expect(Math.abs(e.analytic)).toBeCloseTo(Math.sin(0.5), 14);
    expect(Math.abs(e.numeric)).toBeCloseTo(Math.cos(0.5), 8);
    expect(Math.sign(e.analytic)).toBe(Math.sign(e.numeric));
    expect(e.difference).toBeCloseTo(Math.abs(e.analytic - e.numeric), 12);
    expect(e.difference).toBeGreaterThan(e.tolerance);
    expect(e.tolerance).toBeLessThan(1e-5);
    expect(Number.isInteger(e.seed)).toBe(true);
    for (const part of ["checkGradients(wrongSin): jvp matches finite differences fails", "input: float64[1] [0.5]", "direction u:",
      "analytic (jvp) =", "numeric (finite difference) =", "> tolerance", `seed: ${e.seed}`, `path: "${e.path}"`]) {
      expect(e.message).toContain(part);
    }
  });

  test("the reported seed and path replay the same failure", () => {
    const arbitrary = fc.record({ x: tensorOf([3], interval(-2, 2)) });
    const f = ({ x }: { x: AnyTensor }) => wrongSin(x);
    const first = gradientError(() => checkGradients(f, arbitrary));
    const replay = gradientError(() => checkGradients(f, arbitrary, { seed: first.seed, path: first.path }));
    expect(replay.input).toBe(first.input);
    expect(replay.direction).toBe(first.direction);
    expect(replay.analytic).toBe(first.analytic);
  });

  test("a wrong customVjp is caught by the reverse-mode check against finite differences", () => {
    // d(x²) backwards as −2x·ȳ: the sign is wrong
    const wrongSquare = customVjp((x: AnyTensor) => lax.mul(x, x), (x: AnyTensor) => [lax.mul(x, x), x] as const,
      (x, ct) => [lax.neg(lax.mul(lax.scale(x, 2), ct))]);
    const e = gradientError(() => checkGradients((x: AnyTensor) => wrongSquare(x), tensorOf([2], interval(0.5, 2)), { modes: ["reverse"] }));
    expect(e.law).toBe("vjp matches finite differences");
    expect(e.cotangent).not.toBe("");
    expect(e.analytic).toBeCloseTo(-e.numeric, 6);
    expect(e.message).toContain("analytic ⟨u, vjp(v)⟩ =");
  });

  test("a correct customVjp passes in reverse mode; in the default modes its missing forward mode is named", () => {
    const square = customVjp((x: AnyTensor) => lax.mul(x, x), (x: AnyTensor) => [lax.mul(x, x), x] as const,
      (x, ct) => [lax.mul(lax.scale(x, 2), ct)]);
    checkGradients((x: AnyTensor) => square(x), tensorOf([2]), { modes: ["reverse"] });
    const e = thrown(() => checkGradients((x: AnyTensor) => square(x), tensorOf([2])));
    expect(e).toBeInstanceOf(GradientCheckUsageError);
    expect(String(e)).toContain('check it with { modes: ["reverse"] }');
  });

  test("float32 inputs are refused with a reason, and so is an input with nothing to differentiate", () => {
    const e = thrown(() => checkGradients((x: AnyTensor) => lax.sin(x), tensorOf([2], interval(-1, 1), "float32"), { name: "sin32" }));
    expect(e).toBeInstanceOf(GradientCheckUsageError);
    expect(String(e)).toContain('checkGradients(sin32): input leaf 0 is float32[2]; finite differences need float64 inputs');
    const ints = thrown(() => checkGradients((x: AnyTensor) => x, int32Tensor([2], 0, 3), { name: "ints" }));
    expect(String(ints)).toContain("checkGradients(ints): the input has no float64 leaves to differentiate");
  });
});
