// Whole-process measurements, each library in processes of its own: start-up (import + a first
// small op, Node's own start included) and the peak resident set size of the MLP benchmark.
//
// The scripts in ../system are bundled with esbuild (the one the root project's tsx brings). The
// peers load their published builds from node_modules (jax-js ships one bundled file with no
// dependencies). tygrad's start-up loads its package build, dist/bundle/node/index.js of the root
// project (`npm run build`; the root `npm run bench` builds it first), which is what package.json
// exports. Its memory scripts are bundled together with tygrad's source and dependencies.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { median } from "./timing.js";

const here = fileURLToPath(new URL("..", import.meta.url));
const packageBuild = fileURLToPath(new URL("../../dist/bundle/node/index.js", import.meta.url));
const timeTool = "/usr/bin/time";
const bin = (name: string): string => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));

export interface StartupRow {
  readonly lib: string;
  readonly variant: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly rssMiB: number;
}

export interface MemoryRow {
  readonly lib: string;
  readonly variant: string;
  readonly rssMiB: number;
  readonly loss: number;
  readonly how: string;
}

const run = (command: string, args: readonly string[]): { stdout: string; stderr: string } => {
  const out = spawnSync(command, args, { cwd: here, encoding: "utf8", timeout: 600_000 });
  if (out.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${out.status}): ${out.stderr}`);
  return { stdout: out.stdout, stderr: out.stderr };
};

/** Bundles the scripts of ../system (see the header) and checks that tygrad's package build exists. */
export function buildSystemScripts(): void {
  if (!existsSync(packageBuild)) throw new Error(`${packageBuild} is missing: run \`npm run build\` in the root project first`);
  const entries = ["startup", "memory"].flatMap((dir) =>
    readdirSync(`${here}system/${dir}`).filter((f) => f.endsWith(".ts") && f !== "report.ts" && f !== "run.ts").map((f) => `system/${dir}/${f}`),
  );
  const esbuild = (files: readonly string[], outdir: string, external: boolean) =>
    run(bin("esbuild"), [
      ...files, "--bundle", "--format=esm", "--platform=node", ...(external ? ["--packages=external"] : []), "--outbase=system", `--outdir=${outdir}`,
      "--out-extension:.js=.mjs", "--log-level=warning",
    ]);
  esbuild(entries, ".build/bundle", true);
  esbuild(entries.filter((f) => f.startsWith("system/memory/tygrad")), ".build/full", false);
}

const lastJson = (stdout: string): Record<string, unknown> => {
  const line = stdout.trim().split("\n").filter((l) => l.startsWith("{")).pop();
  if (line === undefined) throw new Error(`no JSON in output: ${stdout}`);
  const parsed: unknown = JSON.parse(line);
  if (typeof parsed !== "object" || parsed === null) throw new Error(`unexpected output: ${line}`);
  return Object.fromEntries(Object.entries(parsed));
};

const startupScripts: readonly { readonly lib: string; readonly variant: string; readonly script: string; readonly args: readonly string[] }[] = [
  { lib: "node", variant: "bare process", script: ".build/bundle/startup/node.mjs", args: [] },
  { lib: "tygrad", variant: "package build (npm run build)", script: ".build/bundle/startup/tygrad.mjs", args: [packageBuild] },
  { lib: "jax-wasm", variant: "published bundle", script: ".build/bundle/startup/jax.mjs", args: [] },
  { lib: "tfjs-cpu", variant: "published", script: ".build/bundle/startup/tfjs-cpu.mjs", args: [] },
  { lib: "tfjs-wasm", variant: "published", script: ".build/bundle/startup/tfjs-wasm.mjs", args: [] },
];

/**
 * Runs `node script ...args` as a fresh process: its wall time (Node's start included), its peak
 * RSS and its last JSON line. The peak comes from /usr/bin/time -v when present: a process's own
 * maxRSS on Linux starts from its parent's high-water mark (inherited across fork), so only a
 * measurement taken by a small intermediate process is the child's own.
 */
const measureProcess = (script: string, args: readonly string[]): { wallMs: number; rssMiB: number; output: Record<string, unknown> } => {
  const useTime = existsSync(timeTool);
  const start = performance.now();
  const { stdout, stderr } = useTime ? run(timeTool, ["-v", process.execPath, script, ...args]) : run(process.execPath, [script, ...args]);
  const wallMs = performance.now() - start;
  const output = lastJson(stdout);
  const kib = useTime ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]) : Number(output.maxRssKiB);
  return { wallMs, rssMiB: kib / 1024, output };
};

/** How peak RSS is measured here. */
export const rssMethod = (): string => (existsSync(timeTool) ? "/usr/bin/time -v" : "process.resourceUsage().maxRSS, an upper bound");

/** `repeats` interleaved runs of each start-up script: wall time of the whole process and its peak RSS. */
export function measureStartup(repeats: number): readonly StartupRow[] {
  const walls = startupScripts.map(() => [] as number[]);
  const rss = startupScripts.map(() => [] as number[]);
  for (let r = 0; r < repeats; r++) {
    startupScripts.forEach((s, i) => {
      const m = measureProcess(s.script, s.args);
      walls[i]?.push(m.wallMs);
      rss[i]?.push(m.rssMiB);
    });
  }
  return startupScripts.map((s, i) => ({
    lib: s.lib,
    variant: s.variant,
    medianMs: median(walls[i] ?? []),
    minMs: Math.min(...(walls[i] ?? [])),
    rssMiB: median(rss[i] ?? []),
  }));
}

const memoryScripts = [
  { lib: "tygrad", variant: "jit, 1 thread (one bundle)", script: ".build/full/memory/tygrad-1.mjs" },
  { lib: "tygrad", variant: "jit, 2 threads (one bundle)", script: ".build/full/memory/tygrad-2.mjs" },
  { lib: "jax-wasm", variant: "jit", script: ".build/bundle/memory/jax.mjs" },
  { lib: "tfjs-wasm", variant: "optimizer.minimize", script: ".build/bundle/memory/tfjs-wasm.mjs" },
  { lib: "tfjs-cpu", variant: "optimizer.minimize", script: ".build/bundle/memory/tfjs-cpu.mjs" },
] as const;

/** Peak RSS of `steps` MLP training steps per library (median of `repeats` processes). */
export function measureMemory(steps: number, repeats: number): readonly MemoryRow[] {
  return memoryScripts.map((s) => {
    const runs = Array.from({ length: repeats }, () => measureProcess(s.script, [String(steps)]));
    return { lib: s.lib, variant: s.variant, rssMiB: median(runs.map((r) => r.rssMiB)), loss: Number(runs[0]?.output.loss), how: rssMethod() };
  });
}
