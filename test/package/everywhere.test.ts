// One package for every runtime, checked on the built package as a user installs it: a minimal
// consumer bundled by esbuild for the browser (no configuration, no stubs) carries no Node
// built-in, `process`, `Buffer` or `require`, and none of what it does not use (the CLI, plots,
// data loaders, file formats); the same bundle computes grad and jit (on the Wasm backend); what
// npm would publish; `npx tygrad --help`; `version`.

import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { root, run } from "./install.js";
import { installedForTests } from "./installed.js";

const installed = installedForTests();
let dir = "";

beforeAll(() => {
  dir = installed().dir;
});

const minimalConsumer = [
  'import { grad, jit, matmul, sum, tensor, wasmBackend } from "tygrad";',
  "const f = (x) => sum(matmul(x, x));",
  "const g = grad(f)(tensor([[1, 2], [3, 4]]));",
  "const before = wasmBackend.device().runtime.arena.top;",
  "const y = jit((x) => matmul(x, x))(tensor([[1, 2], [3, 4]]));",
  "const placed = wasmBackend.device().runtime.arena.top > before;",
  "console.log(JSON.stringify({ grad: Array.from(g.toArray()), jit: Array.from(y.toArray()), placed }));",
  "",
].join("\n");

/** Bundles `source` (in the consumer folder) as a page would: platform browser, minified. */
async function bundleForBrowser(source: string): Promise<{ code: string; inputs: readonly string[]; warnings: readonly string[] }> {
  await writeFile(join(dir, "consumer.mjs"), source);
  const result = await build({
    entryPoints: [join(dir, "consumer.mjs")],
    absWorkingDir: dir,
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles.map((f) => f.text).join("\n");
  return { code, inputs: Object.keys(result.metafile.inputs), warnings: result.warnings.map((w) => w.text) };
}

/** What reaches Node's APIs: imports of node: modules, require, process and Buffer. */
const nodeReferences = (code: string): readonly string[] =>
  code.match(/from\s*"node:[^"]*"|import\(\s*"node:[^"]*"\)|\brequire\(|\bprocess\.[A-Za-z]+|\bBuffer\.[A-Za-z]+/g) ?? [];

describe("the browser build", () => {
  it("bundles a minimal consumer for the browser with no Node built-in, process, Buffer or require left", async () => {
    const { code, inputs, warnings } = await bundleForBrowser(minimalConsumer);
    expect(warnings).toEqual([]);
    expect(inputs.filter((i) => i.startsWith("node:"))).toEqual([]);
    expect(inputs.every((i) => !i.includes("bundle/node/"))).toBe(true);
    expect(nodeReferences(code)).toEqual([]);
    console.log(`minimal consumer (grad, jit, matmul): ${(code.length / 1024).toFixed(1)} KiB minified, ${(gzipSync(code, { level: 9 }).length / 1024).toFixed(1)} KiB gzipped`);
  }, 60_000);

  it("and the whole library's browser build has none either", async () => {
    const folder = join(installed().pkg, "dist", "bundle", "browser");
    const files = (await readdir(folder)).filter((f) => f.endsWith(".js"));
    const found = await Promise.all(files.map(async (f) => nodeReferences(await readFile(join(folder, f), "utf8")).map((r) => `${f}: ${r}`)));
    expect(found.flat()).toEqual([]);
  });

  it("tree-shakes: the minimal consumer carries none of the CLI, plots, data loaders or file formats, which the whole library has", async () => {
    // Strings that only those parts contain (names survive minification in string literals and errors).
    const markers = ["tygrad — train a model", "loadMnist(", "parseCsv", "http://www.w3.org/2000/svg", "tygrad-checkpoint/1", "writeFileAtomic", "mnistFromFiles"];
    const everything = await bundleForBrowser('import * as t from "tygrad"; console.log(t);');
    expect(everything.warnings).toEqual([]);
    expect(markers.filter((m) => !everything.code.includes(m))).toEqual(["tygrad — train a model"]); // the CLI is never in the library
    const minimal = await bundleForBrowser(minimalConsumer);
    expect(markers.filter((m) => minimal.code.includes(m))).toEqual([]);
    expect(minimal.code.length).toBeLessThan(everything.code.length * 0.7);
  }, 60_000);

  it("runs: grad and jit give the right numbers, and jit places its program on the WebAssembly backend", async () => {
    const { code } = await bundleForBrowser(minimalConsumer);
    await writeFile(join(dir, "bundled.mjs"), code);
    const { stdout } = await run(process.execPath, ["bundled.mjs"], { cwd: dir });
    // d/dX Σ(X·X) = 1·Xᵀ + Xᵀ·1: for X = [[1, 2], [3, 4]], [[3+4, 3+7], [3+7, 7+4]]... computed in float64 below
    const x = [[1, 2], [3, 4]];
    const expected = [0, 1].flatMap((i) => [0, 1].map((j) => [0, 1].reduce((s, k) => s + (x[j]?.[k] ?? 0) + (x[k]?.[i] ?? 0), 0)));
    expect(JSON.parse(stdout)).toEqual({ grad: expected, jit: [7, 10, 15, 22], placed: true });
  }, 60_000);
});

describe("the package", () => {
  it("publishes the bundles, the declarations and LICENSE, and no unbundled JavaScript", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: installed().pkg });
    const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain("LICENSE");
    expect(files).toContain("dist/bundle/tygrad.js");
    expect(files).toContain("dist/bundle/node/index.js");
    expect(files).toContain("dist/bundle/browser/index.js");
    expect(files).toContain("dist/src/index.d.ts");
    expect(files.filter((f) => f.startsWith("dist/src/") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(files.filter((f) => f.startsWith("dist/laws/") && !f.endsWith(".d.ts"))).toEqual([]);
  }, 60_000);

  it("runs its CLI as `npx tygrad --help`", async () => {
    const { stdout } = await run("npx", ["--no-install", "tygrad", "--help"], { cwd: dir });
    expect(stdout).toMatch(/^tygrad — train a model on built-in or real data/);
    expect(stdout).toMatch(/--epochs/);
  }, 60_000);

  it("exports its version, the one in package.json", async () => {
    await writeFile(join(dir, "version.mjs"), 'import { version } from "tygrad"; console.log(version);\n');
    const { stdout } = await run(process.execPath, ["version.mjs"], { cwd: dir });
    const manifest: { version: string } = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    expect(stdout.trim()).toBe(manifest.version);
  });
});
