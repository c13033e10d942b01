// `npm start` as a process, training for real on small inputs: a one-epoch run on the built-in
// digits writes its table, held-out accuracy and four files; resuming its checkpoint for a second
// epoch gives exactly what a two-epoch run gives; --json prints one JSON object per line; and a
// CSV file of points in the plane trains the same MLP on two features.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mlp } from "../../src/cli/models.js";
import { blobs } from "../../src/data/index.js";
import { loadCheckpoint } from "../../src/io/index.js";
import { adam } from "../../src/optim/index.js";
import { key } from "../../src/random/index.js";
import { bits, withoutTimes } from "../train/support.js";
import { runCli, type CliRun } from "./run-cli.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-cli-run-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ok = (r: CliRun): CliRun => {
  if (r.status !== 0) throw new Error(`status ${r.status}\n${r.stderr}`);
  return r;
};

/** history.json of a run: its summary and the per-epoch records. */
interface HistoryFile {
  readonly epochs: number;
  readonly heldOutAccuracy: number;
  readonly returnedEpoch: number;
  readonly history: readonly { readonly epoch: number; readonly loss: number; readonly seconds: number }[];
}
const readHistory = async (folder: string): Promise<HistoryFile> => JSON.parse(await readFile(join(folder, "history.json"), "utf8")) as HistoryFile;

/** A checkpoint of the CLI's MLP with `inputs` features and `classes` classes, trained by Adam. */
const loadMlp = async (path: string, inputs: number, classes: number) => {
  const params = mlp(inputs, classes, 0).init(key(0));
  const loaded = await loadCheckpoint(path, { params, optState: adam(1e-3).init(params) });
  if (E.isLeft(loaded)) throw new Error(`${loaded.left.path}: ${loaded.left.message}`);
  return loaded.right;
};

