// evalProgram: running a traced program gives what running the function gives; running a
// linear program gives the jvp's tangents; arity is checked.
import { describe, expect, it } from "vitest";
import { jvp } from "../../src/ad/api.js";
import { makeLinearProgram, makeProgram } from "../../src/ad/programs.js";
import { evalProgram, ProgramArityError } from "../../src/core/eval-program.js";
import { flatten } from "../../src/tree/tree.js";
import { tensor } from "../../src/tensor/create.js";
import { catchError, expectClose, values } from "../tensor/helpers.js";
import { mlpArgs, mlpLoss, mlpParams, sinArgs, sinTimes } from "./fixtures.js";

describe("evalProgram", () => {
  it("of Σ sin(x)·y equals calling it", () => {
    const [out] = evalProgram(makeProgram(sinTimes)(...sinArgs), [...sinArgs]);
    expect(out?.shape).toEqual([]);
    expect(values(out ?? tensor([]))).toEqual(values(sinTimes(...sinArgs)));
  });
  it("of the MLP loss equals calling it, also on other inputs of the same shapes", () => {
    const program = makeProgram(mlpLoss)(...mlpArgs);
    const leaves = flatten([...mlpArgs])[0];
    expect(values(evalProgram(program, leaves)[0] ?? tensor([]))).toEqual(values(mlpLoss(...mlpArgs)));
    const other = { ...mlpParams, b2: tensor([1, -1, 0.5]) };
    const [x, labels] = [mlpArgs[1], mlpArgs[2]];
    const otherLeaves = flatten([other, x, labels])[0];
    expect(values(evalProgram(program, otherLeaves)[0] ?? tensor([]))).toEqual(values(mlpLoss(other, x, labels)));
  });
  it("of a linear program gives the jvp's output tangent", () => {
    const [dx, dy] = [tensor([1, 0, -1]), tensor([0.5, 0.5, 2])];
    const linear = makeLinearProgram(sinTimes)(...sinArgs);
    const [, tangent] = jvp(sinTimes, [...sinArgs], [dx, dy]);
    expectClose(values(evalProgram(linear, [dx, dy])[0] ?? tensor([])), values(tangent), 1e-6);
  });
  it("checks the number of arguments", () => {
    const err = catchError(() => evalProgram(makeProgram(sinTimes)(...sinArgs), [tensor([1, 2, 3])]));
    expect(err).toBeInstanceOf(ProgramArityError);
    expect(err.message).toBe("evalProgram: the program takes 2 inputs, got 1");
  });
});
