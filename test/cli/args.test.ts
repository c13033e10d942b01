import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args.js";

const ok = (argv: string[]) => {
  const r = parseArgs(argv);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};
const bad = (argv: string[]): string => {
  const r = parseArgs(argv);
  if (E.isRight(r)) throw new Error("expected an error");
  return r.left.message;
};

describe("CLI flags", () => {
  it("parses values in both spellings, and switches", () => {
    const a = ok(["--epochs", "5", "--batch-size=32", "--optimizer", "sgd", "--lr", "0.1", "--json", "--seed", "-3"]);
    expect(a.flags).toEqual({ epochs: 5, "batch-size": 32, optimizer: "sgd", lr: 0.1, seed: -3 });
    expect([...a.switches]).toEqual(["json"]);
    expect([...ok(["-h"]).switches]).toEqual(["help"]);
  });
  it("says what was wrong with a bad value", () => {
    expect(bad(["--epochs", "zero"])).toBe('--epochs: expected a decimal number, got "zero"');
    expect(bad(["--epochs", "2.5"])).toBe('--epochs: expected an integer, got "2.5"');
    expect(bad(["--lr", "-1"])).toBe("--lr: expected a value in [1e-12, 10], got -1");
    expect(bad(["--dropout", "1"])).toBe("--dropout: expected a value in [0, 0.95], got 1");
    expect(bad(["--optimizer", "adamax"])).toBe('--optimizer: expected one of sgd, momentum, adam, adamw, rmsprop, adagrad, lion, got "adamax"');
  });
  it("reads numbers in decimal only: hex, binary, octal, separators, padding and words are refused", () => {
    for (const text of ["0x10", "0X1f", "0b11", "0o17", "1_0", " 5", "5 ", "Infinity", "+Infinity", "1e", ".", "", "٣"]) {
      expect(bad(["--epochs", text])).toBe(`--epochs: expected a decimal number, got ${JSON.stringify(text)}`);
      expect(bad(["--lr", text])).toBe(`--lr: expected a decimal number, got ${JSON.stringify(text)}`);
    }
    // Integer flags take digits; an integral value in another spelling is named as such.
    expect(bad(["--epochs", "1e1"])).toBe('--epochs: expected an integer written in decimal digits, got "1e1"');
    expect(bad(["--batch-size", "32.0"])).toBe('--batch-size: expected an integer written in decimal digits, got "32.0"');
    expect(ok(["--epochs", "016", "--lr", "1e-3", "--momentum", ".5", "--seed", "+7"]).flags).toEqual({ epochs: 16, lr: 1e-3, momentum: 0.5, seed: 7 });
  });
  it("rejects unknown, repeated, valueless and stray arguments", () => {
    expect(bad(["--epoch", "3"])).toBe("unknown flag --epoch (see --help)");
    expect(bad(["--epochs", "3", "--epochs", "4"])).toBe("--epochs is given twice");
    expect(bad(["--epochs"])).toBe("--epochs needs a value");
    expect(bad(["--epochs", "--json"])).toBe("--epochs needs a value");
    expect(bad(["train"])).toBe('unexpected argument "train" (flags look like --epochs 5)');
    expect(bad(["--json=yes"])).toBe("--json takes no value");
  });
});
