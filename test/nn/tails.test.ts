// The elementwise functions whose naive formulas cancel in a tail — σ, elu, softplus, log σ,
// binary cross-entropy, expm1 and log1p, with their derivatives — against float64 oracles
// (Math.exp, Math.expm1, Math.log1p in double precision), far into the tails and not only near
// 0, in float32 and float64, both evaluated eagerly (the reference interpreter) and compiled
// (the Wasm jit). Errors are relative to the oracle's value.
import { describe, expect, it } from "vitest";
import { grad } from "../../src/ad/api.js";
import { jit } from "../../src/backend/jit/index.js";
import { createWasmBackend } from "../../src/backend/wasm-jit/index.js";
import * as nn from "../../src/nn/index.js";
import { expm1, log1p, sum } from "../../src/ops/index.js";
import { fromArray, type Tensor } from "../../src/tensor/index.js";
import type { FloatDType } from "../../src/tensor/dtype.js";

const backend = createWasmBackend({ threads: false });

type V<D extends FloatDType> = Tensor<[number], D>;
type Unary = <D extends FloatDType>(x: V<D>) => V<D>;

/** Worst relative error of `got` against `want` (an infinite error if a non-finite value differs). */
const worstRelative = (got: readonly number[], want: readonly number[]): { error: number; at: number } => {
  let worst = { error: 0, at: -1 };
  got.forEach((g, i) => {
    const w = want[i] ?? NaN;
    const error = Number.isFinite(w) ? Math.abs(g - w) / Math.abs(w) : Object.is(g, w) ? 0 : Infinity;
    if (!(error <= worst.error)) worst = { error, at: i };
  });
  return worst;
};

/** A few ulp of each dtype: float32's oracle rounds once to float32, so 4 ulp ≈ 4.8e-7. */
const bound = { float32: 4 * 2 ** -23, float64: 8 * 2 ** -52 } as const;

const modes = ["eager", "jit"] as const;
const dtypes = ["float32", "float64"] as const;

/** f and its derivative (by grad of Σ f) on xs, eagerly or compiled. */
function evaluate<D extends FloatDType>(f: Unary, xs: readonly number[], dtype: D, mode: (typeof modes)[number]): { value: number[]; slope: number[] } {
  const x: V<D> = fromArray(xs, [xs.length], dtype);
  const value = (v: V<D>) => f(v);
  const slope = grad((v: V<D>) => sum(f(v)));
  const run = mode === "eager" ? { value, slope } : { value: jit(value, { backend }), slope: jit(slope, { backend }) };
  return { value: Array.from(run.value(x).toArray()), slope: Array.from(run.slope(x).toArray()) };
}

/** The inputs rounded to the dtype, so the oracle sees exactly the number the tensor holds. */
const rounded = (xs: readonly number[], dtype: FloatDType): number[] => (dtype === "float32" ? xs.map(Math.fround) : [...xs]);

interface Case {
  readonly name: string;
  readonly f: Unary;
  readonly xs: { readonly float32: readonly number[]; readonly float64: readonly number[] };
  readonly value: (x: number) => number;
  readonly slope: (x: number) => number;
}

const sigmoid64 = (x: number): number => (x < 0 ? Math.exp(x) / (1 + Math.exp(x)) : 1 / (1 + Math.exp(-x)));
const sigmoidSlope64 = (x: number): number => {
  const t = Math.exp(-Math.abs(x));
  return t / (1 + t) ** 2;
};

const cases: readonly Case[] = [
  {
    name: "sigmoid",
    f: nn.sigmoid,
    xs: { float32: [-30, -18, -11, -3, -1e-4, 0, 1e-4, 3, 11, 18, 30], float64: [-700, -30, -18, -11, -3, -1e-9, 0, 3, 11, 18, 30] },
    value: sigmoid64,
    slope: sigmoidSlope64,
  },
  {
    name: "elu",
    f: (x) => nn.elu(x),
    xs: { float32: [-30, -11, -1, -1e-3, -3e-4, -1e-5, -1e-6, -1e-9, 1e-6, 2], float64: [-30, -11, -1, -1e-3, -1e-6, -1e-12, 1e-6, 2] },
    value: (x) => (x > 0 ? x : Math.expm1(x)),
    slope: (x) => (x > 0 ? 1 : Math.exp(x)),
  },
  {
    name: "softplus",
    f: nn.softplus,
    xs: { float32: [-80, -30, -18, -11, -1e-3, 0, 1, 11, 30], float64: [-700, -30, -18, -11, -1e-3, 0, 1, 11, 30] },
    value: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
    slope: sigmoid64,
  },
  {
    name: "logSigmoid",
    f: nn.logSigmoid,
    xs: { float32: [-1000, -30, -11, -1, 0, 1, 11, 18, 30, 80], float64: [-1000, -30, -11, -1, 0, 1, 11, 18, 30, 700] },
    value: (x) => (x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x))),
    slope: (x) => sigmoid64(-x),
  },
  {
    name: "expm1",
    f: expm1,
    xs: { float32: [-80, -30, -11, -1, -1e-3, -1e-7, -1e-30, 1e-30, 1e-7, 1e-3, 0.3, 1, 11, 30, 80], float64: [-700, -30, -11, -1, -1e-3, -1e-12, -1e-300, 1e-300, 1e-12, 1e-3, 0.3, 1, 11, 30, 700] },
    value: Math.expm1,
    slope: Math.exp,
  },
  {
    name: "log1p",
    f: log1p,
    xs: {
      float32: [-0.9999, -0.5, -1e-3, -1e-7, -1e-30, 1e-30, 1e-7, 1e-3, 0.3, 1, 11, 1e10, 1e30],
      float64: [-0.999999999, -0.5, -1e-3, -1e-12, -1e-300, 1e-300, 1e-12, 1e-3, 0.3, 1, 11, 1e10, 1e300],
    },
    value: Math.log1p,
    slope: (x) => 1 / (1 + x),
  },
];

