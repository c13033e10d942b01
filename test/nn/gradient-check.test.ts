// The gradient checker used by the nn tests must be able to fail: a derivative with a flipped
// sign, a missing factor or a wrong transpose is caught; correct ones pass.
import { describe, expect, it } from "vitest";
import * as lax from "../../src/core/lax.js";
import { customJvp, customVjp } from "../../src/ad/custom.js";
import { key } from "../../src/random/key.js";
import { normal } from "../../src/random/samplers.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { gradientCheck } from "./gradient-check.js";

const x = normal(key(3), [4, 3], { dtype: "float64" });
const exactly = (f: (x: AnyTensor) => AnyTensor) => gradientCheck(f, [x], key(9));

describe("gradientCheck", () => {
  it("passes a correct custom derivative: d sin x = cos x dx", () => {
    const good = customJvp((v: AnyTensor) => lax.sin(v), ([v], [dv]) => [lax.sin(v), lax.mul(dv, lax.cos(v))]);
    const r = exactly(good);
    expect(r.forwardError).toBeLessThan(1e-8);
    expect(r.reverseError).toBeLessThan(1e-8 * r.scale);
    expect(r.consistencyError).toBeLessThan(1e-12 * r.consistencyScale);
  });
  it("catches a flipped sign in a forward rule (d sin x = −cos x dx)", () => {
    const bad = customJvp((v: AnyTensor) => lax.sin(v), ([v], [dv]) => [lax.sin(v), lax.neg(lax.mul(dv, lax.cos(v)))]);
    expect(exactly(bad).forwardError).toBeGreaterThan(0.1);
  });
  it("passes a correct reverse rule: sin with ȳ ↦ cos x · ȳ", () => {
    const good = customVjp((v: AnyTensor) => lax.sin(v), (v: AnyTensor) => [lax.sin(v), v] as const, (v, ct) => [lax.mul(ct, lax.cos(v))]);
    const r = gradientCheck(good, [x], key(9), { forward: false });
    expect(r.reverseError).toBeLessThan(1e-8 * r.scale);
  });
  it("catches a reverse rule off by a factor (ȳ ↦ 2 cos x · ȳ)", () => {
    const bad = customVjp((v: AnyTensor) => lax.sin(v), (v: AnyTensor) => [lax.sin(v), v] as const, (v, ct) => [lax.scale(lax.mul(ct, lax.cos(v)), 2)]);
    const r = gradientCheck(bad, [x], key(9), { forward: false });
    expect(r.reverseError).toBeGreaterThan(0.1 * r.scale);
  });
});
