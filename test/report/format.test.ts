import { describe, expect, it } from "vitest";
import { formatDuration, formatPercent, formatRate, formatSignificant } from "../../src/report/format.js";

describe("formatSignificant", () => {
  it.each([
    [0.693147, "0.6931"],
    [-2.5, "-2.500"],
    [1234.56, "1235"],
    [0.00123456, "0.001235"],
    [0.000123456, "1.235e-4"],
    [12345, "1.235e4"],
    [9999.6, "1.000e4"],
    [0, "0.000"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Inf"],
    [Number.NEGATIVE_INFINITY, "-Inf"],
  ])("%s → %s", (x, text) => {
    expect(formatSignificant(x)).toBe(text);
  });
  it("honours the digit count", () => {
    expect(formatSignificant(Math.PI, 2)).toBe("3.1");
  });
  it("names itself and the bad digit count", () => {
    expect(() => formatSignificant(1, 0)).toThrow(/formatSignificant.*got 0/);
  });
});

describe("formatPercent", () => {
  it.each([
    [0.9342, "93.4%"],
    [1, "100.0%"],
    [0, "0.0%"],
    [0.05, "5.0%"],
    [Number.NaN, "NaN"],
  ])("%s → %s", (x, text) => {
    expect(formatPercent(x)).toBe(text);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0ms"],
    [0.045, "45ms"],
    [0.9994, "999ms"],
    [0.9996, "1.00s"],
    [1.234, "1.23s"],
    [59.996, "1m00s"],
    [125, "2m05s"],
    [3599.4, "59m59s"],
    [3725, "1h02m"],
    [36000, "10h00m"],
  ])("%s s → %s", (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("rejects %s with a message naming it", (s) => {
    expect(() => formatDuration(s)).toThrow(new RegExp(`formatDuration.*got ${s}`));
  });
});

describe("formatRate", () => {
  it.each([
    [0, "0.00"],
    [0.5, "0.500"],
    [12.345, "12.3"],
    [999.4, "999"],
    [999.6, "1.00k"],
    [1234.5, "1.23k"],
    [2.5e6, "2.50M"],
    [3e9, "3.00G"],
  ])("%s → %s", (x, text) => {
    expect(formatRate(x)).toBe(text);
  });
  it("rejects a negative rate", () => {
    expect(() => formatRate(-1)).toThrow(/formatRate.*-1/);
  });
});
