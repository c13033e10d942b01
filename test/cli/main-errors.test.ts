// `npm start` as a process, where it must refuse: every bad flag ends with status 2 and a message
// naming the flag and what it expects, bad data with status 2 and a message naming the file or
// folder, and neither trains nor leaves an output folder behind. --help prints every flag.

import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Flags, SWITCHES } from "../../src/cli/args.js";
import { runCli } from "./run-cli.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-cli-errors-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("npm start: help and flag errors", () => {
  it("--help prints the usage and every flag the parser knows, with status 0", async () => {
    const r = await runCli(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Usage: npm start -- [flags]");
    for (const name of [...Object.keys(Flags.props), ...SWITCHES]) expect(r.stdout).toMatch(new RegExp(`^  --${name}\\b`, "m"));
  });

  // The parser's every message is tested in args.test.ts; these check the process around it.
  const cases: readonly (readonly [string, readonly string[], string])[] = [
    ["a non-number", ["--epochs", "zero"], '--epochs: expected a decimal number, got "zero"'],
    ["a value out of range", ["--lr=20"], "--lr: expected a value in [1e-12, 10], got 20"],
    ["an unknown optimizer", ["--optimizer", "adamax"], '--optimizer: expected one of sgd, momentum, adam, adamw, rmsprop, adagrad, lion, got "adamax"'],
    ["an unknown flag", ["--epoch", "3"], "unknown flag --epoch (see --help)"],
    ["a flag without its value", ["--seed"], "--seed needs a value"],
    ["contradicting switches", ["--jit", "--eager"], "--jit and --eager contradict each other: pass one (jit is the default) (see --help)"],
    ["a hexadecimal number", ["--epochs", "0x10"], '--epochs: expected a decimal number, got "0x10"'],
    ["too many built-in examples", ["--examples", "10000000"], "--examples: expected a value in [100, 100000], got 10000000"],
  ];

  it("bad flags: status 2, the flag and what was expected on stderr, nothing trained, no folder written", async () => {
    const runs = await Promise.all(cases.map(([, args], i) => runCli([...args, "--out", join(dir, `flags-${i}`)])));
    cases.forEach(([what, , message], i) => {
      const r = runs[i];
      expect({ what, status: r?.status, stdout: r?.stdout }).toEqual({ what, status: 2, stdout: "" });
      expect(r?.stderr).toBe(`tygrad: ${message.includes("--help") ? message : `${message} (see --help)`}\n`);
    });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("npm start: data errors", () => {
  it("--data naming a folder without MNIST files: status 2, the folder and the files it expects", async () => {
    const empty = join(dir, "not-mnist");
    await mkdir(empty);
    await writeFile(join(empty, "readme.txt"), "no digits here\n");
    const out = join(dir, "out-empty");
    const r = await runCli(["--data", empty, "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`tygrad: --data ${empty}: `);
    expect(r.stderr).toContain("expected train-images-idx3-ubyte[.gz] with train-labels-idx1-ubyte[.gz], or the same for t10k");
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it("no folder at all, a CSV without class labels or with too few rows, a CNN on CSV rows, too large a batch: status 2 and why", async () => {
    const csv = async (name: string, text: string) => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    };
    const rows = (n: number) => `x,y,label\n${Array.from({ length: n }, (_, i) => `${i / n},${1 - i / n},${i % 2}\n`).join("")}`;
    const regression = await csv("regression.csv", "x,y,target\n0.5,1,0.25\n1.5,2,0.75\n");
    const tiny = await csv("tiny.csv", rows(3));
    const twelve = await csv("twelve.csv", rows(12));
    const [missing, floats, few, cnn, batch] = await Promise.all([
      runCli(["--data", join(dir, "nowhere"), "--out", join(dir, "out-missing")]),
      runCli(["--data", regression, "--out", join(dir, "out-regression")]),
      runCli(["--data", tiny, "--out", join(dir, "out-tiny")]),
      runCli(["--data", twelve, "--model", "cnn", "--out", join(dir, "out-cnn")]),
      runCli(["--data", twelve, "--batch-size", "64", "--out", join(dir, "out-batch")]),
    ]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`tygrad: --data ${join(dir, "nowhere")}: `);
    expect(missing.stderr).toContain("cannot list the directory");
    expect(floats.status).toBe(2);
    expect(floats.stderr).toBe(`tygrad: --data ${regression}: the last column must hold integer class labels\n`);
    expect(few.status).toBe(2);
    expect(few.stderr).toBe(`tygrad: --data ${tiny}: 3 examples are too few; expected at least 10 (20% are held out for testing, then 10% of the rest for validation)\n`);
    expect(cnn.status).toBe(2);
    expect(cnn.stderr).toContain("--model cnn needs 28×28 images");
    expect(cnn.stderr).toContain("examples of shape [2]");
    expect(batch.status).toBe(2);
    expect(batch.stderr).toMatch(/^tygrad: fit: batchSize 64 is larger than the \d+ training examples\n$/);
    expect((await readdir(dir)).filter((name) => name.startsWith("out-"))).toEqual([]);
  });
});
