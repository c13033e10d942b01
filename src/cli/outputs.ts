// What a CLI run leaves in its output folder: the history as JSON, loss and accuracy curves as
// SVG, and (written by the loop) the checkpoint.

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { lineChart } from "../report/index.js";
import type { EpochRecord } from "../train/index.js";

type Series = { readonly name: string; readonly points: readonly (readonly [number, number])[]; readonly dashed?: boolean };

const series = (history: readonly EpochRecord[], name: string, pick: (r: EpochRecord) => number | undefined, dashed = false): Series[] => {
  const points = history.flatMap((r) => {
    const v = pick(r);
    return v === undefined ? [] : [[r.epoch, v] as const];
  });
  return points.length === 0 ? [] : [{ name, points, dashed }];
};

export async function writeOutputs(dir: string, title: string, history: readonly EpochRecord[], summary: Record<string, unknown>): Promise<readonly string[]> {
  await mkdir(dir, { recursive: true });
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
  await Promise.all(files.map(([name, text]) => writeFile(join(dir, name), text)));
  return files.map(([name]) => join(dir, name));
}
