// Every example runs to completion in its short mode (TYGRAD_SHORT=1): each file in examples/
// is enumerated, so a new example cannot be left out.

import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".ts")).sort();

describe("examples", () => {
  it("exist", () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  for (const file of examples) {
    it(`${file} runs in short mode`, () => {
      const run = spawnSync(process.execPath, ["--import", "tsx", join("examples", file)], {
        cwd: root,
        env: { ...process.env, TYGRAD_SHORT: "1", TYGRAD_OUT: join(root, "out", "examples-test") },
        encoding: "utf8",
        timeout: 120_000,
      });
      expect(run.stderr).not.toMatch(/Error/);
      expect(run.status).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(0);
    });
  }
});
