// What a CLI run leaves in its output folder: the history as JSON, loss and accuracy curves as
// SVG, and (written by the loop) the checkpoint. Each is written atomically: a rename replaces what
// was there (even a FIFO, which an open for writing would wait on) and a crash leaves no half file.

/** Writes `text` to `path` atomically, throwing the error's one-line message if it fails. */
const writeText = async (path: string, text: string): Promise<void> => {
  const written = await writeFileAtomic(path, new TextEncoder().encode(text));
  if (E.isLeft(written)) throw runtimeError(written.left.message);
};

import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { writeFileAtomic } from "../io/atomic.js";
import { makeDirectory } from "../io/make-directory.js";
import { runtimeError } from "./failure.js";
import { decisionRegions, lineChart } from "../report/index.js";
import type { EpochRecord } from "../train/index.js";

type Series = { readonly name: string; readonly points: readonly (readonly [number, number])[]; readonly dashed?: boolean };

const series = (history: readonly EpochRecord[], name: string, pick: (r: EpochRecord) => number | undefined, dashed = false): Series[] => {
  const points = history.flatMap((r) => {
    const v = pick(r);
    return v === undefined ? [] : [[r.epoch, v] as const];
  });
  return points.length === 0 ? [] : [{ name, points, dashed }];
};

const recorded = new Set(["epoch", "loss", "accuracy", "valLoss", "valAccuracy", "seconds"]);

/** The figures of the records beyond the ones fit always records, without their "val" twins;
 *  only names that are safe as file names. */
const extraMetrics = (history: readonly EpochRecord[]): readonly string[] => {
  const names = new Set(history.flatMap((r) => Object.keys(r).filter((k) => !recorded.has(k) && typeof r[k] === "number")));
  const twinOf = (k: string) => /^val[A-Z]/.test(k) && names.has(`${k.charAt(3).toLowerCase()}${k.slice(4)}`);
  return [...names].filter((k) => !twinOf(k) && /^[A-Za-z0-9_-]+$/.test(k));
};

export async function writeOutputs(dir: string, title: string, history: readonly EpochRecord[], summary: Record<string, unknown>): Promise<readonly string[]> {
  const made = await makeDirectory(dir);
  if (E.isLeft(made)) throw runtimeError(made.left.message);
  const files: [string, string][] = [
    ["history.json", JSON.stringify({ ...summary, history }, null, 2) + "\n"],
    ["loss.svg", lineChart({
      title: `${title}: loss`, xLabel: "epoch", yLabel: "loss", logY: true,
      series: [...series(history, "train", (r) => r.loss), ...series(history, "validation", (r) => r.valLoss, true)],
    })],
  ];
  if (history.some((r) => r.accuracy !== undefined)) {
    files.push(["accuracy.svg", lineChart({
      title: `${title}: accuracy`, xLabel: "epoch", yLabel: "accuracy",
      series: [...series(history, "train", (r) => r.accuracy), ...series(history, "validation", (r) => r.valAccuracy, true)],
    })]);
  }
  // Every other figure of the records (the user's metrics, the learning rate), one chart each,
  // its validation twin ("val" + Name) dashed on the same chart.
  for (const metric of extraMetrics(history)) {
    const twin = `val${metric.charAt(0).toUpperCase()}${metric.slice(1)}`;
    files.push([`${metric}.svg`, lineChart({
      title: `${title}: ${metric}`, xLabel: "epoch", yLabel: metric,
      series: [...series(history, "train", (r) => r[metric]), ...series(history, "validation", (r) => r[twin], true)],
    })]);
  }
  await Promise.all(files.map(([name, text]) => writeText(join(dir, name), text)));
  return files.map(([name]) => join(dir, name));
}

/**
 * For 2-D inputs: the classifier's decision regions on a grid covering the points, with the
 * held-out points drawn on top. `predict` maps grid points [n, 2] to class ids.
 */
export async function writeDecisionRegions(
  dir: string, title: string, points: readonly { readonly x: number; readonly y: number; readonly label: number }[],
  classes: number, predict: (xy: readonly (readonly [number, number])[]) => readonly number[],
): Promise<string> {
  const pad = (lo: number, hi: number): [number, number] => [lo - 0.1 * (hi - lo || 1), hi + 0.1 * (hi - lo || 1)];
  const [x0, x1] = pad(Math.min(...points.map((p) => p.x)), Math.max(...points.map((p) => p.x)));
  const [y0, y1] = pad(Math.min(...points.map((p) => p.y)), Math.max(...points.map((p) => p.y)));
  const steps = 80;
  const xs = Array.from({ length: steps }, (_, i) => x0 + ((i + 0.5) * (x1 - x0)) / steps);
  const ys = Array.from({ length: steps }, (_, j) => y0 + ((j + 0.5) * (y1 - y0)) / steps);
  const flat = predict(ys.flatMap((y) => xs.map((x) => [x, y] as const)));
  const classOf = ys.map((_, j) => xs.map((_, i) => flat[j * steps + i] ?? NaN));
  const path = join(dir, "decision-regions.svg");
  await writeText(path, decisionRegions({
    title, xLabel: "x₁", yLabel: "x₂", grid: { xs, ys, classOf }, points,
    classes: Array.from({ length: classes }, (_, k) => `class ${k}`),
  }));
  return path;
}
