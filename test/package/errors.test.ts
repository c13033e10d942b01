// Every error class a caller can catch is exported from the package root: the test reads every
// source file, finds each `class … extends …Error` that carries a `_tag`, and checks that the root
// exports that very class (the same constructor, so `instanceof` works on what the library throws).
// The CLI program (src/cli) is not part of the library and is left out.

import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";

const src = join(import.meta.dirname, "..", "..", "src");

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return relative(src, path) === "cli" ? [] : sourceFiles(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path] : [];
  }));
  return nested.flat();
}

/** [file, class name] for each tagged error class declared in the file. */
const taggedErrors = (file: string, text: string): (readonly [string, string])[] =>
  [...text.matchAll(/export class (\w+) extends (\w*Error)\b[^{]*\{\s*(?:\/\*\*[^]*?\*\/\s*)?readonly _tag\b/g)].map((m) => [file, m[1] ?? ""] as const);

describe("errors at the package root", () => {
  it("every _tag'ged error class under src is exported from the root as the same class", async () => {
    const files = await sourceFiles(src);
    const found = (await Promise.all(files.map(async (f) => taggedErrors(f, await readFile(f, "utf8"))))).flat();
    // The scan itself must see the errors a training run raises, or it proves nothing.
    const names = found.map(([, name]) => name);
    for (const known of ["FitConfigError", "LabelError", "OptimizerConfigError", "TensorShapeError", "DonationError", "VmapError"]) expect(names).toContain(known);
    expect(found.length).toBeGreaterThanOrEqual(25);

    const exported: Readonly<Record<string, unknown>> = root;
    const missing: string[] = [];
    for (const [file, name] of found) {
      const module: Readonly<Record<string, unknown>> = await import(pathToFileURL(file).href);
      if (exported[name] === undefined || exported[name] !== module[name]) missing.push(`${name} (${relative(src, file)})`);
    }
    expect(missing).toEqual([]);
  });
});
