// Nested differentiation keeps perturbations apart: the classic d/dx [x · d/dy (x + y)] = 1,
// and randomized nestings against closed forms. The closed forms are themselves checked
// against central differences of plain JS functions, so the oracle is independent of tygrad.
import { describe, expect, test } from "vitest";
import { classicPerturbation, mixedNestingClosedForm, nestedJvpClosedForm, SMOOTH_FUNCTIONS, type SmoothName } from "../../laws/predicates/perturbation.js";
import { assertNoPerturbationConfusion } from "../../laws/runners.js";

const central = (f: (x: number) => number, x: number, h = 1e-5): number => (f(x + h) - f(x - h)) / (2 * h);
const NAMES = Object.keys(SMOOTH_FUNCTIONS).filter((k): k is SmoothName => k in SMOOTH_FUNCTIONS);

describe("perturbation confusion", () => {
  test("d/dx [x · d/dy (x + y)] is exactly 1 (a confused system answers 2)", () => {
    for (const [x, y] of [[0, 0], [0.3, 2], [-5, 1e3]] as const) {
      const r = classicPerturbation(x, y);
      expect(r.ok).toBe(true);
      expect(r.computed).toBe(1);
    }
  });

  test("the table of smooth functions: first and second derivatives agree with central differences", () => {
    for (const name of NAMES) {
      const f = SMOOTH_FUNCTIONS[name];
      for (const x of [-1.3, 0.2, 0.9]) {
        expect(f.d1(x)).toBeCloseTo(central(f.value, x), 8);
        expect(f.d2(x)).toBeCloseTo(central(f.d1, x), 8);
      }
    }
  });

  test("the forward-over-forward closed form agrees with central differences of F(x) = u(x)·x·v′(xc)", () => {
    for (const u of NAMES) {
      for (const v of NAMES) {
        const [U, V] = [SMOOTH_FUNCTIONS[u], SMOOTH_FUNCTIONS[v]];
        const [x, c, t] = [0.7, -0.4, 1];
        const r = nestedJvpClosedForm(u, v, [x], [c], [t]);
        expect(r.ok, r.summary).toBe(true);
        expect(r.expected).toBeCloseTo(central((z) => U.value(z) * z * V.d1(z * c), x), 7);
      }
    }
  });

  test("the mixed nestings' closed form agrees with central differences of G(x) = x²·cos(xc)", () => {
    const [x, c] = [0.8, 1.7];
    for (const nesting of ["forward over reverse", "reverse over forward"] as const) {
      const r = mixedNestingClosedForm(nesting, [x], [c], [1]);
      expect(r.ok, r.summary).toBe(true);
      expect(r.expected).toBeCloseTo(central((z) => z * z * Math.cos(z * c), x), 7);
    }
  });

  test("randomized: no nesting confuses perturbations", () => {
    assertNoPerturbationConfusion();
  });
});
