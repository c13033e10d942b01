// The numpy + OpenBLAS reference of the MLP training step, run as a separate Python process on the
// same initial parameters and batch (written to a temporary directory), pinned to one BLAS thread
// or given two. Skipped when python3 with numpy is not available.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type MlpInputs } from "../libs/mlp/problem.js";

export interface NumpyRow {
  readonly threads: number;
  readonly msPerStep: number;
  readonly firstLoss: number;
}

export const numpyAvailable = (): boolean => spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" }).status === 0;

export function runNumpyMlp(inputs: MlpInputs, threads: number): NumpyRow | undefined {
  const batch = inputs.batches[0];
  if (batch === undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "tygrad-bench-"));
  try {
    const files: [string, Float32Array][] = [
      ["w1.bin", inputs.params.w1], ["b1.bin", inputs.params.b1], ["w2.bin", inputs.params.w2], ["b2.bin", inputs.params.b2],
      ["x.bin", batch.x], ["y.bin", batch.y],
    ];
    for (const [name, data] of files) writeFileSync(join(dir, name), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const script = fileURLToPath(new URL("../py/mlp.py", import.meta.url));
    const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
    const run = spawnSync("python3", [script, dir], { encoding: "utf8", env, timeout: 300_000 });
    if (run.status !== 0) throw new Error(`numpy MLP failed: ${run.stderr}`);
    const parsed: unknown = JSON.parse(run.stdout);
    if (typeof parsed !== "object" || parsed === null) throw new Error("numpy MLP: unexpected output");
    const ms = Reflect.get(parsed, "msPerStep");
    const loss = Reflect.get(parsed, "firstLoss");
    return { threads, msPerStep: Number(ms), firstLoss: Number(loss) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
