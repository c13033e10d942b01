// `npm start -- --model transformer` as a process: a short run on the built-in digit-reversal
// task prints its table with the answer accuracy, perplexity and learning rate, writes the
// history and one chart per figure, and reports the exact-match rate of greedy decoding; --json
// gives the same figures as JSON lines; flags the job cannot honour are usage errors (status 2).

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-cli-transformer-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("npm start -- --model transformer", () => {
  it("trains, decodes greedily and writes its figures (table and JSON lines)", { timeout: 180_000 }, async () => {
    const common = ["--model", "transformer", "--examples", "128", "--epochs", "1", "--batch-size", "64"];
    const [table, json] = await Promise.all([runCli([...common, "--out", join(dir, "table")]), runCli([...common, "--json", "--out", join(dir, "json")])]);
    expect(table.stderr).toBe("");
    expect(table.status).toBe(0);
    expect(table.stdout).toContain("tygrad: transformer on digit reversal (128 strings of 8 digits)");
    expect(table.stdout).toMatch(/^\| Epoch \|\s+Loss \|\s+Val loss \|\s+answer \|\s+valAnswer \|\s+perplexity \|\s+lr \|\s+Time \|$/m);
    expect(table.stdout).toMatch(/^Held-out exact match: \d+\.\d\d% of 500 strings reversed correctly\.$/m);
    expect(table.stdout).toMatch(/^ {2}\d{8} → [0-9|_]{8} {2}[✓✗]$/m);
    for (const file of ["history.json", "loss.svg", "answer.svg", "perplexity.svg", "lr.svg"]) {
      expect(await readFile(join(dir, "table", file), "utf8")).not.toBe("");
    }
    const history = JSON.parse(await readFile(join(dir, "table", "history.json"), "utf8")) as { history: Record<string, number>[]; heldOutExactMatch: number };
    const [record] = history.history;
    expect(record?.["perplexity"]).toBeCloseTo(Math.exp(record?.["loss"] ?? NaN), 10);
    expect(record?.["answer"]).toBeGreaterThanOrEqual(0);
    expect(record?.["valAnswer"]).toBeLessThanOrEqual(1);
    expect(record?.["lr"]).toBeGreaterThan(0);

    expect(json.status).toBe(0);
    const events = json.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((e) => e["event"])).toEqual(["epoch", "result"]);
    expect(Object.keys(events[0] ?? {}).sort()).toEqual(["answer", "epoch", "event", "loss", "lr", "perplexity", "seconds", "valAnswer", "valLoss"]);
    // Same seed, same run: the JSON figures are the table run's.
    expect(events[0]?.["loss"]).toBe(record?.["loss"]);
    expect(events[1]?.["heldOutExactMatch"]).toBe(history.heldOutExactMatch);
  });

  it("refuses flags it cannot honour, with a usage error", async () => {
    const r = await runCli(["--model", "transformer", "--data", "x.csv"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("tygrad: --data is not supported with --model transformer (it trains adam on the built-in digit-reversal task) (see --help)\n");
  });
});
