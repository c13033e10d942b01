// erf and erfc: values against a reference table (both dtypes), the special values, symmetry,
// the exact derivatives given by their custom rules (first and second order), and jit: the
// compiled program is fused elementwise kernels with no fallback, and gives the same values.
import { afterAll, describe, expect, it } from "vitest";
import { grad, jvp } from "../../src/ad/api.js";
import { jit } from "../../src/backend/jit/index.js";
import { createWasmBackend } from "../../src/backend/wasm-jit/index.js";
import { traceToProgram } from "../../src/core/staging.js";
import { avalOf } from "../../src/core/trace.js";
import { erf, erfc, sum } from "../../src/ops/index.js";
import type { FloatDType } from "../../src/tensor/dtype.js";
import { fromArray } from "../../src/tensor/create.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import { values } from "../tensor/helpers.js";

// [x, erf(x), erfc(x)], printed by CPython 3.11's math.erf and math.erfc (which agree with
// 60-digit mpmath to within 1 ulp at every point):
//   for x in xs: print(f"[{x!r}, {math.erf(x)!r}, {math.erfc(x)!r}],")
// The points are 0; ±1e-300, ±1e-10 (erf ≈ 2x/√π); both sides of the region boundaries 0.46875
// and 4, and of 0.5; the middle region; the tail out to 26.1, where erfc ≈ 3.1e-298; and 26.5,
// 27, 30, where erfc is subnormal or 0. The dyadic points are float32 numbers too; the others
// (0.1, 1.7, 3.3, …, 26.1) have squares that float64 rounds, which e^(−x²) must not feel.
const TABLE: readonly (readonly [number, number, number])[] = [
  [-30, -1, 2],
  [-27, -1, 2],
  [-26.5, -1, 2],
  [-26.1, -1, 2],
  [-25, -1, 2],
  [-20, -1, 2],
  [-19.1, -1, 2],
  [-15, -1, 2],
  [-12.7, -1, 2],
  [-10, -1, 2],
  [-9, -1, 2],
  [-8.3, -1, 2],
  [-6, -1, 2],
  [-5.96875, -1, 2],
  [-5.9, -0.9999999999999999, 2],
  [-5.5, -0.9999999999999927, 1.9999999999999927],
  [-5, -0.9999999999984626, 1.9999999999984626],
  [-4.5, -0.9999999998033839, 1.999999999803384],
  [-4.015625, -0.9999999864476974, 1.9999999864476974],
  [-4, -0.9999999845827421, 1.999999984582742],
  [-3.984375, -0.9999999824694816, 1.9999999824694816],
  [-3.5, -0.9999992569016276, 1.9999992569016276],
  [-3.3, -0.9999969422902035, 1.9999969422902035],
  [-3, -0.9999779095030014, 1.9999779095030015],
  [-2.5, -0.999593047982555, 1.999593047982555],
  [-2, -0.9953222650189527, 1.9953222650189528],
  [-1.7, -0.9837904585907745, 1.9837904585907746],
  [-1.5, -0.9661051464753108, 1.9661051464753108],
  [-1.03125, -0.855271810442917, 1.855271810442917],
  [-1, -0.8427007929497149, 1.842700792949715],
  [-0.75, -0.7111556336535151, 1.7111556336535152],
  [-0.50390625, -0.5239259089957237, 1.5239259089957238],
  [-0.5, -0.5204998778130465, 1.5204998778130465],
  [-0.49609375, -0.5170604375576183, 1.5170604375576184],
  [-0.47265625, -0.4961452388754125, 1.4961452388754126],
  [-0.46875, -0.49261347321793797, 1.492613473217938],
  [-0.46484375, -0.4890687501700819, 1.489068750170082],
  [-0.375, -0.4041169094348223, 1.4041169094348223],
  [-0.25, -0.2763263901682369, 1.276326390168237],
  [-0.1, -0.1124629160182849, 1.1124629160182848],
  [-1e-10, -1.1283791670955126e-10, 1.000000000112838],
  [-1e-300, -1.1283791670955126e-300, 1],
  [0, 0, 1],
  [1e-300, 1.1283791670955126e-300, 1],
  [1e-10, 1.1283791670955126e-10, 0.999999999887162],
  [0.1, 0.1124629160182849, 0.8875370839817152],
  [0.25, 0.2763263901682369, 0.7236736098317631],
  [0.375, 0.4041169094348223, 0.5958830905651777],
  [0.46484375, 0.4890687501700819, 0.5109312498299181],
  [0.46875, 0.49261347321793797, 0.507386526782062],
  [0.47265625, 0.4961452388754125, 0.5038547611245875],
  [0.49609375, 0.5170604375576183, 0.4829395624423816],
  [0.5, 0.5204998778130465, 0.4795001221869535],
  [0.50390625, 0.5239259089957237, 0.4760740910042763],
  [0.75, 0.7111556336535151, 0.28884436634648486],
  [1, 0.8427007929497149, 0.15729920705028513],
  [1.03125, 0.855271810442917, 0.14472818955708297],
  [1.5, 0.9661051464753108, 0.033894853524689274],
  [1.7, 0.9837904585907745, 0.016209541409225436],
  [2, 0.9953222650189527, 0.004677734981047265],
  [2.5, 0.999593047982555, 0.0004069520174449589],
  [3, 0.9999779095030014, 2.2090496998585438e-05],
  [3.3, 0.9999969422902035, 3.0577097964381654e-06],
  [3.5, 0.9999992569016276, 7.430983723414128e-07],
  [3.984375, 0.9999999824694816, 1.7530518404701306e-08],
  [4, 0.9999999845827421, 1.541725790028002e-08],
  [4.015625, 0.9999999864476974, 1.3552302567768228e-08],
  [4.5, 0.9999999998033839, 1.9661604415428873e-10],
  [5, 0.9999999999984626, 1.5374597944280351e-12],
  [5.5, 0.9999999999999927, 7.357847917974398e-15],
  [5.9, 0.9999999999999999, 7.190409783550478e-17],
  [5.96875, 1, 3.1439948090403626e-17],
  [6, 1, 2.1519736712498916e-17],
  [8.3, 1, 8.141478353024892e-32],
  [9, 1, 4.13703174651381e-37],
  [10, 1, 2.088487583762545e-45],
  [12.7, 1, 3.97125997569854e-72],
  [15, 1, 7.212994172451206e-100],
  [19.1, 1, 1.0834990761703295e-160],
  [20, 1, 5.3958656116079005e-176],
  [25, 1, 8.300172571196522e-274],
  [26.1, 1, 3.0812174933145936e-298],
  [26.5, 1, 2.2109076642637343e-307],
  [27, 1, 5.23705e-319],
  [30, 1, 0],
];

