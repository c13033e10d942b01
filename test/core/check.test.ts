// checkProgram: every traced program (f, jvp, linearization, transpose) type-checks, and
// hand-broken programs are rejected with the equation number and the reason.
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { makeJvpProgram, makeLinearProgram, makeProgram, makeTransposeProgram } from "../../src/ad/programs.js";
import { checkProgram, ProgramCheckError } from "../../src/core/check.js";
import { eqn, literal, Var, type Program } from "../../src/core/program.js";
import { tensor } from "../../src/tensor/create.js";
import { mlpArgs, mlpLoss, sinArgs, sinTimes } from "./fixtures.js";

const f32 = (...shape: number[]) => ({ shape, dtype: "float32" as const });

/** The error of a rejected program (fails the test when the program is accepted). */
const rejection = (p: Program): ProgramCheckError => {
  const r = checkProgram(p);
  if (E.isRight(r)) return expect.fail("checkProgram accepted a broken program");
  return r.left;
};

describe("checkProgram accepts traced programs", () => {
  const stages = { makeProgram, makeJvpProgram, makeLinearProgram, makeTransposeProgram };
  for (const [name, make] of Object.entries(stages)) {
    it(`${name} of Σ sin(x)·y and of the MLP loss`, () => {
      for (const p of [make(sinTimes)(...sinArgs), make(mlpLoss)(...mlpArgs)]) {
        expect(checkProgram(p)).toEqual(E.right(p));
      }
    });
  }
});

describe("checkProgram rejects broken programs", () => {
  it("a variable used before its equation defines it", () => {
    const [x, s, c] = [new Var(f32(3)), new Var(f32(3)), new Var(f32(3))];
    // c = cos s comes before s = sin x
    const p: Program = { inputs: [x], consts: [], constValues: [], eqns: [eqn("cos", {}, [s], c), eqn("sin", {}, [x], s)], outputs: [c] };
    const err = rejection(p);
    expect(err).toBeInstanceOf(ProgramCheckError);
    expect(err).toMatchObject({ _tag: "ProgramCheckError", equation: 0, reason: "cos uses a variable before it is defined" });
    expect(err.message).toContain("checkProgram: equation 0: cos uses a variable before it is defined");
    expect(err.message).toContain("?undefined"); // the printed program shows the dangling use
  });
  it("an output declared with the wrong shape", () => {
    const [x, y] = [new Var(f32(3)), new Var(f32(3))];
    const p: Program = { inputs: [x], consts: [], constValues: [], eqns: [eqn("reduceSum", { axes: [0] }, [x], y)], outputs: [y] };
    expect(rejection(p)).toMatchObject({ equation: 0, reason: "reduceSum should produce f32[], but its output is declared f32[3]" });
  });
  it("an output declared with the wrong dtype", () => {
    const [a, b, m] = [new Var(f32(2)), new Var(f32(2)), new Var(f32(2))];
    const p: Program = { inputs: [a, b], consts: [], constValues: [], eqns: [eqn("compare", { op: "lt" }, [a, b], m)], outputs: [m] };
    expect(rejection(p).reason).toBe("compare should produce bool[2], but its output is declared f32[2]");
  });
  it("an equation abstractEval refuses, with its message", () => {
    const [a, b, c] = [new Var(f32(2, 3)), new Var(f32(4, 5)), new Var(f32(2, 5))];
    const p: Program = { inputs: [a, b], consts: [], constValues: [], eqns: [eqn("dot", { transposeA: false, transposeB: false }, [a, b], c)], outputs: [c] };
    expect(rejection(p).reason).toBe("dot: got [2, 3], [4, 5] (expected contracted dims to agree (3 vs 4))");
  });
  it("a variable defined twice, an undefined output, and a const whose value disagrees with its var", () => {
    const [x, y] = [new Var(f32(3)), new Var(f32(3))];
    const twice: Program = { inputs: [x], consts: [], constValues: [], eqns: [eqn("sin", {}, [x], y), eqn("cos", {}, [x], y)], outputs: [y] };
    expect(rejection(twice)).toMatchObject({ equation: 1, reason: "cos redefines a variable" });
    const dangling: Program = { inputs: [x], consts: [], constValues: [], eqns: [], outputs: [y] };
    expect(rejection(dangling)).toMatchObject({ equation: 0, reason: "an output is not defined" });
    const c = new Var(f32(2));
    const badConst: Program = { inputs: [], consts: [c], constValues: [tensor([1, 2, 3])], eqns: [], outputs: [c] };
    expect(rejection(badConst).reason).toBe("const 0 is float32[3] but its variable says f32[2]");
  });
  it("literals count as defined", () => {
    const [x, y] = [new Var(f32()), new Var(f32())];
    const p: Program = { inputs: [x], consts: [], constValues: [], eqns: [eqn("mul", {}, [x, literal(2, "float32")], y)], outputs: [y] };
    expect(E.isRight(checkProgram(p))).toBe(true);
  });
});
