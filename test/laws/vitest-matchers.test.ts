// The vitest matchers of tygrad/laws/vitest: they pass on correct derivatives, fail with the
// laws' own report as the message, work under .not, and throw misuse as it is.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import "../../laws/vitest.js";
import * as lax from "../../src/core/lax.js";
import { customJvp } from "../../src/ad/custom.js";
import { makeLayer } from "../../src/nn/layer.js";
import * as nn from "../../src/nn/index.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import * as A from "../../laws/arbitraries.js";

// A fixed seed keeps the runs deterministic.
fc.configureGlobal({ seed: 424242 });

// cos with an extra term in its rule: d cos x = (1 − sin x) · dx
const wrongCos = customJvp((x: AnyTensor) => lax.cos(x), ([x], [dx]) => [lax.cos(x), lax.sub(dx, lax.mul(lax.sin(x), dx))] as const);
const wrongCosLayer = makeLayer({
  name: "wrongCos", stateful: false, traits: { trainingDiffers: false }, init: () => null, initState: () => null,
  run: (_p, state, x) => [wrongCos(x), state],
});

const message = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error("expected the expectation to fail");
};

describe("toHaveCorrectGradients", () => {
  it("passes for a correct function, typed by the arbitrary", () => {
    const smooth = (x: Tensor<[4, 3], "float64">) => nn.gelu(x);
    expect(smooth).toHaveCorrectGradients(A.tensorOf([4, 3]), { numRuns: 20 });
  });

  it("fails with the laws' report as the message", () => {
    function cosine(x: AnyTensor): AnyTensor {
      return wrongCos(x);
    }
    const m = message(() => expect(cosine).toHaveCorrectGradients(A.tensorOf([2]), { numRuns: 20 }));
    expect(m).toMatch(/^checkGradients\(cosine\): jvp matches finite differences fails/);
    expect(m).toContain("input: float64[2]");
    expect(m).toContain("analytic (jvp) =");
    expect(m).toContain("replay with checkGradients(f, arbitrary, { seed:");
  });

  it("works under .not", () => {
    expect((x: AnyTensor) => wrongCos(x)).not.toHaveCorrectGradients(A.tensorOf([2]), { numRuns: 20 });
    const m = message(() => expect(function sine(x: AnyTensor) { return lax.sin(x); }).not.toHaveCorrectGradients(A.tensorOf([2]), { numRuns: 5 }));
    expect(m).toBe("expected sine not to have correct gradients, but every law held");
  });

  it("names a value that is not a function, and throws misuse (a float32 input) as it is", () => {
    // @ts-expect-error -- a number has no gradients to check: the arbitrary's type is never
    expect(message(() => expect(3).toHaveCorrectGradients(fc.constant(0)))).toBe("toHaveCorrectGradients: expected a function of the input, got number");
    expect(message(() => expect((x: AnyTensor) => x).not.toHaveCorrectGradients(A.tensorOf([2], A.interval(-1, 1), "float32"))))
      .toContain("finite differences need float64 inputs");
  });
});

describe("toPassLayerLaws", () => {
  it("passes for nn's layers", () => {
    expect(nn.dense(4, 3, { dtype: "float64" })).toPassLayerLaws({ inputShape: [3, 4] });
    expect(nn.dropout(0.25)).toPassLayerLaws({ inputShape: [2, 5] });
  });

  it("fails with checkLayer's report naming the layer, the mode and the path", () => {
    const m = message(() => expect(wrongCosLayer).toPassLayerLaws({ inputShape: [2, 3] }));
    expect(m.split("\n")[0]).toBe("checkLayer(wrongCos): wrong derivative in eval mode with respect to x");
    expect(wrongCosLayer).not.toPassLayerLaws({ inputShape: [2, 3] });
  });

  it("names a value that is not a layer", () => {
    // @ts-expect-error -- not a layer: the options' type is never
    expect(message(() => expect({ name: "nope" }).toPassLayerLaws({ inputShape: [1] }))).toBe("toPassLayerLaws: expected a layer (with init and run), got object");
  });
});