// [x, 2/√π · e^(−x²)] from 50-digit mpmath. At 25 the density is 4.2e-272, where only an
// exactly computed e^(−x²) keeps 1e-14 relative precision.
const DENSITY: readonly (readonly [number, number])[] = [
  [-3, 0.00013925305194674786], [-0.5, 0.8787825789354448], [0, 1.1283791670955126], [0.25, 1.0600141293761143],
  [0.46875, 0.9057931367751159], [1, 0.4151074974205947], [1.7, 0.06271104049686839], [2.5, 0.0021782842303527095],
  [3.3, 2.1037210443580336e-5], [4, 1.2698234671866558e-7], [5, 1.5670866531017336e-11], [8.3, 1.3611569375020515e-30],
  [10, 4.197656231354417e-44], [12.7, 1.0118079167009786e-70], [25, 4.1534010636398965e-272], [26.1, 1.6095743479277808e-296],
];
const points = DENSITY.map(([x]) => x);
const density = DENSITY.map(([, d]) => d);

type V = Tensor<[number], FloatDType>;
const at = (xs: readonly number[], dtype: FloatDType = "float64"): V => fromArray(xs, [xs.length], dtype);
const xs = TABLE.map(([x]) => x);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const isFloat = (t: AnyTensor): t is V => t.dtype === "float32" || t.dtype === "float64";

