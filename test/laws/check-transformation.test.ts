// checkTransformation on a user's own gradient transformations: correct ones pass (hand-written
// and the library's), and each broken one fails on the law it breaks, named in the report.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as lax from "../../src/core/lax.js";
import { adam, addDecayedWeights, chain, sgd, type GradientTransformation, type StateFamily } from "../../src/optim/index.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { flatten, map, unflatten } from "../../src/tree/tree.js";
import { checkTransformation, TransformationLawError } from "../../laws/optim/check-transformation.js";

// A fixed seed keeps the runs deterministic.
fc.configureGlobal({ seed: 424242 });

type T = GradientTransformation<StateFamily>;

const lawError = (t: T, options = {}): TransformationLawError => {
  try {
    checkTransformation(t, { numRuns: 15, ...options });
  } catch (e) {
    if (e instanceof TransformationLawError) return e;
    throw e;
  }
  throw new Error("expected a TransformationLawError");
};

/** Sign descent with momentum, as a user writes one: m ← βm + g, u = −η·sign(m). */
const signMomentum = (lr: number, beta: number): T => ({
  init: (params) => ({ m: map(params, (p) => lax.zerosLike(p)) }),
  update: (grads, state) => {
    const [m] = flatten((state as { m: unknown }).m); // init's own state: { m: a tree like the params }
    const [g, def] = flatten(grads);
    const next = m.map((mi, i) => lax.add(lax.scale(mi, beta), g[i] ?? mi));
    const sign = (x: AnyTensor) => lax.sub(lax.convert(lax.compare("gt", x, lax.zerosLike(x)), x.dtype), lax.convert(lax.compare("lt", x, lax.zerosLike(x)), x.dtype));
    return [map(grads, (_, i) => lax.scale(sign(next[i] ?? lax.zerosLike(_)), -lr)), { m: unflatten(def, next) }];
  },
});

describe("checkTransformation passes", () => {
  it("a hand-written sign descent with momentum", () => checkTransformation(signMomentum(0.1, 0.9), { name: "signMomentum", numRuns: 15 }));
  it("the library's sgd with momentum and adam", () => {
    checkTransformation(sgd(0.1, { momentum: 0.9 }), { numRuns: 15 });
    checkTransformation(adam(1e-3), { numRuns: 15 });
  });
  it("weight decay, with the fixed-point law turned off (it moves the parameters without a gradient)", () => {
    checkTransformation(chain(addDecayedWeights(0.1), sgd(0.1)), { fixedPointAtZero: false, numRuns: 15 });
    expect(lawError(chain(addDecayedWeights(0.1), sgd(0.1))).law).toBe("a zero gradient is a fixed point: the parameters do not move");
  });
});

describe("checkTransformation catches", () => {
  it("a state mutated in place (update writes into the record it was given)", () => {
    const counting: T = {
      init: () => ({ count: lax.full([], 0, "float64") }),
      update: (grads, state) => {
        const s = state as { count: AnyTensor }; // init's own state
        s.count = lax.add(s.count, lax.full([], 1, "float64"));
        return [grads, { count: s.count }];
      },
    };
    const e = lawError(counting);
    expect(e.law).toBe("update is pure: its arguments unchanged, the same results for the same arguments");
    expect(e.message).toMatch(/^checkTransformation\(transformation\): update is pure: .* fails\n  params: /);
    expect(e.message).toContain(`replay with checkTransformation(t, { seed: ${e.seed}, path: "${e.path}" })`);
  });

  it("randomness of its own (noise not drawn from a key it is given)", () => {
    const noisy: T = { init: () => ({}), update: (grads) => [map(grads, (g) => lax.add(g, lax.fullLike(g, Math.random()))), {}] };
    expect(lawError(noisy, { fixedPointAtZero: false }).law).toBe("update is pure: its arguments unchanged, the same results for the same arguments");
  });

  it("a state that grows from step to step", () => {
    const history: T = {
      init: () => ({ seen: [] as AnyTensor[] }),
      update: (grads, state) => [grads, { seen: [...(state as { seen: AnyTensor[] }).seen, lax.full([], 1, "float64")] }],
    };
    expect(lawError(history).law).toBe("state keeps init's structure, leaf shapes and dtypes");
  });

  it("updates of another dtype than the gradients", () => {
    // (built leaf by leaf: tree.map itself refuses to change a leaf's dtype)
    const to32: T = {
      init: () => ({}),
      update: (grads) => {
        const [g, def] = flatten(grads);
        return [unflatten(def, g.map((x) => lax.convert(x, "float32"))) as typeof grads, {}]; // grads' structure, float32 leaves: the bug under test
      },
    };
    expect(lawError(to32).law).toBe("updates have the gradients' structure, leaf shapes and dtypes");
  });

  it("parameters that move without a gradient (a constant step)", () => {
    const drift: T = { init: () => ({}), update: (grads) => [map(grads, (g) => lax.add(g, lax.fullLike(g, 0.01))), {}] };
    expect(lawError(drift).law).toBe("a zero gradient is a fixed point: the parameters do not move");
  });
});
