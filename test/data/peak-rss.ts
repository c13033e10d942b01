// Runs a few lines of TypeScript in a fresh Node process and reports its peak resident memory
// (process.resourceUsage().maxRSS) with what the code printed: a loader's peak is then its own,
// not that of a test worker that has already run other tests.

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface PeakRun {
  /** Peak resident set size of the whole process, in MiB. */
  readonly peakMiB: number;
  /** What the code wrote with `console.log`, without the measurement line. */
  readonly output: string;
  readonly stderr: string;
}

/**
 * Runs `body` (an async function body; `root` is the repository's path, for imports) in a child
 * process and returns its peak RSS. The child is killed after `timeoutMs`.
 */
export const runMeasured = (body: string, timeoutMs = 60_000): Promise<PeakRun> =>
  new Promise((resolve, reject) => {
    const script = `const root = ${JSON.stringify(ROOT)};\n(async () => {\n${body}\n})().then(() => console.log("PEAK_KB " + process.resourceUsage().maxRSS), (e) => { console.log("THREW " + e); console.log("PEAK_KB " + process.resourceUsage().maxRSS); });`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      const match = /PEAK_KB (\d+)/.exec(stdout);
      if (match === null) return reject(new Error(`the measured process ended without a figure (killed after ${timeoutMs} ms?)\n${stderr}`));
      resolve({ peakMiB: Number(match[1]) / 1024, output: stdout.replace(/PEAK_KB \d+\n?/, "").trim(), stderr });
    });
  });
