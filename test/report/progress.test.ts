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

  it("treats a reported width of 0 (or any non-positive or fractional width) as 80 columns, not as no room", () => {
    const p = { step: 25, total: 100, startedAt: 1000, now: 3000, loss: 0.5 };
    const at80 = progressLine(p, 80);
    expect(at80).toContain("[=======>");
    for (const columns of [0, -1, 0.5, Number.NaN]) expect(progressLine(p, columns)).toBe(at80);
  });

  it("at every width from 1 to 90, drops whole fields rather than cutting a number", () => {
    const p = { step: 317, total: 500, startedAt: 0, now: 2500, loss: 0.123456, batchSize: 64 };
    const fields = ["  63%", " 8.12k ex/s", " ETA 1.44s", " loss 0.1235"];
    expect(progressLine(p, 200)).toBe(`317/500 [${"=".repeat(19)}>${" ".repeat(10)}]${fields.join("")}`);
    for (let columns = 1; columns <= 90; columns++) {
      const line = progressLine(p, columns);
      expect(line.length, `width ${columns}`).toBeLessThan(columns);
      if (line === "") continue;
      // The count, perhaps a bar, then whole fields in their order, each exactly as in the full line.
      expect(line.startsWith("317/500"), `width ${columns}: ${line}`).toBe(true);
      const tail = line.replace(/^317\/500( \[[=> ]*\])?/, "");
      expect(fields.filter((f) => tail.includes(f)).join(""), `width ${columns}: ${line}`).toBe(tail);
    }
    // The rate goes first, then the ETA, then the percentage, then the loss, then everything.
    expect(progressLine(p, 50)).toBe("317/500  63% 8.12k ex/s ETA 1.44s loss 0.1235");
    expect(progressLine(p, 40)).toBe("317/500  63% ETA 1.44s loss 0.1235");
    expect(progressLine(p, 30)).toBe("317/500  63% loss 0.1235");
    expect(progressLine(p, 20)).toBe("317/500 loss 0.1235");
    expect(progressLine(p, 8)).toBe("317/500");
    expect(progressLine(p, 7)).toBe("");
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