/** Largest |got − want| / |want| over the points where `use` holds (where want = 0, got must be 0). */
function maxRelativeError(got: readonly number[], want: readonly number[], use: (i: number) => boolean = () => true): number {
  let worst = 0;
  want.forEach((w, i) => {
    if (!use(i)) return;
    const g = got[i] ?? Number.NaN;
    const error = w === 0 ? (g === 0 ? 0 : Infinity) : Math.abs(g - w) / Math.abs(w);
    if (!(error <= worst)) worst = error;
  });
  return worst;
}

const erfs = TABLE.map(([, e]) => e);
const erfcs = TABLE.map(([, , c]) => c);

describe("erf and erfc against the reference table (float64)", () => {
  // A few ulp. Without Cody's split of e^(−x²), erfc(26.1) alone would be off by 3.8e-14.
  it("erf: relative error at most 2e-15", () => {
    expect(maxRelativeError(values(erf(at(xs))), erfs)).toBeLessThanOrEqual(2e-15);
  });
  it("erfc: relative error at most 4e-15 wherever erfc > 1e-300, out to erfc(26.1) ≈ 3.1e-298", () => {
    const got = values(erfc(at(xs)));
    expect(maxRelativeError(got, erfcs, (i) => (erfcs[i] ?? 0) > 1e-300)).toBeLessThanOrEqual(4e-15);
  });
  it("erfc underflows gracefully: subnormal near 27, exactly 0 from about 27.3 on", () => {
    const [e26, e27, e30] = values(erfc(at([26.5, 27, 30])));
    expect(Math.abs((e26 ?? 0) / 2.2109076642637343e-307 - 1)).toBeLessThan(1e-13);
    expect(Math.abs((e27 ?? 0) - 5.23705e-319)).toBeLessThanOrEqual(1e-322); // a few subnormal steps
    expect(e30).toBe(0);
  });
});

describe("float32: float64 values rounded once", () => {
  const exact32 = (i: number) => Math.fround(xs[i] ?? 0) === xs[i];
  const ULP = 2 ** -23; // an ulp is 2^−23 to 2^−24 of the value
  it("within an ulp of the table, for erf and for erfc while it is a normal float32", () => {
    const x32 = at(xs, "float32");
    expect(erf(x32).dtype).toBe("float32");
    expect(maxRelativeError(values(erf(x32)), erfs, exact32)).toBeLessThanOrEqual(ULP);
    const normal = (i: number) => exact32(i) && (erfcs[i] ?? 0) > 2 ** -126;
    expect(maxRelativeError(values(erfc(x32)), erfcs, normal)).toBeLessThanOrEqual(ULP);
  });
  it("within an ulp of the float64 function on 4000 points of [−10, 10]", () => {
    const sweep = Array.from({ length: 4000 }, (_, i) => Math.fround(-10 + (20 * (i + 0.5)) / 4000 + 1e-3 * Math.sin(i)));
    for (const f of [erf, erfc]) {
      const want = values(f(at(sweep)));
      const got = values(f(at(sweep, "float32")));
      want.forEach((w, i) => {
        if (Math.abs(w) > 2 ** -126) expect(Math.abs((got[i] ?? Number.NaN) - w) / Math.abs(w), `x = ${sweep[i]}`).toBeLessThanOrEqual(ULP);
      });
    }
  });
  it("saturates to the rounded limits, and erfc underflows gradually", () => {
    expect(values(erf(at([-4.5, 4.5], "float32")))).toEqual([-1, 1]);
    expect(values(erfc(at([10, 11], "float32")))).toEqual([Math.fround(2.088487583762545e-45), 0]);
  });
});

