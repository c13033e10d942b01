// The writer against a fake sink and a fake clock: on a terminal the progress line is redrawn in
// place and replaced by the epoch's row; elsewhere only the table is written.

import { describe, expect, it } from "vitest";
import type { Sink } from "../../src/report/sink.js";
import { consoleReporter } from "../../src/report/writer.js";

const fakeSink = (isTTY: boolean): Sink & { readonly written: string[] } => {
  const written: string[] = [];
  return { written, isTTY, columns: 80, write: (s) => void written.push(s) };
};

/** A clock that returns the given times in turn. */
const fakeClock = (times: readonly number[]): (() => number) => {
  let i = 0;
  return () => {
    const t = times[i++];
    if (t === undefined) throw new Error("the fake clock ran out of times");
    return t;
  };
};

const header = "| Epoch |     Loss |\n|------:|---------:|\n";

describe("consoleReporter on a terminal", () => {
  it("redraws one line, throttled, then replaces it with the epoch row", () => {
    const sink = fakeSink(true);
    // epochStart at 0 ms; steps at 500, 550 (too soon: skipped), 800, and 850 (last step: drawn anyway).
    const report = consoleReporter(sink, { columns: ["loss"], clock: fakeClock([0, 500, 550, 800, 850]), minRedrawMs: 100 });
    report.epochStart(4);
    report.step(1, 0.9);
    report.step(2, 0.8);
    report.step(3, 0.7);
    report.step(4, 0.6);
    report.epochEnd({ epoch: 1, loss: 0.6 });
    // 1 step in 0.5 s = 2 steps/s, 3 left → 1.5 s; 3 in 0.8 s = 3.75/s, 1 left → 267 ms;
    // 4 in 0.85 s = 4.71/s. The last line is 2 characters shorter, so it is padded to cover the old one.
    const first = `1/4 [=======>${" ".repeat(22)}]  25% 2.00 steps/s ETA 1.50s loss 0.9000`;
    const second = `3/4 [${"=".repeat(22)}>${" ".repeat(7)}]  75% 3.75 steps/s ETA 267ms loss 0.7000`;
    const third = `4/4 [${"=".repeat(30)}] 100% 4.71 steps/s ETA 0ms loss 0.6000`;
    expect(sink.written).toEqual([
      header,
      `\r${first}`,
      `\r${second}`,
      `\r${third}  `,
      `\r${" ".repeat(third.length)}\r`,
      "|     1 |   0.6000 |\n",
    ]);
  });
});

describe("consoleReporter throttling", () => {
  it("redraws once minRedrawMs have passed since the last drawing, not before", () => {
    const sink = fakeSink(true);
    // Drawn at 10; 109 is 99 ms later (skipped); 110 is exactly 100 ms later (drawn); 150 skipped.
    const report = consoleReporter(sink, { columns: ["loss"], clock: fakeClock([0, 10, 109, 110, 150]), minRedrawMs: 100 });
    report.epochStart(10);
    for (let s = 1; s <= 4; s++) report.step(s);
    const drawn = sink.written.filter((w) => w.startsWith("\r")).map((w) => w.slice(1).trimStart().split(" ")[0]);
    expect(drawn).toEqual(["1/10", "3/10"]);
  });
});

describe("consoleReporter off a terminal", () => {
  it("writes nothing per step, only the header and one row per epoch", () => {
    const sink = fakeSink(false);
    const report = consoleReporter(sink, { columns: ["loss", "seconds"], clock: fakeClock([0, 0]) });
    report.epochStart(3);
    for (let s = 1; s <= 3; s++) report.step(s, 1 / s);
    report.epochEnd({ epoch: 1, loss: 0.5, seconds: 1.5 });
    report.epochStart(3);
    report.epochEnd({ epoch: 2, loss: 0.25, seconds: 1.25 });
    expect(sink.written).toEqual([
      "| Epoch |     Loss |   Time |\n|------:|---------:|-------:|\n",
      "|     1 |   0.5000 |  1.50s |\n",
      "|     2 |   0.2500 |  1.25s |\n",
    ]);
  });

  it("refuses a step outside an epoch", () => {
    const report = consoleReporter(fakeSink(false), { columns: ["loss"], clock: fakeClock([0]) });
    expect(() => report.step(1)).toThrow(/consoleReporter\.step: called before epochStart/);
  });
});