describe("npm start: training runs", () => {
  it("one epoch, resumed for a second = two epochs at once (table, files, JSON lines, checkpoint)", { timeout: 120_000 }, async () => {
    const [once, twice] = [join(dir, "once"), join(dir, "twice")];
    const common = ["--examples", "300", "--seed", "5"];
    const [first, direct] = await Promise.all([
      runCli([...common, "--epochs", "1", "--out", once]).then(ok),
      runCli([...common, "--epochs", "2", "--json", "--out", twice]).then(ok),
    ]);

    // The table run: header, the epoch's row, the held-out accuracy and the files it wrote.
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain("tygrad: mlp on built-in glyph digits (300 train / 2000 test)");
    expect(first.stdout).toMatch(/^\| Epoch \|\s+Loss \|/m);
    expect(first.stdout).toMatch(/^\|\s+1 \|/m);
    expect(first.stdout).toMatch(/^Held-out accuracy: \d+\.\d\d% \(loss \d+\.\d{4}\) on 2000 examples not used for training\.$/m);
    for (const file of ["model.safetensors", "history.json", "loss.svg", "accuracy.svg"]) expect(first.stdout).toContain(join(once, file));
    for (const file of ["loss.svg", "accuracy.svg"]) expect(await readFile(join(once, file), "utf8")).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const onceHistory = await readHistory(once);
    expect(onceHistory.epochs).toBe(1);
    expect(onceHistory.history.map((r) => r.epoch)).toEqual([1]);
    expect(first.stdout).toContain(`Held-out accuracy: ${(onceHistory.heldOutAccuracy * 100).toFixed(2)}%`);
    const checkpoint = await loadMlp(join(once, "model.safetensors"), 784, 10);
    expect(checkpoint.step).toBe(1);

    // The JSON run: every line one object, an "epoch" event per epoch, then the result.
    const lines = direct.stdout.trimEnd().split("\n");
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.every((e) => typeof e === "object" && e !== null && !Array.isArray(e))).toBe(true);
    expect(events.map((e) => [e.event, e.epoch])).toEqual([["epoch", 1], ["epoch", 2], ["result", undefined]]);
    expect(events[2]?.heldOutAccuracy).toBe((await readHistory(twice)).heldOutAccuracy);
    const epochLines = events.slice(0, 2).map(({ event: _event, seconds: _seconds, ...record }) => record);

    // Resume the one-epoch checkpoint for a second epoch.
    const resumedDir = join(dir, "resumed");
    const resumed = ok(await runCli([...common, "--epochs", "2", "--resume", join(once, "model.safetensors"), "--out", resumedDir]));
    expect(resumed.stdout).toMatch(/^\|\s+2 \|/m);
    expect(resumed.stdout).not.toMatch(/^\|\s+1 \|/m);
    const [resumedHistory, directHistory] = [await readHistory(resumedDir), await readHistory(twice)];
    expect(resumedHistory.history.map((r) => r.epoch)).toEqual([1, 2]);
    expect(withoutTimes(resumedHistory.history)).toEqual(withoutTimes(directHistory.history));
    expect(withoutTimes(directHistory.history)).toEqual(epochLines);
    expect(resumedHistory.heldOutAccuracy).toBe(directHistory.heldOutAccuracy);
    const [a, b] = [await loadMlp(join(resumedDir, "model.safetensors"), 784, 10), await loadMlp(join(twice, "model.safetensors"), 784, 10)];
    expect(a.step).toBe(2);
    expect(bits(a.params)).toEqual(bits(b.params));
    expect(bits(a.optState)).toEqual(bits(b.optState));
  });

  it("the compiled step (the default) with --dropout trains the network with dropout: the history of the same run with --eager", { timeout: 120_000 }, async () => {
    const [jitted, eager] = [join(dir, "dropout-jit"), join(dir, "dropout-eager")];
    const common = ["--examples", "300", "--seed", "3", "--epochs", "2", "--dropout", "0.5"];
    const [a, b] = await Promise.all([runCli([...common, "--out", jitted]).then(ok), runCli([...common, "--eager", "--out", eager]).then(ok)]);
    expect(a.stderr).toBe("");
    expect(a.stdout).toContain("dropout 0.5, jit");
    expect(b.stdout).toContain("dropout 0.5, eager");
    const [withJit, without] = [await readHistory(jitted), await readHistory(eager)];
    expect(withJit.history.map((r) => r.epoch)).toEqual([1, 2]);
    // The compiled kernels round float32 sums in their own order, so the numbers agree to rounding,
    // not bit for bit; a step that drew another mask than eager evaluation would be far off.
    withJit.history.forEach((r, i) => expect(Math.abs(r.loss - (without.history[i]?.loss ?? NaN))).toBeLessThan(1e-5 * r.loss));
    expect(withJit.heldOutAccuracy).toBeCloseTo(without.heldOutAccuracy, 2);
  });

  it("a resumed run keeps the early-stopping state: the same epochs, best epoch and returned parameters", { timeout: 120_000 }, async () => {
    const [split, whole] = [join(dir, "es-split"), join(dir, "es-whole")];
    // With this seed and rate the validation loss is lowest at epoch 4 and training stops after epoch 6;
    // the split run is interrupted after epoch 5, between the best epoch and the stop.
    const common = ["--examples", "300", "--seed", "9", "--patience", "2", "--lr", "0.05"];
    ok(await runCli([...common, "--epochs", "5", "--out", split]));
    const resumed = ok(await runCli([...common, "--epochs", "8", "--resume", join(split, "model.safetensors"), "--out", join(split, "more")]));
    const direct = ok(await runCli([...common, "--epochs", "8", "--out", whole]));
    expect(resumed.stderr).toBe("");
    const [a, b] = [await readHistory(join(split, "more")), await readHistory(whole)];
    expect(withoutTimes(a.history)).toEqual(withoutTimes(b.history));
    expect(b.returnedEpoch).toBe(4);
    expect(b.history.length).toBe(6);
    expect(a.returnedEpoch).toBe(b.returnedEpoch);
    expect(a.heldOutAccuracy).toBe(b.heldOutAccuracy);
    expect(direct.stdout).toContain("Held-out accuracy");
  });

  it("trains on a CSV file of labelled points; its checkpoint cannot resume a run of another model or seed", { timeout: 120_000 }, async () => {
    // Two blobs of 200 points, written with the label as the last column.
    const points = blobs(key(81), { n: 200, classes: 2, centers: [[-1.5, 0], [1.5, 0.5]], noise: 0.5 });
    const xy = points.features.toArray();
    const labels = points.labels.toArray();
    const csv = join(dir, "blobs.csv");
    await writeFile(csv, `x,y,label\n${Array.from(labels, (label, i) => `${xy[2 * i]},${xy[2 * i + 1]},${label}\n`).join("")}`);

    const out = join(dir, "csv");
    const run = ok(await runCli(["--data", csv, "--epochs", "6", "--batch-size", "16", "--lr", "0.01", "--out", out]));
    expect(run.stdout).toContain(`tygrad: mlp on ${csv} (160 train / 40 test)`);
    // Points in the plane also get a plot of the decision regions.
    expect(run.stdout).toContain(join(out, "decision-regions.svg"));
    expect(await readFile(join(out, "decision-regions.svg"), "utf8")).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const history = await readHistory(out);
    expect(history.history).toHaveLength(6);
    expect(history.heldOutAccuracy).toBeGreaterThanOrEqual(0.9);
    const checkpoint = await loadMlp(join(out, "model.safetensors"), 2, 2);
    expect(checkpoint.params[1].w.shape).toEqual([2, 128]);

    const [otherModel, otherSeed] = await Promise.all([
      runCli(["--examples", "100", "--resume", join(out, "model.safetensors"), "--out", join(dir, "other-model")]),
      runCli(["--data", csv, "--seed", "3", "--resume", join(out, "model.safetensors"), "--out", join(dir, "other-seed")]),
    ]);
    expect(otherModel.status).toBe(2);
    expect(otherModel.stderr).toBe(`tygrad: --resume ${join(out, "model.safetensors")}: params.1.w: has shape [2, 128], expected [784, 128]\n`);
    expect(otherSeed.status).toBe(2);
    expect(otherSeed.stderr).toBe(`tygrad: --resume ${join(out, "model.safetensors")}: the checkpoint continues a run with --seed 0, not --seed 3; resume with the seed it was written with\n`);
  });
});