describe("special values", () => {
  for (const dtype of ["float32", "float64"] as const) {
    it(`±0, ±∞ and NaN (${dtype})`, () => {
      const x = at([0, -0, Infinity, -Infinity, Number.NaN], dtype);
      const e = values(erf(x));
      expect(Object.is(e[0], 0) && Object.is(e[1], -0)).toBe(true); // erf is odd, to the sign of zero
      expect(e.slice(2)).toEqual([1, -1, Number.NaN]);
      expect(values(erfc(x))).toEqual([1, 1, 0, 2, Number.NaN]);
    });
  }
  it("erf is odd and erfc(x) + erfc(−x) = 2, in every region", () => {
    const pos = xs.filter((x) => x > 0);
    const neg = pos.map((x) => -x);
    expect(values(erf(at(neg)))).toEqual(values(erf(at(pos))).map((v) => -v));
    values(erfc(at(pos))).forEach((c, i) => expect(c + (values(erfc(at(neg)))[i] ?? 0)).toBeCloseTo(2, 15));
  });
});

describe("derivatives: the exact rules, not the approximation's slope", () => {
  it("jvp: d erf = 2/√π · e^(−x²) · dx", () => {
    const [, tangent] = jvp((x: V) => erf(x), [at(points)], [at(points.map(() => 1))]);
    expect(maxRelativeError(values(tangent), density)).toBeLessThanOrEqual(1e-14);
  });
  it("grad: d erfc = −2/√π · e^(−x²) · dx", () => {
    const g = grad((x: V) => sum(erfc(x)))(at(points));
    expect(maxRelativeError(values(g), density.map((d) => -d))).toBeLessThanOrEqual(1e-14);
  });
  it("second derivative through the rule: d² erf = −2x · 2/√π · e^(−x²)", () => {
    const g = (v: V) => grad((u: V) => sum(erf(u)))(v);
    const [, second] = jvp(g, [at(points)], [at(points.map(() => 1))]);
    expect(maxRelativeError(values(second), points.map((x, i) => -2 * x * (density[i] ?? 0)))).toBeLessThanOrEqual(1e-13);
  });
  it("float32 derivatives keep the dtype and are within an ulp", () => {
    const g = grad((x: Tensor<[number], "float32">) => sum(erf(x)))(fromArray([0.5, 2, 4, 9], [4], "float32"));
    expect(g.dtype).toBe("float32");
    expect(maxRelativeError(values(g), [0.5, 2, 4, 9].map((x) => TWO_OVER_SQRT_PI * Math.exp(-x * x)))).toBeLessThanOrEqual(2 ** -23);
  });
});

describe("under jit (WebAssembly backend)", () => {
  const backend = createWasmBackend({ threads: false });
  afterAll(() => backend.close());

  for (const dtype of ["float32", "float64"] as const) {
    it(`erf and erfc compile to fused elementwise kernels with no fallback (${dtype})`, () => {
      const x = at(xs, dtype);
      const program = traceToProgram((v) => (isFloat(v) ? [erf(v), erfc(v)] : []), [avalOf(x)]);
      const executable = backend.compile(program);
      expect(executable.stats.fallbacks).toEqual([]);
      expect(executable.stats.steps.elementwise).toBeGreaterThan(0);
    });

    it(`jit gives the eager values, to the dtype's precision (${dtype})`, () => {
      const x = at([...xs, Infinity, -Infinity, Number.NaN], dtype);
      const f = (v: V): [AnyTensor, AnyTensor] => [erf(v), erfc(v)];
      const [e, c] = jit(f, { backend })(x);
      const [eagerE, eagerC] = f(x);
      const tolerance = dtype === "float32" ? 2 ** -23 : 1e-14;
      for (const [got, want] of [[e, eagerE], [c, eagerC]] as const) {
        const w = values(want);
        const g = values(got);
        w.forEach((v, i) => {
          if (Number.isNaN(v) || !Number.isFinite(v)) expect(g[i]).toEqual(v);
          else expect(Math.abs((g[i] ?? Number.NaN) - v), `x = ${values(x)[i]}`).toBeLessThanOrEqual(tolerance * Math.max(Math.abs(v), dtype === "float32" ? 2 ** -126 : 1e-300));
        });
      }
    });
  }

  it("jit of grad uses the exact rule too", () => {
    const g = jit(grad((x: V) => sum(erfc(x))), { backend })(at(points));
    expect(maxRelativeError(values(g), density.map((d) => -d))).toBeLessThanOrEqual(1e-14);
  });
});
