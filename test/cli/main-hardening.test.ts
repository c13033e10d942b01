// `npm start` against hostile inputs and settings, as a process: every failure is one line on
// stderr ("tygrad: …", nothing read from a file printed raw), status 2 for flags, data, folders
// and checkpoints and 1 for a run that diverges, a stack only with --debug, and none of them
// trains before refusing or touches a checkpoint already on disk. FIFOs are real (mkfifo); a
// run that hangs fails its deadline.

import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSafetensors, encodeSafetensors } from "../../src/io/safetensors.js";
import { ROOT, runCli, type CliRun } from "./run-cli.js";

const DEADLINE_MS = 30_000;
let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-cli-hard-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const within = (what: string, run: Promise<CliRun>): Promise<CliRun> =>
  Promise.race([run, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer after ${DEADLINE_MS} ms (a hang)`)), DEADLINE_MS).unref())]);

/** Status 2 (or `status`), exactly one line on stderr that is `tygrad: ${message}`, and no training. */
const expectRefusal = (r: CliRun, message: string | RegExp, status = 2): void => {
  expect({ status: r.status, lines: r.stderr.split("\n").length - 1 }).toEqual({ status, lines: 1 });
  if (typeof message === "string") expect(r.stderr).toBe(`tygrad: ${message}\n`);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).not.toContain("| Epoch");
};

const csv = async (name: string, text: string): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const points = (n: number, row: (i: number) => string = (i) => `${(i % 7) / 7},${(i % 3) / 3},${i % 2}`) =>
  `x,y,label\n${Array.from({ length: n }, (_, i) => `${row(i)}\n`).join("")}`;

/** A checkpoint file rewritten: its metadata and tensors passed through `edit`. */
const rewrite = async (from: string, to: string, edit: (metadata: Record<string, string>, tensors: Map<string, unknown>) => void): Promise<void> => {
  const file = decodeSafetensors(new Uint8Array(await readFile(from)));
  if (E.isLeft(file)) throw new Error(file.left.message);
  const metadata = { ...file.right.metadata };
  const tensors = new Map(file.right.tensors);
  edit(metadata, tensors as Map<string, unknown>);
  await writeFile(to, encodeSafetensors(tensors, metadata));
};

describe("npm start: files that would hang it", () => {
  it("a FIFO as --resume, a FIFO in the --data folder, --out /proc/x: status 2 at once", async () => {
    const fifo = join(dir, "resume.fifo");
    execFileSync("mkfifo", [fifo]);
    const mnist = join(dir, "fifo-mnist");
    await mkdir(mnist);
    execFileSync("mkfifo", [join(mnist, "t10k-images-idx3-ubyte")]);
    await writeFile(join(mnist, "t10k-labels-idx1-ubyte"), Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 0]));
    const [resume, data, proc] = await Promise.all([
      within("--resume FIFO", runCli(["--examples", "100", "--resume", fifo, "--out", join(dir, "o-fifo")])),
      within("--data FIFO", runCli(["--data", mnist, "--out", join(dir, "o-fifo-data")])),
      within("--out /proc/x", runCli(["--examples", "100", "--epochs", "1", "--out", "/proc/tygrad-x"])),
    ]);
    expectRefusal(resume, `--resume ${fifo}: file: readFileBounded(${JSON.stringify(fifo)}): is a FIFO (named pipe), not a regular file`);
    expectRefusal(data, new RegExp(`^tygrad: --data ${mnist}: loadIdxFile\\(".*t10k-images-idx3-ubyte"\\): is a FIFO \\(named pipe\\), not a regular file\n$`));
    expectRefusal(proc, /^tygrad: --out \/proc\/tygrad-x: cannot use it as the output folder: makeDirectory\("\/proc\/tygrad-x"\): failed to create the directory "\/proc\/tygrad-x": /);
    expect(existsSync(join(dir, "o-fifo"))).toBe(false);
  }, 60_000);

  it("FIFOs where the run writes its history and plots are replaced, not opened: the run ends, status 0", async () => {
    const out = join(dir, "fifo-out");
    await mkdir(out);
    for (const name of ["history.json", "loss.svg"]) execFileSync("mkfifo", [join(out, name)]);
    const r = await within("FIFOs in --out", runCli(["--examples", "100", "--epochs", "1", "--out", out]));
    expect(r.status).toBe(0);
    expect(JSON.parse(await readFile(join(out, "history.json"), "utf8"))).toMatchObject({ epochs: 1 });
    expect(await readFile(join(out, "loss.svg"), "utf8")).toMatch(/^<svg/);
  }, 60_000);

  it("--out naming a file, a folder under a file, or /sys: status 2 before any epoch is trained", async () => {
    const file = await csv("not-a-folder", "x");
    const [onFile, underFile, sys] = await Promise.all([
      runCli(["--examples", "100", "--epochs", "1", "--out", file]),
      runCli(["--examples", "100", "--epochs", "1", "--out", join(file, "sub")]),
      runCli(["--examples", "100", "--epochs", "1", "--out", "/sys/tygrad-x"]),
    ]);
    expectRefusal(onFile, `--out ${file}: cannot use it as the output folder: makeDirectory(${JSON.stringify(file)}): is a regular file, not a directory`);
    expectRefusal(underFile, `--out ${join(file, "sub")}: cannot use it as the output folder: makeDirectory(${JSON.stringify(join(file, "sub"))}): ${JSON.stringify(file)} is a regular file, not a directory, so nothing can be created under it`);
    expectRefusal(sys, /^tygrad: --out \/sys\/tygrad-x: cannot use it as the output folder: makeDirectory\("\/sys\/tygrad-x"\): failed to create the directory "\/sys\/tygrad-x": (EPERM|EACCES|EROFS|ENOENT)/);
  }, 60_000);
});

describe("npm start: data errors are one line with status 2", () => {
  it("header-only CSV, label -1, label 5000000 (bounded memory), one column, NaN cell, 0 images, a CNN on 10×10 images", async () => {
    const idx = (dims: readonly number[], bytes: Uint8Array) => {
      const b = Buffer.alloc(4 + 4 * dims.length);
      b.writeUInt32BE(0x0800 + dims.length, 0);
      dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
      return Buffer.concat([b, bytes]);
    };
    const emptyMnist = join(dir, "empty-mnist");
    const smallMnist = join(dir, "small-mnist");
    await mkdir(emptyMnist);
    await mkdir(smallMnist);
    await writeFile(join(emptyMnist, "t10k-images-idx3-ubyte"), idx([0, 28, 28], new Uint8Array(0)));
    await writeFile(join(emptyMnist, "t10k-labels-idx1-ubyte"), idx([0], new Uint8Array(0)));
    await writeFile(join(smallMnist, "t10k-images-idx3-ubyte"), idx([50, 10, 10], new Uint8Array(5000)));
    await writeFile(join(smallMnist, "t10k-labels-idx1-ubyte"), idx([50], Uint8Array.from({ length: 50 }, (_, i) => i % 10)));
    const headerOnly = await csv("header-only.csv", "x,y,label\n");
    const negative = await csv("negative.csv", points(40, (i) => `${i},${i},${i === 13 ? -1 : i % 2}`));
    const huge = await csv("huge-label.csv", points(40, (i) => `${i},${i},${i === 21 ? 5000000 : i % 2}`));
    const oneColumn = await csv("one-column.csv", `label\n${"1\n0\n".repeat(20)}`);
    const nan = await csv("nan.csv", points(40, (i) => `${i === 30 ? "nan" : i},${i},${i % 2}`));
    const out = (name: string) => ["--out", join(dir, `o-${name}`)];
    const timed = (args: readonly string[]) => runTimed(args);
    const [a, b, c, d, e, f, g] = await Promise.all([
      runCli(["--data", headerOnly, ...out("a")]), runCli(["--data", negative, ...out("b")]), timed(["--data", huge, ...out("c")]),
      runCli(["--data", oneColumn, ...out("d")]), runCli(["--data", nan, ...out("e")]), runCli(["--data", emptyMnist, ...out("f")]),
      runCli(["--data", smallMnist, "--model", "cnn", ...out("g")]),
    ]);
    expectRefusal(a, `--data ${headerOnly}: 0 examples are too few; expected at least 10 (20% are held out for testing, then 10% of the rest for validation)`);
    expectRefusal(b, `--data ${negative}: the label -1 of example 13 is not a class id; expected an integer in [0, 999]`);
    expectRefusal(c.run, `--data ${huge}: the label 5000000 of example 21 would make 5000001 classes; at most 1000 are accepted`);
    // It used to build a 128 × 5000001 layer and its optimizer state: 18 GB.
    expect(c.peakMiB).toBeLessThan(400);
    expectRefusal(d, `--data ${oneColumn}: there are no feature columns besides the label; expected at least one`);
    expectRefusal(e, `--data ${nan}: ${nan}: parseCsv: line 32, column 1 ("x"): the value "nan" is not finite; expected a finite number (or pass allowNonFinite)`);
    expectRefusal(f, `--data ${emptyMnist}: 0 examples are too few; expected at least 10 (20% are held out for testing, then 10% of the rest for validation)`);
    expectRefusal(g, /^tygrad: --model cnn needs 28×28 images, but MNIST-0k .* has examples of shape \[10, 10\]\n$/);
    expect((await readdir(dir)).filter((n) => n.startsWith("o-"))).toEqual([]);
  }, 120_000);

  it("--debug adds the stack trace after the line", async () => {
    const headerOnly = await csv("header-only-2.csv", "x,y,label\n");
    const r = await runCli(["--data", headerOnly, "--debug", "--out", join(dir, "o-debug")]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(`tygrad: --data ${headerOnly}: 0 examples are too few; expected at least 10 (20% are held out for testing, then 10% of the rest for validation)`);
    expect(r.stderr).toMatch(/\n\s+at .*data-source\.ts/);
  }, 60_000);
});

/** runCli under /usr/bin/time, for the process's peak memory. */
const runTimed = (args: readonly string[]): Promise<{ readonly run: CliRun; readonly peakMiB: number }> =>
  new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-f", "PEAK_KB %M", process.execPath, "--import", "tsx", "src/cli/main.ts", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", () => {
      const peak = /PEAK_KB (\d+)\n?$/.exec(stderr);
      const status = /Command exited with non-zero status (\d+)\n/.exec(stderr);
      const own = stderr.replace(/Command exited with non-zero status \d+\n/, "").replace(/PEAK_KB \d+\n?$/, "");
      resolve({ run: { status: status === null ? 0 : Number(status[1]), stdout, stderr: own }, peakMiB: Number(peak?.[1] ?? Number.NaN) / 1024 });
    });
  });

describe("npm start: checkpoints", () => {
  let first = "";
  let firstBytes: Buffer = Buffer.alloc(0);
  const common = ["--examples", "200", "--seed", "4"];
  beforeAll(async () => {
    const out = join(dir, "run1");
    const r = await runCli([...common, "--epochs", "1", "--out", out]);
    if (r.status !== 0) throw new Error(r.stderr);
    first = join(out, "model.safetensors");
    firstBytes = await readFile(first);
  }, 60_000);

  it("a rerun into the same --out without --resume refuses and keeps the checkpoint; --overwrite replaces it; resuming it is allowed", async () => {
    const out = join(dir, "run1");
    const again = await runCli([...common, "--epochs", "1", "--out", out]);
    expectRefusal(again, `--out ${out}: ${first} already holds a checkpoint of 1 epoch; pass --resume ${first} to continue it, or --overwrite to replace it`);
    expect(Buffer.compare(await readFile(first), firstBytes)).toBe(0);
    const copy = join(dir, "run1-copy");
    await mkdir(copy);
    await writeFile(join(copy, "model.safetensors"), firstBytes);
    const [overwrite, resumed] = await Promise.all([
      runCli([...common, "--epochs", "1", "--overwrite", "--out", copy]),
      runCli([...common, "--epochs", "2", "--resume", first, "--out", join(dir, "run1-more")]),
    ]);
    expect(overwrite.status).toBe(0);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(/^\|\s+2 \|/m);
  }, 120_000);

  it("resuming with another --batch-size, --lr or --examples refuses, naming the flag and the recorded value", async () => {
    const runs = await Promise.all([
      runCli([...common, "--epochs", "2", "--batch-size", "32", "--resume", first, "--out", join(dir, "o-bs")]),
      runCli([...common, "--epochs", "2", "--lr", "0.01", "--resume", first, "--out", join(dir, "o-lr")]),
      runCli(["--examples", "300", "--seed", "4", "--epochs", "2", "--resume", first, "--out", join(dir, "o-ex")]),
    ]);
    const says = (flag: string, was: string, now: string) =>
      `--resume ${first}: the checkpoint was written with ${flag} ${was}, but this run has ${flag} ${now}; a resumed run must keep it (pass ${flag} ${was}, or start a new run without --resume)`;
    expectRefusal(runs[0] as CliRun, says("--batch-size", "64", "32"));
    expectRefusal(runs[1] as CliRun, says("--lr", "0.001", "0.01"));
    expectRefusal(runs[2] as CliRun, says("--examples", "200", "300"));
  }, 120_000);

  it("bad metadata is named by its field: user.epoch, user.history, user.history[0].loss, metadata.step", async () => {
    const user = (m: Record<string, string>) => JSON.parse(m.user ?? "null") as Record<string, unknown>;
    const cases: readonly (readonly [string, (m: Record<string, string>) => void, string | RegExp])[] = [
      ["epoch", (m) => { m.user = JSON.stringify({ ...user(m), epoch: 1e9 }); }, "user.epoch 1000000000 disagrees with the checkpoint's step 1"],
      ["negative", (m) => { m.user = JSON.stringify({ ...user(m), epoch: -5 }); }, "user.epoch must be a non-negative integer, got -5"],
      ["history", (m) => { m.user = JSON.stringify({ ...user(m), history: "nope" }); }, /^user\.history must be Array<.*>, got "nope"$/],
      ["loss", (m) => { const u = user(m); m.user = JSON.stringify({ ...u, history: [{ ...(u.history as object[])[0], loss: "x" }] }); }, 'user.history[0].loss must be a finite number, got "x"'],
      ["flags", (m) => { m.user = JSON.stringify({ ...user(m), flags: { epochs: "0x10" } }); }, 'user.flags.epochs: expected a decimal number, got "0x10"'],
      ["step", (m) => { m.step = "-1"; }, 'metadata.step: expected a non-negative integer, got "-1"'],
      ["big", (m) => { m.step = String(2n ** 66n); }, `metadata.step: expected a non-negative integer, got "${2n ** 66n}"`],
    ];
    const runs = await Promise.all(cases.map(async ([name, edit]) => {
      const path = join(dir, `meta-${name}.safetensors`);
      await rewrite(first, path, (m) => edit(m));
      return runCli([...common, "--epochs", "2", "--resume", path, "--out", join(dir, `o-meta-${name}`)]);
    }));
    cases.forEach(([name, , message], i) => {
      const path = join(dir, `meta-${name}.safetensors`);
      const r = runs[i] as CliRun;
      if (typeof message === "string") expectRefusal(r, `--resume ${path}: ${message}`);
      else expectRefusal(r, new RegExp(`^tygrad: --resume ${path.replace(/[.]/g, "\\.")}: ${message.source.slice(1, -1)}\n$`));
    });
  }, 120_000);

  it("a tensor name holding escape sequences and a newline is printed escaped, on the one line", async () => {
    const forged = "\u001b[2K\rtygrad: checkpoint OK\n\u009b31m\u202e";
    const path = join(dir, "escapes.safetensors");
    await rewrite(first, path, (_m, tensors) => tensors.set(forged, { dtype: "uint8", shape: [1], data: Uint8Array.from([0]) }));
    const r = await runCli([...common, "--epochs", "2", "--resume", path, "--out", join(dir, "o-esc")]);
    expectRefusal(r, `--resume ${path}: \\u001b[2K\\u000dtygrad: checkpoint OK\\u000a\\u009b31m\\u202e: is not part of the expected model (a checkpoint of another architecture?)`);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  }, 60_000);

  it("a run that diverges stops with status 1 naming epoch, step and parameter, and keeps the last good checkpoint", async () => {
    const data = join(dir, "diverge.csv");
    const clean = points(60, (i) => `${((i * 7) % 11) / 11},${((i * 5) % 13) / 13},${i % 2}`);
    await writeFile(data, clean);
    const out = join(dir, "diverge");
    const settings = ["--data", data, "--batch-size", "8", "--optimizer", "sgd", "--lr", "1"];
    const good = await runCli([...settings, "--epochs", "1", "--out", out]);
    expect(good.status).toBe(0);
    const checkpoint = join(out, "model.safetensors");
    const before = await readFile(checkpoint);
    // The same file now holds values of 1e30 in every fifth row: the next epoch overflows.
    await writeFile(data, points(60, (i) => `${i % 5 === 0 ? "1e30" : ((i * 7) % 11) / 11},${((i * 5) % 13) / 13},${i % 2}`));
    const bad = await runCli([...settings, "--epochs", "3", "--resume", checkpoint, "--out", out]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^tygrad: fit: epoch 2, step \d of 6: params\.\d\.[wb] holds (NaN|-?Infinity) at element \d+( \(the loss is NaN\))?; training stopped \(the state after epoch 1 is the last one published\)\n$/);
    expect(Buffer.compare(await readFile(checkpoint), before)).toBe(0);
    expect((await readdir(out)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  }, 120_000);
});