describe.each(dtypes)("tails against float64 oracles, %s", (dtype) => {
  describe.each(modes)("%s", (mode) => {
    it.each(cases.map((c) => [c.name, c] as const))("%s and its derivative", (_name, c) => {
      const xs = rounded(c.xs[dtype], dtype);
      const { value, slope } = evaluate(c.f, xs, dtype, mode);
      const v = worstRelative(value, xs.map(c.value));
      const d = worstRelative(slope, xs.map(c.slope));
      expect(v.error, `value at x = ${xs[v.at]}: ${value[v.at]} vs ${c.value(xs[v.at] ?? NaN)}`).toBeLessThanOrEqual(bound[dtype]);
      expect(d.error, `derivative at x = ${xs[d.at]}: ${slope[d.at]} vs ${c.slope(xs[d.at] ?? NaN)}`).toBeLessThanOrEqual(bound[dtype]);
    });
  });
});

describe("the points the naive formulas get wrong", () => {
  it("σ(−18) in float32 is 1.5e-8, not 0 (½(1 + tanh(x/2)) gives 0); σ′(30) is 9.4e-14, not 0", () => {
    const x = fromArray([-18, -30, 30], [3], "float32");
    const [s18, s30] = Array.from(nn.sigmoid(x).toArray());
    expect(s18).toBeCloseTo(1.522997951276035e-8, 15);
    expect(s30).toBeGreaterThan(0);
    const slope = Array.from(grad((v: V<"float32">) => sum(nn.sigmoid(v)))(x).toArray());
    expect((slope[2] ?? 0) / 9.357622968839299e-14).toBeCloseTo(1, 5);
  });

  it("elu′(0) is α (JAX's choice), for α = 1 and for α < 1; elu′ just below 0 is α·e^x", () => {
    for (const alpha of [1, 0.3]) {
      const x = fromArray([0, -1e-7, 1e-7], [3], "float64");
      const slope = Array.from(grad((v: V<"float64">) => sum(nn.elu(v, alpha)))(x).toArray());
      expect(slope[0]).toBe(alpha);
      expect(slope[1]).toBeCloseTo(alpha * Math.exp(-1e-7), 15);
      expect(slope[2]).toBe(1);
      // the same verdict compiled
      expect(Array.from(jit(grad((v: V<"float64">) => sum(nn.elu(v, alpha))), { backend })(x).toArray())).toEqual(slope);
    }
  });

  it("elu just below 0 in float32 keeps its relative precision (e^x − 1 would be off by 2e-2)", () => {
    const xs = [-1e-3, -1e-4, -1e-5, -1e-6].map(Math.fround);
    const got = Array.from(nn.elu(fromArray(xs, [4], "float32")).toArray());
    expect(worstRelative(got, xs.map(Math.expm1)).error).toBeLessThanOrEqual(bound.float32);
  });

  it("binaryCrossEntropy of a small probability against 0 is −log(1 − p), exact in float32", () => {
    const p = Math.fround(1e-5);
    const loss = nn.binaryCrossEntropy(fromArray([p], [1], "float32"), fromArray([0], [1], "float32")).item();
    const jitted = jit((q: V<"float32">, t: V<"float32">) => nn.binaryCrossEntropy(q, t), { backend });
    const compiled = jitted(fromArray([p], [1], "float32"), fromArray([0], [1], "float32")).item();
    for (const got of [loss, compiled]) expect(worstRelative([got], [-Math.log1p(-p)]).error).toBeLessThanOrEqual(bound.float32);
    // the probability form still clips: p = 1 against 0 costs −log(1 − (1 − ε)), finite
    expect(nn.binaryCrossEntropy(fromArray([1], [1], "float64"), fromArray([0], [1], "float64")).item()).toBeCloseTo(-Math.log(1e-7), 6);
  });
});
