// What a transformed function must not do, and what stopGradient does: reading numbers of a
// traced tensor (ConcretizationError), keeping a traced tensor after the transformation ends
// (EscapedTracerError), and cutting a derivative on purpose (stopGradient).
import { describe, expect, it } from "vitest";
import { grad, jvp, vjp } from "../../src/ad/api.js";
import { makeProgram } from "../../src/ad/programs.js";
import { EscapedTracerError } from "../../src/core/trace.js";
import { add, mul, sin, stopGradient } from "../../src/ops/elementwise.js";
import { sum } from "../../src/ops/reduce.js";
import { scalar, tensor } from "../../src/tensor/create.js";
import { ConcretizationError, type Tensor } from "../../src/tensor/tensor.js";
import { catchError, values } from "../tensor/helpers.js";

describe("stopGradient", () => {
  it("has derivative zero in both modes", () => {
    expect(values(grad((x: Tensor<[2]>) => sum(stopGradient(mul(x, x))))(tensor([1, 2])))).toEqual([0, 0]);
    expect(values(jvp((x: Tensor<[2]>) => stopGradient(sin(x)), [tensor([1, 2])], [tensor([1, 1])])[1])).toEqual([0, 0]);
  });
  it("cuts only the path through it: d/dx (x · stop(x)) = stop(x), not 2x", () => {
    expect(values(grad((x: Tensor<[]>) => mul(x, stopGradient(x)))(scalar(3)))).toEqual([3]);
  });
  it("keeps its value", () => {
    const [y] = vjp((x: Tensor<[2]>) => add(stopGradient(x), 1), tensor([1, 2]));
    expect(values(y)).toEqual([2, 3]);
  });
});

describe("ConcretizationError", () => {
  it("item() inside grad names the read and the kind of traced value", () => {
    const err = catchError(() => grad((x: Tensor<[]>) => (x.item() > 0 ? x : mul(x, -1)))(scalar(2)));
    expect(err).toBeInstanceOf(ConcretizationError);
    expect(err).toMatchObject({ _tag: "ConcretizationError", op: "item", tracer: "jvp tracer" });
    expect(err.message).toBe(
      "item: cannot read the values of a jvp tracer inside a transformation; use tensor ops (where, maximum, …) instead of reading numbers, or move the read outside the transformed function",
    );
  });
  it("toArray inside jvp and toNested while tracing a program", () => {
    expect(catchError(() => jvp((x: Tensor<[2]>) => tensor([...x.toArray()]), [tensor([1, 2])], [tensor([1, 1])]))).toMatchObject({ op: "toArray" });
    expect(catchError(() => makeProgram((x: Tensor<[2]>) => tensor(x.toNested()))(tensor([1, 2])))).toMatchObject({ op: "toNested", tracer: "traced value" });
  });
  it("printing a traced tensor shows its shape, dtype and kind instead of numbers", () => {
    let text = "";
    grad((x: Tensor<[2]>) => {
      text = x.toString();
      return sum(x);
    })(tensor([1, 2]));
    expect(text).toBe("Tensor<[2], float32>(jvp tracer)");
  });
});

describe("EscapedTracerError", () => {
  it("a tensor kept from inside grad cannot be used afterwards", () => {
    let leaked: Tensor<[]> | undefined;
    grad((x: Tensor<[]>) => {
      leaked = x;
      return mul(x, x);
    })(scalar(1));
    const err = catchError(() => add(leaked ?? scalar(0), 1));
    expect(err).toBeInstanceOf(EscapedTracerError);
    expect(err).toMatchObject({ _tag: "EscapedTracerError" });
    expect(err.message).toBe("a jvp tracer escaped the transformation that created it (was it stored outside the function, e.g. in a closure or a global?)");
  });
  it("nor can one kept from a traced program or from jvp", () => {
    let fromProgram: Tensor<[2]> | undefined;
    makeProgram((x: Tensor<[2]>) => {
      fromProgram = sin(x);
      return x;
    })(tensor([1, 2]));
    expect(catchError(() => sin(fromProgram ?? tensor([0, 0]))).message).toContain("a traced value escaped");
    let fromJvp: Tensor<[2]> | undefined;
    jvp((x: Tensor<[2]>) => (fromJvp = x), [tensor([1, 2])], [tensor([1, 1])]);
    expect(catchError(() => sum(fromJvp ?? tensor([0, 0])))).toBeInstanceOf(EscapedTracerError);
  });
});
