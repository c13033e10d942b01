// Runs the registered cases for every library in one process, on identical seeded inputs, then
// the whole-process measurements (start-up, peak memory of the MLP benchmark) in separate
// processes, and prints the tables, the targets and where they are missed; the full figures go to
// results/<date>.json.
//
//   npm run bench                          everything, 3 interleaved rounds
//   npm run bench -- --rounds 1 --only mlp cases whose id contains "mlp" (and numpy's MLP row)
//   npm run bench -- --only system         start-up and memory only
//   npm run bench -- --no-system           skip start-up and memory
//
// Rounds interleave the libraries (round 1 runs every case and library, then round 2 …) so slow
// drift of a shared machine affects all of them alike; each figure is the median over rounds of
// a median over timed blocks.

import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { allCases } from "./cases/index.js";
import { type AnyCase } from "./lib/registry.js";
import { numpyAvailable, runNumpyMlp } from "./lib/numpy.js";
import { buildSystemScripts, measureMemory, measureStartup, rssMethod, type MemoryRow, type StartupRow } from "./lib/system.js";
import { targetLines, type CaseResult } from "./lib/targets.js";
import { median, measure } from "./lib/timing.js";
import { mlpInputs, referenceLoss } from "./libs/mlp/problem.js";
import { closeTygradMlp } from "./libs/mlp/tygrad.js";
import { closeTygradTransformer } from "./libs/transformer/tygrad.js";
import { closeTygrad } from "./libs/tygrad.js";

interface Options {
  readonly rounds: number;
  readonly only: string | undefined;
  readonly system: boolean;
}

const parseOptions = (argv: readonly string[]): Options => {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const rounds = Number(value("--rounds") ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds expects a positive integer, got ${value("--rounds")}`);
  const only = value("--only");
  return { rounds, only, system: !argv.includes("--no-system") && (only === undefined || only === "system") };
};

interface Row {
  readonly caseId: string;
  readonly lib: string;
  readonly variant: string;
  readonly msPerRound: number[];
  error: number;
}

const timing = { warmupMs: 300, blocks: 7, minBlockMs: 60 } as const;

const rowFor = (rows: Row[], caseId: string, lib: string, variant: string): Row => {
  let row = rows.find((r) => r.caseId === caseId && r.lib === lib && r.variant === variant);
  if (row === undefined) {
    row = { caseId, lib, variant, msPerRound: [], error: NaN };
    rows.push(row);
  }
  return row;
};

const runCase = async (c: AnyCase, rows: Row[]): Promise<void> => {
  for (const [index, spec] of c.runners.entries()) {
    const row = rowFor(rows, c.id, spec.lib, spec.variant);
    const { runner, check } = await c.prepareRunner(index);
    try {
      const t = await measure(runner.run, timing);
      row.msPerRound.push(t.medianMs);
      if (Number.isNaN(row.error)) row.error = check(await runner.output());
    } finally {
      runner.dispose?.();
    }
    process.stderr.write(".");
  }
};

/** numpy's MLP step in its own process (1 and 2 BLAS threads), as rows of the MLP case. */
const runNumpy = (caseId: string, rows: Row[]): void => {
  const inputs = mlpInputs();
  const batch = inputs.batches[0];
  if (batch === undefined) return;
  const want = referenceLoss(inputs.params, batch);
  for (const threads of [1, 2]) {
    const result = runNumpyMlp(inputs, threads);
    if (result === undefined) continue;
    const row = rowFor(rows, caseId, threads === 1 ? "numpy-1t" : "numpy-2t", "hand-written + OpenBLAS (own process)");
    row.msPerRound.push(result.msPerStep);
    row.error = Math.abs(result.firstLoss - want) / want;
    process.stderr.write("n");
  }
};

const rate = (c: AnyCase, ms: number): number => {
  switch (c.unit) {
    case "GFLOP/s":
      return c.work / ms / 1e6;
    case "Melem/s":
      return c.work / ms / 1e3;
    case "steps/s":
    case "epochs/s":
      return (c.work / ms) * 1e3;
  }
};

const format = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : "–");

const caseTables = (results: readonly CaseResult[]): string[] => {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`\n### ${r.title} (${r.unit}, higher is better)\n`);
    lines.push(`| lib | variant | ms | ${r.unit} | tygrad (first row) ÷ this | error |`);
    lines.push("|---|---|---:|---:|---:|---:|");
    for (const e of r.entries) {
      lines.push(`| ${e.lib} | ${e.variant} | ${format(e.medianMs, 3)} | ${format(e.rate)} | ${format(e.tygradOneThreadRatio, 2)} | ${e.error.toExponential(1)} |`);
    }
  }
  return lines;
};

