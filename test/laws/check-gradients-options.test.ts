// checkGradients' options: which inputs and outputs take part (by tree path), the name from the
// function itself, the input paths a failure names, and one-sided checks at declared kinks.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as lax from "../../src/core/lax.js";
import { customJvp } from "../../src/ad/custom.js";
import * as nn from "../../src/nn/index.js";
import { key } from "../../src/random/key.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import { fromArray } from "../../src/tensor/create.js";
import { awayFromKinks, tensorOf } from "../../laws/arbitraries.js";
import { checkGradients, GradientCheckError, GradientCheckUsageError } from "../../laws/check-gradients.js";
import { gradientError, thrown } from "./thrown.js";

// A fixed seed keeps the runs deterministic.
fc.configureGlobal({ seed: 424242 });

const record = <R extends Record<string, unknown>>(model: { [K in keyof R]: fc.Arbitrary<R[K]> }) => fc.record(model, { noNullPrototype: true });

// x ↦ x·|x| with an extra term in its rule: d = (2|x| + 1)·dx (should be 2|x|·dx).
const wrongSquareSign = customJvp((x: AnyTensor) => lax.mul(x, abs(x)), ([x], [dx]) => [lax.mul(x, abs(x)), lax.add(lax.mul(lax.scale(abs(x), 2), dx), dx)] as const);
function abs(x: AnyTensor): AnyTensor {
  return lax.max(x, lax.neg(x));
}

describe("inputs and outputs by tree path", () => {
  const arbitrary = record({ params: record({ w: tensorOf([3]), b: tensorOf([3]) }), x: tensorOf([3]) });

  test("a wrong derivative is named by the path of the input it is wrong for", () => {
    function layer({ params, x }: { params: { w: AnyTensor; b: AnyTensor }; x: AnyTensor }): AnyTensor {
      return lax.add(lax.mul(params.w, x), wrongSquareSign(params.b));
    }
    const e = gradientError(() => checkGradients(layer, arbitrary, { numRuns: 30 }));
    expect(e.paths).toEqual(["params.b"]);
    expect(e.message).toContain("wrong derivative with respect to: params.b");
  });

  test("inputs: only the selected leaves are differentiated, so a wrong rule elsewhere is not looked at", () => {
    const layer = ({ params, x }: { params: { w: AnyTensor; b: AnyTensor }; x: AnyTensor }): AnyTensor =>
      lax.add(lax.mul(params.w, x), wrongSquareSign(params.b));
    checkGradients(layer, arbitrary, { numRuns: 30, inputs: ["params.w", "x"] });
    const e = gradientError(() => checkGradients(layer, arbitrary, { numRuns: 30, inputs: ["params"] }));
    expect(e.paths).toEqual(["params.b"]);
  });

  test("outputs: an output without a derivative by design (running statistics) can be left out", () => {
    const bn = nn.batchNorm(3, { dtype: "float64" });
    const params = bn.init(key(0));
    // Rows 3 apart keep the batch variance away from 0.
    const spread = tensorOf([2, 3]).map((t) => fromArray(Array.from(t.toArray(), (v, i) => v + 3 * Math.floor(i / 3)), [2, 3], "float64"));
    const train = (x: Tensor<[2, 3], "float64">) => {
      const [y, state] = bn.apply(params, x, { state: bn.initState(), train: true });
      return { y, state };
    };
    const e = gradientError(() => checkGradients(train, spread, { numRuns: 10 }));
    expect(e.law).toBe("jvp matches finite differences");
    checkGradients(train, spread, { numRuns: 10, outputs: ["y"] });
  });

  test("a path that selects nothing is a usage error listing the paths there are", () => {
    const e = thrown(() => checkGradients(({ x }: { x: AnyTensor }) => x, record({ x: tensorOf([2]) }), { inputs: ["params"], name: "id" }));
    expect(e).toBeInstanceOf(GradientCheckUsageError);
    expect(String(e)).toContain(`checkGradients(id): input path "params" selects no leaf; the input leaves are "x"`);
    const o = thrown(() => checkGradients((x: AnyTensor) => ({ y: x }), tensorOf([2]), { outputs: ["state"], name: "id" }));
    expect(String(o)).toContain(`checkGradients(id): output path "state" selects no leaf; the output leaves are "y"`);
  });
});

describe("the name in reports", () => {
  test("a named function is reported by its name, an anonymous one by its source", () => {
    function sinWithWrongRule(x: AnyTensor): AnyTensor {
      return wrongSquareSign(x);
    }
    expect(gradientError(() => checkGradients(sinWithWrongRule, tensorOf([2]))).message).toMatch(/^checkGradients\(sinWithWrongRule\): /);
    expect(gradientError(() => checkGradients((x: AnyTensor) => wrongSquareSign(x), tensorOf([2]))).message)
      .toMatch(/^checkGradients\(\(x\) => wrongSquareSign\(x\)\): /);
  });
});

describe("one-sided checks at declared kinks", () => {
  const atKinks = fc.array(fc.constantFrom(0, 0.5, -1, 1e-9), { minLength: 4, maxLength: 4 }).map((vs) => fromArray(vs, [4], "float64"));

  test("relu and abs at 0: central differences straddle the kink and fail; with kinks: [0] they pass", () => {
    const relu = (x: AnyTensor) => nn.relu(x);
    const e = gradientError(() => checkGradients(relu, atKinks, { numRuns: 50 }));
    expect(e.law).toBe("jvp matches finite differences");
    checkGradients(relu, atKinks, { numRuns: 50, kinks: [0] });
    checkGradients((x: AnyTensor) => abs(x), atKinks, { numRuns: 50, kinks: [0] });
  });

  test("a wrong rule is still caught at a kink, by the one-sided law", () => {
    // relu with a rule that gives dx where x < 0 and 0 where x > 0: wrong on both sides.
    const backwardsRelu = customJvp((x: AnyTensor) => nn.relu(x), ([x], [dx]) => [nn.relu(x), lax.select(lax.compare("lt", x, lax.zerosLike(x)), dx, lax.zerosLike(dx))] as const);
    const e = gradientError(() => checkGradients((x: AnyTensor) => backwardsRelu(x), atKinks, { numRuns: 50, kinks: [0] }));
    expect(e.law).toBe("jvp lies between the one-sided differences");
    expect(e.message).toContain("nearest one-sided difference");
    expect(e.difference).toBeGreaterThan(100 * e.tolerance);
  });

  test("away from the kinks the central law runs as before", () => {
    checkGradients((x: AnyTensor) => nn.relu(x), awayFromKinks("relu", [3, 2]), { numRuns: 30, kinks: [0] });
  });

  test("kinks need forward mode", () => {
    const e = thrown(() => checkGradients((x: AnyTensor) => nn.relu(x), atKinks, { kinks: [0], modes: ["reverse"], name: "relu" }));
    expect(String(e)).toContain(`checkGradients(relu): kinks are checked with one-sided differences of jvp, which needs the "forward" mode`);
  });
});
