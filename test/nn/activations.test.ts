// Activations: values against closed forms and independent formulas, stability for huge
// inputs, and derivatives against finite differences (gradient-check.ts) in float64.
import { describe, expect, it } from "vitest";
import { grad, jvp } from "../../src/ad/api.js";
import { elu, gelu, leakyRelu, logSoftmax, relu, sigmoid, softmax, softplus, tanh } from "../../src/nn/activations.js";
import { sum } from "../../src/ops/reduce.js";
import { fold, key } from "../../src/random/key.js";
import { normalCdf } from "../../src/random/gaussian.js";
import { fromArray, tensor } from "../../src/tensor/create.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import { expectGradientsMatch, forSeeds, gradientCheck } from "./gradient-check.js";
import { awayFromZero, gaussian64 } from "./inputs.js";

const at = (values: readonly number[]): Tensor<[number], "float64"> => fromArray(values, [values.length], "float64");
const values = (t: AnyTensor): number[] => Array.from(t.toArray());

describe("activation values", () => {
  it("relu, leakyRelu and elu follow their piecewise definitions", () => {
    const x = at([-2, -0.5, 0.5, 3]);
    expect(values(relu(x))).toEqual([0, 0, 0.5, 3]);
    expect(values(leakyRelu(x, 0.1))).toEqual([-0.2, -0.05, 0.5, 3]);
    expect(values(leakyRelu(x))).toEqual([-0.02, -0.005, 0.5, 3]);
    const e = values(elu(x, 2));
    expect(e[0]).toBeCloseTo(2 * (Math.exp(-2) - 1), 14);
    expect(e[1]).toBeCloseTo(2 * (Math.exp(-0.5) - 1), 14);
    expect(e.slice(2)).toEqual([0.5, 3]);
  });
  it("elu does not overflow on its unused branch", () => {
    expect(values(elu(at([800])))).toEqual([800]);
    expect(values(grad((x: Tensor<[number], "float64">) => sum(elu(x)))(at([800, -800])))).toEqual([1, 0]);
  });
  it("gelu is ½x(1 + tanh(√(2/π)(x + 0.044715x³))) and within 5e-4 of x·Φ(x)", () => {
    const xs = [-4, -1.5, -0.3, 0, 0.7, 2, 5];
    const g = values(gelu(at(xs)));
    xs.forEach((x, i) => {
      const tanhForm = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
      expect(g[i]).toBeCloseTo(tanhForm, 14);
      expect(Math.abs((g[i] ?? 0) - x * normalCdf(x))).toBeLessThan(5e-4);
    });
  });
  // [x, x·Φ(x), Φ(x) + x·φ(x)] from 50-digit mpmath (x * ncdf(x), ncdf(x) + x * npdf(x)).
  const EXACT_GELU: readonly (readonly [number, number, number])[] = [
    [-30, -1.472014178144456e-196, -4.416031690708495e-195],
    [-10, -7.619853024160526e-23, -7.618400096464814e-22],
    [-3, -0.0040496940948902835, -0.011945647204183927],
    [-1, -0.15865525393145705, -0.0833154705876863],
    [-0.5, -0.15426876936299344, 0.13250487534383715],
    [0.25, 0.14967658142073093, 0.695373354883636],
    [1, 0.8413447460685429, 1.0833154705876864],
    [2.5, 2.4844758366855597, 1.037611085908145],
    [10, 10, 1],
  ];
  const relativeErrors = (got: readonly number[], want: readonly number[]): number[] =>
    want.map((w, i) => Math.abs((got[i] ?? Number.NaN) - w) / Math.abs(w));
  it("gelu(x, { approximate: \"none\" }) is x·Φ(x), to relative precision even at gelu(−30) ≈ −1.5e-196", () => {
    const g = values(gelu(at(EXACT_GELU.map(([x]) => x)), { approximate: "none" }));
    // x/√2 is rounded, and erfc(z) has relative condition number ≈ 2z², so the left tail gets ~x² ulp
    relativeErrors(g, EXACT_GELU.map(([, v]) => v)).forEach((e, i) => expect(e, `x = ${EXACT_GELU[i]?.[0]}`).toBeLessThanOrEqual(1e-13));
    expect(values(gelu(at([0, Infinity]), { approximate: "none" }))).toEqual([0, Infinity]);
  });
  it("exact gelu' = Φ(x) + x·φ(x), from erfc's exact rule", () => {
    const xs = EXACT_GELU.map(([x]) => x);
    const [, tangent] = jvp((x: Tensor<[number], "float64">) => gelu(x, { approximate: "none" }), [at(xs)], [at(xs.map(() => 1))]);
    relativeErrors(values(tangent), EXACT_GELU.map(([, , d]) => d)).forEach((e, i) => expect(e, `x = ${xs[i]}`).toBeLessThanOrEqual(1e-13));
  });
  it("gelu defaults to the tanh form, and the two forms differ by less than 5e-4", () => {
    const xs = [-4, -1.5, -0.3, 0.7, 2, 5];
    const tanhForm = values(gelu(at(xs), { approximate: "tanh" }));
    expect(values(gelu(at(xs)))).toEqual(tanhForm);
    const exact = values(gelu(at(xs), { approximate: "none" }));
    exact.forEach((v, i) => {
      expect(v).not.toBe(tanhForm[i]);
      expect(Math.abs(v - (tanhForm[i] ?? 0))).toBeLessThan(5e-4);
    });
    expect(() => gelu(at(xs), { approximate: "exact" as "none" })).toThrow(/gelu: approximate must be "tanh" or "none"/);
  });
  it("sigmoid and tanh are the textbook functions", () => {
    const xs = [-3, 0, 0.25, 4];
    values(sigmoid(at(xs))).forEach((s, i) => expect(s).toBeCloseTo(1 / (1 + Math.exp(-(xs[i] ?? 0))), 14));
    values(tanh(at(xs))).forEach((t, i) => expect(t).toBeCloseTo(Math.tanh(xs[i] ?? 0), 14));
  });
  it("softplus is log(1 + eˣ), exact at both extremes", () => {
    const xs = [-800, -40, -1, 0, 1, 40, 800];
    const s = values(softplus(at(xs)));
    expect(s[0]).toBe(0);
    expect(s[1]).toBeCloseTo(Math.exp(-40), 30); // ≈ 4.25e-18, not 0: log1p keeps the tiny value
    expect(Math.abs((s[1] ?? 0) / Math.exp(-40) - 1)).toBeLessThan(1e-12);
    expect(s[2]).toBeCloseTo(Math.log1p(Math.exp(-1)), 14);
    expect(s[3]).toBeCloseTo(Math.LN2, 15);
    expect(s[4]).toBeCloseTo(1 + Math.log1p(Math.exp(-1)), 14);
    expect(s[5]).toBe(40);
    expect(s[6]).toBe(800);
  });
  it("softplus' = σ through its custom rule, accurate in the far tail and never NaN", () => {
    const xs = [-800, -40, 0, 3, 800];
    const [, tangent] = jvp((x: Tensor<[number], "float64">) => softplus(x), [at(xs)], [at(xs.map(() => 1))]);
    const d = values(tangent);
    expect(d[0]).toBe(0);
    expect(Math.abs((d[1] ?? 0) / Math.exp(-40) - 1)).toBeLessThan(1e-12);
    expect(d[2]).toBe(0.5);
    expect(d[3]).toBeCloseTo(1 / (1 + Math.exp(-3)), 15);
    expect(d[4]).toBe(1);
  });
  it("logSoftmax equals x − log Σ eˣ, and stays finite for logits of 1e4", () => {
    const x = tensor([[1, 2, 3], [0.5, -1, 2]], "float64");
    const y = values(logSoftmax(x));
    [[1, 2, 3], [0.5, -1, 2]].forEach((row, r) => {
      const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
      row.forEach((v, c) => expect(y[r * 3 + c]).toBeCloseTo(v - lse, 14));
    });
    const big = values(logSoftmax(tensor([[1e4, 0, -1e4]], "float64")));
    expect(big).toEqual([0, -1e4, -2e4]);
  });
  it("softmax rows sum to 1, ignore a common shift, and work along any axis", () => {
    const x = gaussian64(key(1), [3, 4]);
    const p = values(softmax(x));
    for (let r = 0; r < 3; r++) expect(p.slice(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    const shifted = values(softmax(fromArray(values(x).map((v) => v + 1000), [3, 4], "float64")));
    shifted.forEach((v, i) => expect(v).toBeCloseTo(p[i] ?? 0, 12));
    const columns = values(softmax(x, 0));
    for (let c = 0; c < 4; c++) expect((columns[c] ?? 0) + (columns[4 + c] ?? 0) + (columns[8 + c] ?? 0)).toBeCloseTo(1, 14);
    // @ts-expect-error axis 2 is out of range for [3, 4] (the compiler says so too)
    expect(() => softmax(x, 2)).toThrow(/softmax/);
  });
});

describe("activation derivatives match finite differences (float64)", () => {
  const smooth: readonly [string, (x: Tensor<[3, 4], "float64">) => AnyTensor][] = [
    ["sigmoid", (x) => sigmoid(x)],
    ["tanh", (x) => tanh(x)],
    ["gelu", (x) => gelu(x)],
    ["gelu (exact)", (x) => gelu(x, { approximate: "none" })],
    ["softplus", (x) => softplus(x)],
    ["softmax", (x) => softmax(x)],
    ["softmax along axis 0", (x) => softmax(x, 0)],
    ["logSoftmax", (x) => logSoftmax(x)],
  ];
  for (const [name, f] of smooth) {
    it(name, () => forSeeds(8, (k) => expectGradientsMatch(gradientCheck(f, [gaussian64(k, [3, 4], 2)], fold(k, 1)))));
  }
  const kinked: readonly [string, (x: Tensor<[3, 4], "float64">) => AnyTensor][] = [
    ["relu", (x) => relu(x)],
    ["leakyRelu", (x) => leakyRelu(x, 0.2)],
    ["elu", (x) => elu(x, 1.5)],
  ];
  for (const [name, f] of kinked) {
    it(`${name} (inputs away from the kink at 0)`, () => forSeeds(8, (k) => expectGradientsMatch(gradientCheck(f, [awayFromZero(k, [3, 4])], fold(k, 1)))));
  }
  it("second derivatives through the custom rules: d²softplus = σ(1 − σ)", () => {
    const x = at([-2, 0, 1.5]);
    const g = (v: Tensor<[number], "float64">) => grad((u: Tensor<[number], "float64">) => sum(softplus(u)))(v);
    const [, second] = jvp(g, [x], [at([1, 1, 1])]);
    values(second).forEach((d, i) => {
      const s = 1 / (1 + Math.exp(-([-2, 0, 1.5][i] ?? 0)));
      expect(d).toBeCloseTo(s * (1 - s), 12);
    });
  });
});