const systemTables = (startup: readonly StartupRow[], memory: readonly MemoryRow[]): string[] => {
  const lines: string[] = [];
  if (startup.length > 0) {
    lines.push(`\n### Start-up: import + first op, whole process (peak RSS by ${rssMethod()}; lower is better)\n`);
    lines.push("| lib | variant | wall ms (median) | wall ms (min) | peak RSS MiB |");
    lines.push("|---|---|---:|---:|---:|");
    for (const s of startup) lines.push(`| ${s.lib} | ${s.variant} | ${format(s.medianMs)} | ${format(s.minMs)} | ${format(s.rssMiB)} |`);
  }
  if (memory.length > 0) {
    lines.push(`\n### Peak RSS of the MLP benchmark, own process each (${memory[0]?.how ?? ""}; lower is better)\n`);
    lines.push("| lib | variant | peak RSS MiB | last loss |");
    lines.push("|---|---|---:|---:|");
    for (const m of memory) lines.push(`| ${m.lib} | ${m.variant} | ${format(m.rssMiB)} | ${m.loss.toPrecision(4)} |`);
  }
  return lines;
};

const main = async (): Promise<void> => {
  const options = parseOptions(process.argv.slice(2));
  const cases = allCases.filter((c) => options.only === undefined || c.id.includes(options.only));
  const numpy = numpyAvailable();
  const rows: Row[] = [];
  for (let round = 0; round < options.rounds; round++) {
    for (const c of cases) {
      await runCase(c, rows);
      if (c.id === "mlp-train-step-f32" && numpy) runNumpy(c.id, rows);
    }
  }
  process.stderr.write("\n");
  await closeTygrad();
  await closeTygradMlp();
  await closeTygradTransformer();

  const results: CaseResult[] = cases.map((c) => {
    const entries = rows
      .filter((r) => r.caseId === c.id)
      .map((r) => {
        const ms = median(r.msPerRound);
        return { lib: r.lib, variant: r.variant, medianMs: ms, rate: rate(c, ms), roundsMs: r.msPerRound, error: r.error };
      });
    const tygradFirst = entries.find((e) => e.lib === "tygrad")?.rate ?? NaN;
    return { id: c.id, title: c.title, unit: c.unit, work: c.work, entries: entries.map((e) => ({ ...e, tygradOneThreadRatio: tygradFirst / e.rate })) };
  });

  let startup: readonly StartupRow[] = [];
  let memory: readonly MemoryRow[] = [];
  if (options.system) {
    buildSystemScripts();
    startup = measureStartup(15);
    process.stderr.write("s");
    memory = measureMemory(300, 3);
    process.stderr.write("m\n");
  }

  const lines = [...caseTables(results), ...systemTables(startup, memory), "\n### Targets\n", ...targetLines(results, startup, memory)];
  process.stdout.write(`${lines.join("\n")}\n`);

  const here = fileURLToPath(new URL(".", import.meta.url));
  mkdirSync(`${here}results`, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = `${here}results/${stamp}.json`;
  const environment = { node: process.version, v8: process.versions.v8, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length };
  const record = { date: new Date().toISOString(), environment, rounds: options.rounds, timing, results, startup, memory };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(`\nwritten ${file}\n`);
};

await main();
