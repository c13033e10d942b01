// The CLI's failure lines and exit statuses: 2 for usage and data errors, 1 for runtime failures,
// and an unexpected error named by its kind with a pointer to --debug.
import { describe, expect, it } from "vitest";
import { DataSourceError } from "../../src/cli/data-source.js";
import { describeFailure, runtimeError, usageError } from "../../src/cli/failure.js";
import { FitConfigError, NonFiniteError } from "../../src/train/index.js";
import { escapeForTerminal } from "../../src/report/escape.js";

describe("describeFailure", () => {
  it("gives usage and data errors status 2, runtime failures status 1", () => {
    expect(describeFailure(usageError("--epochs: bad"))).toEqual({ message: "--epochs: bad", status: 2 });
    expect(describeFailure(new DataSourceError("--data x: bad"))).toEqual({ message: "--data x: bad", status: 2 });
    expect(describeFailure(new FitConfigError("fit: bad"))).toEqual({ message: "fit: bad", status: 2 });
    expect(describeFailure(new NonFiniteError(2, 3, "params.w", "fit: epoch 2 ..."))).toEqual({ message: "fit: epoch 2 ...", status: 1 });
    expect(describeFailure(runtimeError("saving x: disk full"))).toEqual({ message: "saving x: disk full", status: 1 });
  });
  it("names an unexpected error's kind and points at --debug", () => {
    expect(describeFailure(new TypeError("x is not a function"))).toEqual({ message: "unexpected error: TypeError: x is not a function (run with --debug for the stack)", status: 1 });
    expect(describeFailure("plain")).toEqual({ message: "unexpected error: plain (run with --debug for the stack)", status: 1 });
  });
});

describe("escapeForTerminal", () => {
  it("writes every control, DEL, C1, separator and bidi mark as \\uXXXX and leaves other text alone", () => {
    for (let c = 0; c < 0x20; c++) expect(escapeForTerminal(String.fromCharCode(c))).toBe(`\\u${c.toString(16).padStart(4, "0")}`);
    for (const c of [0x7f, 0x80, 0x9b, 0x9f, 0x2028, 0x2029, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069]) {
      expect(escapeForTerminal(`a${String.fromCharCode(c)}b`)).toBe(`a\\u${c.toString(16).padStart(4, "0")}b`);
    }
    expect(escapeForTerminal("ünïcode 28×28 → ok ✓ \\ \"q\"")).toBe("ünïcode 28×28 → ok ✓ \\ \"q\"");
  });
});
