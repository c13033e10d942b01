// What every example shares: its short mode, where its plots go, and a plain text table.
//
//   TYGRAD_SHORT=1   run a tiny version (few epochs, little data) in a few seconds; the test
//                    suite runs every example this way, so each one is checked end to end.
//   TYGRAD_OUT=dir   where SVG plots are written (default out/examples/ in the repository,
//                    a folder git ignores).

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** True when the example should run its tiny version. */
export const short = process.env.TYGRAD_SHORT === "1";

/** `full` normally, `quick` in short mode: `const epochs = choose(30, 3)`. */
export const choose = <T>(full: T, quick: T): T => (short ? quick : full);

const repository = resolve(import.meta.dirname, "..", "..");

/** The folder plots are written to. */
export const outDir = resolve(process.env.TYGRAD_OUT ?? join(repository, "out", "examples"));

/** Writes an SVG document into the output folder and returns its path. */
export function writePlot(name: string, svg: string): string {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, name);
  writeFileSync(path, svg);
  return path;
}

/** A Markdown table with right-aligned columns (every row must have one cell per header). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== header.length) throw new RangeError(`table: row ${i} has ${row.length} cells, expected ${header.length} (one per header)`);
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((s, c) => s.padStart(widths[c] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((w) => `${"-".repeat(w + 1)}:`).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}
