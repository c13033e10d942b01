// The package's browser build in headless Chromium: a page runs grad, jit, a large jitted matmul
// and a short fit, and its numbers are compared with Node's (the same code on the source). Served
// cross-origin isolated, the page splits matmuls across Web Workers over a shared
// WebAssembly.Memory (wasmBackend.threads > 1) and gets the same product bit for bit; served
// without those headers it runs on one thread.

import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tygrad from "../../src/index.js";
import { installBuiltPackage, type Installed } from "../package/install.js";
import { numbers, type Numbers } from "./pages/numbers-case.js";
import { chromiumInstalled, chromiumPath, launchChromium, type Browser } from "./support/chromium.js";
import { bundlePage } from "../../playground/build.js";
import { serveStatic, type StaticServer } from "../../playground/server.js";
import { writeFile } from "node:fs/promises";

if (!chromiumInstalled()) throw new Error(`no Chromium at ${chromiumPath}: .ci/run installs Debian's chromium package (apt-get install chromium)`);

let installed: Installed | undefined;
let browser: Browser | undefined;
const servers: StaticServer[] = [];
let site = "";

beforeAll(async () => {
  installed = await installBuiltPackage();
  site = join(installed.dir, "site");
  await bundlePage(join(import.meta.dirname, "pages", "numbers.ts"), site, "numbers", { consumer: installed.dir });
  await writeFile(join(site, "numbers.html"), '<!doctype html>\n<meta charset="utf-8">\n<title>numbers</title>\n<script type="module" src="./numbers.js"></script>\n');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
  await installed?.remove();
});

async function pageNumbers(isolated: boolean): Promise<Numbers> {
  const server = await serveStatic(site, { isolated });
  servers.push(server);
  const page = await (browser ?? (() => { throw new Error("no browser"); })()).context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/numbers.html`);
  await page.waitForFunction(() => {
    const w = globalThis as { result?: unknown; failure?: unknown };
    return w.result !== undefined || w.failure !== undefined;
  }, undefined, { timeout: 60_000 });
  const failure = await page.evaluate(() => (globalThis as { failure?: string }).failure);
  if (failure !== undefined) throw new Error(`the page failed: ${failure}`);
  expect(errors).toEqual([]);
  const result = await page.evaluate(() => (globalThis as { result?: unknown }).result);
  await page.close();
  return result as Numbers; // the page's own Numbers, sent through the DevTools protocol as JSON
}

let node: Numbers;

describe("the browser build in headless Chromium", () => {
  beforeAll(async () => {
    node = await numbers(tygrad);
  }, 60_000);

  it("computes what Node computes: the gradient, the jitted gradient, a matmul and a short fit", async () => {
    const page = await pageNumbers(false);
    expect(page.grad).toEqual(node.grad);
    expect(page.jitGrad).toEqual(node.jitGrad);
    expect(page.matmul).toEqual(node.matmul);
    expect(page.losses).toEqual(node.losses);
    expect(page.accuracy).toEqual(node.accuracy);
    // and the numbers are right, not merely equal: the gradient against central differences in float64
    const x = Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));
    const w = Array.from({ length: 6 }, (_, i) => Math.cos(i) / 2);
    const f = (v: readonly number[]) => [0, 1, 2, 3].reduce((s, r) => s + [0, 1].reduce((t, c) => t + Math.tanh([0, 1, 2].reduce((u, k) => u + (x[3 * r + k] ?? 0) * (v[2 * k + c] ?? 0), 0)), 0), 0);
    const fd = w.map((_, i) => (f(w.map((v, j) => (j === i ? v + 1e-6 : v))) - f(w.map((v, j) => (j === i ? v - 1e-6 : v)))) / 2e-6);
    page.grad.forEach((g, i) => expect(Math.abs(g - (fd[i] ?? NaN))).toBeLessThan(1e-5));
    expect(page.losses[page.losses.length - 1]).toBeLessThan(page.losses[0] ?? 0);
    expect(page.threads).toBe(1);
    expect(page.isolated).toBe(false);
  }, 90_000);

  it("cross-origin isolated, splits matmuls across Web Workers and gets the same numbers bit for bit", async () => {
    const page = await pageNumbers(true);
    expect(page.isolated).toBe(true);
    expect(page.threads).toBeGreaterThan(1);
    expect(page.matmul).toEqual(node.matmul);
    expect(page.grad).toEqual(node.grad);
    expect(page.losses).toEqual(node.losses);
  }, 90_000);
});
