// Browser against Node on this machine: the same timed case (speed-case.ts) through the package
// build, in headless Chromium (Debian's; the page cross-origin isolated, so with Web Workers, and
// not, so on one thread) and in Node (worker_threads, and TYGRAD_THREADS=1 in a second process).
// Run them one after another, never in parallel: `npm run build && npx tsx bench/browser/run.ts`.

import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { bundlePage } from "../../playground/build.js";
import { serveStatic } from "../../playground/server.js";
import { launchChromium } from "../../test/browser/support/chromium.js";
import { installBuiltPackage } from "../../test/package/install.js";
import type { Speed } from "./speed-case.js";

const run = promisify(execFile);
const installed = await installBuiltPackage();
const rows: { where: string; speed: Speed }[] = [];
try {
  const site = join(installed.dir, "site");
  await bundlePage(join(import.meta.dirname, "page.ts"), site, "speed", { consumer: installed.dir });
  await writeFile(join(site, "index.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="./speed.js"></script>\n');
  // Node: the case bundled against the package's Node build, in a fresh process per setting
  await bundlePage(join(import.meta.dirname, "node.ts"), join(installed.dir, "node-case"), "speed", { consumer: installed.dir }, "node");
  for (const threads of ["", "1"]) {
    const { stdout } = await run(process.execPath, [join(installed.dir, "node-case", "speed.js")], { env: { ...process.env, TYGRAD_THREADS: threads } });
    rows.push({ where: `Node ${process.versions.node}${threads === "1" ? ", TYGRAD_THREADS=1" : ""}`, speed: JSON.parse(stdout) });
  }
  const browser = await launchChromium();
  try {
    for (const isolated of [true, false]) {
      const server = await serveStatic(site, { isolated });
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => (globalThis as { speed?: unknown }).speed !== undefined, undefined, { timeout: 300_000 });
      const speed = await page.evaluate(() => (globalThis as { speed?: unknown }).speed);
      rows.push({ where: `Chromium ${browser.context.browser()?.version() ?? ""}${isolated ? ", cross-origin isolated" : ""}`, speed: speed as Speed });
      await page.close();
      await server.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  await installed.remove();
}
console.log("| where | threads | 512² matmul via jit, GFLOP/s | MLP step (jit, batch 128), ms |");
console.log("|---|--:|--:|--:|");
for (const { where, speed } of rows) console.log(`| ${where} | ${speed.threads} | ${speed.matmulGflops.toFixed(1)} | ${speed.mlpStepMs.toFixed(2)} |`);
