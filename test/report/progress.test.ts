import { describe, expect, it } from "vitest";
import { bar, progressLine, rateAndEta } from "../../src/report/progress.js";

describe("bar", () => {
  it.each([
    [0, 4, "[>   ]"],
    [0.5, 4, "[==> ]"],
    [0.99, 4, "[===>]"],
    [1, 4, "[====]"],
  ])("fraction %s of %s cells → %s", (fraction, width, text) => {
    expect(bar(fraction, width)).toBe(text);
  });
});

describe("rateAndEta", () => {
  it("is the mean rate so far and the time the remaining steps take at it", () => {
    // 25 steps in 2 s: 12.5 steps/s; 75 steps left take 6 s.
    expect(rateAndEta({ step: 25, total: 100, startedAt: 1000, now: 3000 })).toEqual({ stepsPerSecond: 12.5, etaSeconds: 6 });
  });
  it("is unknown before any step or any elapsed time", () => {
    expect(rateAndEta({ step: 0, total: 10, startedAt: 0, now: 5 })).toBeUndefined();
    expect(rateAndEta({ step: 3, total: 10, startedAt: 5, now: 5 })).toBeUndefined();
  });
});

describe("progressLine", () => {
  it("shows count, bar, percentage, rate, ETA and loss", () => {
    // 29-cell bar: 80 columns − 1 − "25/100 " − brackets − the 40 characters after the bar.
    expect(progressLine({ step: 25, total: 100, startedAt: 1000, now: 3000, loss: 0.5 })).toBe(
      ` 25/100 [=======>${" ".repeat(21)}]  25% 12.5 steps/s ETA 6.00s loss 0.5000`,
    );
  });

  it("reports examples per second given a batch size", () => {
    expect(progressLine({ step: 10, total: 10, startedAt: 0, now: 4000, batchSize: 128 })).toBe(
      `10/10 [${"=".repeat(30)}] 100% 320 ex/s ETA 0ms`,
    );
  });

  it("shows unknown rate and ETA at step 0", () => {
    expect(progressLine({ step: 0, total: 5, startedAt: 7, now: 7 })).toBe(`0/5 [>${" ".repeat(29)}]   0% -- steps/s ETA --`);
  });

  it("never reaches the terminal's width", () => {
    for (const columns of [20, 40, 50, 60, 120]) {
      const line = progressLine({ step: 3, total: 1000, startedAt: 0, now: 900, loss: 1.5 }, columns);
      expect(line.length).toBeLessThan(columns);
    }
    expect(progressLine({ step: 1, total: 4, startedAt: 0, now: 500, loss: 0.9 }, 50)).toBe(
      "1/4  25% 2.00 steps/s ETA 1.50s loss 0.9000",
    );
  });

  it.each([
    [{ step: 11, total: 10, startedAt: 0, now: 1 }, /progressLine: step must be an integer in 0\.\.10, got 11/],
    [{ step: 1, total: 0, startedAt: 0, now: 1 }, /progressLine: total must be a positive integer, got 0/],
    [{ step: 1, total: 10, startedAt: 5, now: 1 }, /progressLine: .*now ≥ startedAt.*startedAt=5, now=1/],
    [{ step: 1, total: 10, startedAt: 0, now: 1, batchSize: 0 }, /progressLine: batchSize/],
  ])("rejects bad input with a message naming it", (p, message) => {
    expect(() => progressLine(p)).toThrow(message);
  });
});
