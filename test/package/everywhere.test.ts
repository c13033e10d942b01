// One package for every runtime, checked on the built package as a user installs it: a minimal
// consumer bundled by esbuild, Rollup or webpack for the browser (no configuration, no stubs) carries no Node
// built-in, `process`, `Buffer` or `require`, and none of what it does not use (the CLI, plots,
// data loaders, file formats); the same bundle computes grad and jit (on the Wasm backend); what
// npm would publish; `npx tygrad --help`; `version`.

import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { rollup } from "rollup";
import webpack from "webpack";
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

// d/dX Σ(X·X) = 1·Xᵀ + Xᵀ·1 for X = [[1, 2], [3, 4]], computed in float64.
const x22 = [[1, 2], [3, 4]];
const expectedGrad = [0, 1].flatMap((i) => [0, 1].map((j) => [0, 1].reduce((s, k) => s + (x22[j]?.[k] ?? 0) + (x22[k]?.[i] ?? 0), 0)));

/** Bundles the consumer with Rollup as Vite does for a page: node resolution with the "browser"
 *  condition, nothing else configured. The code, and every warning Rollup gave. */
async function bundleWithRollup(source: string): Promise<{ code: string; warnings: readonly string[] }> {
  await writeFile(join(dir, "consumer.mjs"), source);
  const warnings: string[] = [];
  const bundle = await rollup({ input: join(dir, "consumer.mjs"), plugins: [nodeResolve({ browser: true })], onwarn: (w) => warnings.push(`${w.code ?? ""}: ${w.message}`) });
  const { output } = await bundle.generate({ format: "es", inlineDynamicImports: true });
  await bundle.close();
  return { code: output.map((o) => (o.type === "chunk" ? o.code : "")).join("\n"), warnings };
}

/** Bundles the consumer with webpack for the web, production mode, no configuration beyond the
 *  entry and the output folder. The code, and webpack's errors and warnings. */
async function bundleWithWebpack(source: string): Promise<{ code: string; problems: readonly string[] }> {
  await writeFile(join(dir, "consumer.mjs"), source);
  const compiler = webpack({ mode: "production", target: "web", context: dir, entry: "./consumer.mjs", output: { path: join(dir, "webpack-out"), filename: "bundled.js" } });
  const stats = await new Promise<webpack.Stats | undefined>((resolve, reject) => compiler.run((e, result) => (e ? reject(e) : resolve(result))));
  await new Promise<void>((resolve) => compiler.close(() => resolve()));
  const problems = [...(stats?.compilation.errors ?? []), ...(stats?.compilation.warnings ?? [])].map((p) => p.message);
  return { code: await readFile(join(dir, "webpack-out", "bundled.js"), "utf8").catch(() => ""), problems };
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

  it("bundles with Rollup (Vite's bundler) and with webpack as well, with no configuration, no warnings and nothing of Node's; Rollup's bundle runs", async () => {
    const rolled = await bundleWithRollup(minimalConsumer);
    expect(rolled.warnings).toEqual([]);
    expect(nodeReferences(rolled.code)).toEqual([]);
    const packed = await bundleWithWebpack(minimalConsumer);
    expect(packed.problems.filter((p) => !/asset size limit|entrypoint size limit|performance/i.test(p))).toEqual([]);
    expect(packed.code.length).toBeGreaterThan(0);
    expect(nodeReferences(packed.code)).toEqual([]);
    // Rollup's bundle computes what the esbuild one does (webpack's web runtime locates its chunks
    // through the page's document, so it runs in a page, not in Node).
    await writeFile(join(dir, "rolled.mjs"), rolled.code);
    const fromRollup = JSON.parse((await run(process.execPath, ["rolled.mjs"], { cwd: dir })).stdout);
    expect(fromRollup).toEqual({ grad: expectedGrad, jit: [7, 10, 15, 22], placed: true });
  }, 120_000);

  it("runs: grad and jit give the right numbers, and jit places its program on the WebAssembly backend", async () => {
    const { code } = await bundleForBrowser(minimalConsumer);
    await writeFile(join(dir, "bundled.mjs"), code);
    const { stdout } = await run(process.execPath, ["bundled.mjs"], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ grad: expectedGrad, jit: [7, 10, 15, 22], placed: true });
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
