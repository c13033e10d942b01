// Runs the registered cases for every library in one process, on identical seeded inputs, and
// prints a table of median throughputs and of tygrad's speed relative to each peer; the full
// figures go to results/<date>.json.
//
//   npm run bench                         all cases, 3 interleaved rounds
//   npm run bench -- --rounds 1 --only tanh
//
// Rounds interleave the libraries (round 1 runs every case and library, then round 2 …) so slow
// drift of a shared machine affects all of them alike; each figure is the median over rounds of
// a median over timed blocks.

import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { allCases } from "./cases/index.js";
import { type AnyCase } from "./lib/registry.js";
import { median, measure } from "./lib/timing.js";
import { closeTygrad } from "./libs/tygrad.js";

interface Options {
  readonly rounds: number;
  readonly only: string | undefined;
}

const parseOptions = (argv: readonly string[]): Options => {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const rounds = Number(value("--rounds") ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds expects a positive integer, got ${value("--rounds")}`);
  return { rounds, only: value("--only") };
};

interface Row {
  readonly caseId: string;
  readonly lib: string;
  readonly variant: string;
  readonly msPerRound: number[];
  error: number;
}

const timing = { warmupMs: 300, blocks: 7, minBlockMs: 60 } as const;

const runCase = async (c: AnyCase, rows: Row[]): Promise<void> => {
  for (const [index, spec] of c.runners.entries()) {
    let row = rows.find((r) => r.caseId === c.id && r.lib === spec.lib && r.variant === spec.variant);
    if (row === undefined) {
      row = { caseId: c.id, lib: spec.lib, variant: spec.variant, msPerRound: [], error: NaN };
      rows.push(row);
    }
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

const rate = (c: AnyCase, ms: number): number => (c.unit === "GFLOP/s" ? c.work / ms / 1e6 : c.work / ms / 1e3);

const format = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : "–");

const main = async (): Promise<void> => {
  const options = parseOptions(process.argv.slice(2));
  const cases = allCases.filter((c) => options.only === undefined || c.id.includes(options.only));
  const rows: Row[] = [];
  for (let round = 0; round < options.rounds; round++) {
    for (const c of cases) await runCase(c, rows);
  }
  process.stderr.write("\n");
  await closeTygrad();

  const results = cases.map((c) => {
    const mine = rows.filter((r) => r.caseId === c.id);
    const entries = mine.map((r) => {
      const ms = median(r.msPerRound);
      return { lib: r.lib, variant: r.variant, medianMs: ms, rate: rate(c, ms), roundsMs: r.msPerRound, error: r.error };
    });
    const tygradBest = entries.find((e) => e.lib === "tygrad")?.rate ?? NaN;
    return { id: c.id, title: c.title, unit: c.unit, work: c.work, entries: entries.map((e) => ({ ...e, tygradOneThreadRatio: tygradBest / e.rate })) };
  });

  const lines: string[] = [];
  for (const r of results) {
    lines.push(`\n### ${r.title} (${r.unit}, higher is better)\n`);
    lines.push(`| lib | variant | ms | ${r.unit} | tygrad (first row) ÷ this | error |`);
    lines.push("|---|---|---:|---:|---:|---:|");
    for (const e of r.entries) {
      lines.push(`| ${e.lib} | ${e.variant} | ${format(e.medianMs, 3)} | ${format(e.rate)} | ${format(e.tygradOneThreadRatio, 2)} | ${e.error.toExponential(1)} |`);
    }
  }
  process.stdout.write(`${lines.join("\n")}\n`);

  const here = fileURLToPath(new URL(".", import.meta.url));
  mkdirSync(`${here}results`, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = `${here}results/${stamp}.json`;
  const environment = { node: process.version, v8: process.versions.v8, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length };
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), environment, rounds: options.rounds, timing, results }, null, 2)}\n`);
  process.stdout.write(`\nwritten ${file}\n`);
};

await main();
