// The built package in Deno and Bun, as their users import it: a program importing "tygrad"
// from node_modules computes a gradient, a jitted product and a 256×256 matmul split across
// worker threads, with the numbers Node gets. Deno runs it with no permission flags at all (the
// environment is read only where permitted); with --allow-env, TYGRAD_THREADS is honoured.
//
// The runtimes come from the npm registry's platform packages (@deno/linux-x64-glibc,
// @oven/bun-linux-x64), which .ci/run installs into .ci/runtimes without install scripts; or
// TYGRAD_DENO / TYGRAD_BUN name a binary. Where neither is present the test says so and skips.

import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installBuiltPackage, root, run, type Installed } from "../package/install.js";

const runtimes = join(root, ".ci", "runtimes", "node_modules");
const found = (variable: string, path: string): string | undefined => {
  const given = process.env[variable];
  if (given !== undefined && given !== "") return given;
  return existsSync(path) ? path : undefined;
};
const deno = found("TYGRAD_DENO", join(runtimes, "@deno", "linux-x64-glibc", "deno"));
const bun = found("TYGRAD_BUN", join(runtimes, "@oven", "bun-linux-x64", "bin", "bun"));
if (deno === undefined) console.log("Deno is not installed (.ci/run installs @deno/linux-x64-glibc); its smoke test skips");
if (bun === undefined) console.log("Bun is not installed (.ci/run installs @oven/bun-linux-x64); its smoke test skips");

const smoke = `
import { grad, jit, matmul, sum, tensor, wasmBackend, version } from "tygrad";
const x = tensor([[1, 2], [3, 4]]);
const g = grad((v) => sum(matmul(v, v)))(x);
const y = jit((v) => matmul(v, v))(x);
const n = 256;
const a = tensor(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ((i * n + j) % 13) / 13)));
await wasmBackend.ready();
const p = jit((v) => matmul(v, v))(a).toArray();
console.log(JSON.stringify({ version, grad: Array.from(g.toArray()), jit: Array.from(y.toArray()), sum: p.reduce((s, v) => s + v, 0), threads: wasmBackend.threads }));
await wasmBackend.close();
`;

let installed: Installed | undefined;
let dir = "";
let expected: Record<string, unknown> = {};

beforeAll(async () => {
  if (deno === undefined && bun === undefined) return;
  installed = await installBuiltPackage();
  dir = installed.dir;
  await writeFile(join(dir, "package.json"), '{ "type": "module" }\n');
  await writeFile(join(dir, "smoke.mjs"), smoke);
  expected = JSON.parse((await run(process.execPath, ["smoke.mjs"], { cwd: dir })).stdout);
}, 120_000);

afterAll(async () => {
  await installed?.remove();
});

const output = async (command: string, args: readonly string[], env: Record<string, string> = {}): Promise<Record<string, unknown>> => {
  const { stdout, stderr } = await run(command, args, { cwd: dir, env: { ...process.env, ...env } });
  expect(stderr).toBe("");
  return JSON.parse(stdout);
};

describe("other runtimes", () => {
  it("Node's own numbers are right (the reference for the others)", () => {
    if (installed === undefined) return;
    expect(expected).toMatchObject({ version: "0.1.0", grad: [7, 11, 9, 13], jit: [7, 10, 15, 22], threads: availableParallelism() });
  });

  it.skipIf(deno === undefined)("Deno: imports and runs with no permission flags, threads on Web Workers; with --allow-env it reads TYGRAD_THREADS", async () => {
    const denoBin = deno ?? "";
    expect(await output(denoBin, ["run", "--no-prompt", "smoke.mjs"], { TYGRAD_THREADS: "off" })).toEqual(expected);
    expect(await output(denoBin, ["run", "--no-prompt", "--allow-env", "smoke.mjs"], { TYGRAD_THREADS: "off" })).toEqual({ ...expected, threads: 1 });
  });

  it.skipIf(bun === undefined)("Bun: imports and runs, threads on worker_threads", async () => {
    expect(await output(bun ?? "", ["smoke.mjs"])).toEqual(expected);
  });
});
