// The playground in headless Chromium, driven as a learner would use it: type a function and see
// the four programs, the graph with values and cotangents, and a passing gradient check; get a
// clear error for a shape mistake; train a few epochs and watch the loss fall. Screenshots of
// both tabs go to out/ (playground-autodiff.png, playground-train.png).

import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlayground } from "../../playground/build.js";
import { serveStatic, type StaticServer } from "../../playground/server.js";
import { installBuiltPackage, root, type Installed } from "../package/install.js";
import { chromiumInstalled, chromiumPath, launchChromium, type Browser } from "./support/chromium.js";

if (!chromiumInstalled()) throw new Error(`no Chromium at ${chromiumPath}: .ci/run installs Debian's chromium package (apt-get install chromium)`);

let installed: Installed | undefined;
let browser: Browser | undefined;
let server: StaticServer | undefined;
let page: Page;
const errors: string[] = [];
const shots = join(root, "out");

beforeAll(async () => {
  installed = await installBuiltPackage();
  const site = join(installed.dir, "playground");
  await buildPlayground(site, { consumer: installed.dir });
  server = await serveStatic(site, { isolated: true });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/`);
  await page.waitForSelector("body[data-ready='yes']");
  await mkdir(shots, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await installed?.remove();
});

// The page's body as the functions evaluated in it see it (this file is type-checked without the
// DOM's types; those functions run in the page, so they name nothing from this file's scope).
interface PageBody {
  readonly document: { readonly body: { readonly dataset: Record<string, string | undefined> } };
}
const text = (selector: string): Promise<string> => page.locator(selector).innerText();

async function typeSource(source: string): Promise<void> {
  await page.evaluate(() => delete (globalThis as unknown as PageBody).document.body.dataset["analysis"]);
  await page.fill("#source", source);
  await page.waitForSelector("body[data-analysis]");
}

describe("the playground", () => {
  it("shows a typed function's four programs, its graph with values and cotangents, and a passing gradient check", async () => {
    await typeSource("x = [0.5, 1.5]\nf = sum(exp(x) · x)");
    expect(await text("#error")).toBe("");
    const program = await text("#program");
    expect(program).toMatch(/^\{ lambda a:f32\[2\] \.\n {2}let b:f32\[2\] = exp a\n {6}c:f32\[2\] = mul b a\n {6}d:f32\[\] = reduceSum\[axes=\[0\]\] c\n {2}in \( d \) \}$/);
    expect(await text("#jvp")).toMatch(/exp/);
    expect(await text("#linear")).toMatch(/^\{ lambda a:f32\[2\] ; /); // residuals after the ;
    expect(await page.locator("#linear mark.residual").count()).toBeGreaterThan(0);
    expect(await text("#transpose")).toMatch(/^\{ lambda a:f32\[\] ; /);
    // f = Σ x·eˣ = 0.5e^0.5 + 1.5e^1.5
    expect(Number((await text("#value")).replace("f = ", ""))).toBeCloseTo(0.5 * Math.exp(0.5) + 1.5 * Math.exp(1.5), 5);
    // the graph: 4 variables; the input's cotangent is ∂f/∂x = eˣ(1 + x), shown to 3 digits
    expect(await page.locator("#graph g.node").count()).toBe(4);
    const expected = [0.5, 1.5].map((x) => String(Number((Math.exp(x) * (1 + x)).toPrecision(3))));
    expect(await page.locator("#graph g.node.input .cotangent").textContent()).toBe(`∂f/∂a [${expected.join(", ")}]`);
    expect(await page.locator("#gradcheck tr.pass").count()).toBe(1);
    expect(await page.locator("#gradcheck tr.fail").count()).toBe(0);
  });

  it("says what is wrong with a shape mistake, naming the op and the shapes", async () => {
    await typeSource("x = [1, 2, 3]\nw = [[1, 2], [3, 4]]\nf = sum(matmul(x, w))");
    expect(await page.evaluate(() => (globalThis as unknown as PageBody).document.body.dataset["analysis"])).toBe("error");
    expect(await text("#error")).toMatch(/matmul.*\[3\].*\[2, 2\]|matmul.*rank/);
  });

  it("runs each example with a passing gradient check", async () => {
    for (const name of ["2-layer MLP loss", "softmax cross-entropy", "sin(x)·y"]) {
      await page.evaluate(() => delete (globalThis as unknown as PageBody).document.body.dataset["analysis"]);
      await page.selectOption("#example", name);
      await page.waitForSelector("body[data-analysis='done']");
      expect(await page.locator("#gradcheck tr.fail").count()).toBe(0);
      expect(await page.locator("#gradcheck tr.pass").count()).toBeGreaterThan(0);
    }
    await page.selectOption("#example", "2-layer MLP loss");
    await page.waitForSelector("body[data-analysis='done']");
    // the typed form of the example, with its shape mistake, and tsc's own message about it
    await page.waitForFunction(() => /matmul: inner dims differ/.test((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document.getElementById("typed-message")?.textContent ?? ""));
    expect(await text("#typed-message")).toMatch(/^example\.ts\(6,36\): error TS2345: .*ShapeError<"matmul: inner dims differ: \[2, 3\] @ \[4, 1\]", 3, 4>/);
    expect(await text("#typed-code")).toMatch(/w2: Tensor<\[4, 1\]>/);
    await page.screenshot({ path: join(shots, "playground-autodiff.png"), fullPage: true });
  });

  it("trains a few epochs in the page: the loss falls, and the decision regions are drawn", async () => {
    await page.click("button[data-show='train']");
    await page.fill("#epochs", "12");
    await page.click("#train");
    await page.waitForSelector("body[data-training='done']", { timeout: 90_000 });
    const losses = (await page.locator("#epoch-rows tr td:nth-child(2)").allInnerTexts()).map(Number);
    expect(losses).toHaveLength(12);
    expect(losses[losses.length - 1]).toBeLessThan((losses[0] ?? 0) * 0.8);
    expect(await page.locator("#regions svg").count()).toBe(1);
    expect(await page.locator("#loss-curve svg").count()).toBe(1);
    expect(await text("#train-status")).toMatch(/^done \(\d+ threads?\)$/);
    await page.screenshot({ path: join(shots, "playground-train.png"), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
