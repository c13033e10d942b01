import { describe, expect, it } from "vitest";
import { columnsOf, epochTable, formatEpochTable, type EpochRow } from "../../src/report/table.js";

const rows: readonly EpochRow[] = [
  { epoch: 1, loss: 0.693147, accuracy: 0.5, valLoss: 0.69, valAccuracy: 0.512, seconds: 1.234 },
  { epoch: 2, loss: 0.41234, accuracy: 0.8125, valLoss: 0.45678, valAccuracy: 0.79, seconds: 0.045 },
];

describe("formatEpochTable", () => {
  it("prints every present column, aligned, as a Markdown table", () => {
    expect(formatEpochTable(rows)).toBe(
      [
        "| Epoch |   Loss | Accuracy | Val loss | Val acc |  Time |",
        "|------:|-------:|---------:|---------:|--------:|------:|",
        "|     1 | 0.6931 |    50.0% |   0.6900 |   51.2% | 1.23s |",
        "|     2 | 0.4123 |    81.3% |   0.4568 |   79.0% |  45ms |",
      ].join("\n"),
    );
  });

  it("shows only the columns present", () => {
    expect(formatEpochTable([{ epoch: 1, loss: 2.3 }, { epoch: 10, loss: 0.000123 }])).toBe(
      [
        "| Epoch |     Loss |",
        "|------:|---------:|",
        "|     1 |    2.300 |",
        "|    10 | 1.230e-4 |",
      ].join("\n"),
    );
  });

  it("puts extra columns before Time and escapes Markdown in them", () => {
    expect(formatEpochTable([{ epoch: 1, loss: 0.5, seconds: 75, lr: 0.001, note: "a|b\nc" }])).toBe(
      [
        "| Epoch |   Loss |       lr |   note |  Time |",
        "|------:|-------:|---------:|-------:|------:|",
        "|     1 | 0.5000 | 0.001000 | a\\|b c | 1m15s |",
      ].join("\n"),
    );
  });

  it("leaves a cell blank when a row lacks that column and shows NaN", () => {
    expect(formatEpochTable([{ epoch: 1, loss: Number.NaN }, { epoch: 2, loss: 1, accuracy: 0.25 }])).toBe(
      [
        "| Epoch |  Loss | Accuracy |",
        "|------:|------:|---------:|",
        "|     1 |   NaN |          |",
        "|     2 | 1.000 |    25.0% |",
      ].join("\n"),
    );
  });
});

describe("epochTable (incremental)", () => {
  const table = epochTable(["seconds", "accuracy", "loss"]);

  it("orders columns canonically whatever order they are given in", () => {
    expect(table.columns).toEqual(["epoch", "loss", "accuracy", "seconds"]);
  });

  it("prints a header with room reserved for values not yet seen", () => {
    expect(table.header()).toBe(
      ["| Epoch |     Loss | Accuracy |   Time |", "|------:|---------:|---------:|-------:|"].join("\n"),
    );
  });

  it("prints rows aligned under the header", () => {
    expect(table.row({ epoch: 3, loss: 0.25, accuracy: 0.9, seconds: 2 })).toBe(
      "|     3 |   0.2500 |    90.0% |  2.00s |",
    );
    expect(table.row({ epoch: 4, loss: 3.2e-7, accuracy: 1, seconds: 0.5 })).toBe(
      "|     4 | 3.200e-7 |   100.0% |  500ms |",
    );
  });

  it("format is the header followed by the rows", () => {
    const r = [{ epoch: 1, loss: 1, accuracy: 0.5, seconds: 1 }];
    expect(table.format(r)).toBe(`${table.header()}\n${table.row({ epoch: 1, loss: 1, accuracy: 0.5, seconds: 1 })}`);
  });

  it("refuses a row with a column the table does not have, naming it", () => {
    expect(() => table.row({ epoch: 1, loss: 1, valLoss: 2 })).toThrow(/epochTable\.row.*"valLoss".*epoch, loss, accuracy, seconds/);
  });

  it("ignores keys whose value is undefined", () => {
    expect(table.row({ epoch: 1, loss: 1, valLoss: undefined })).toBe("|     1 |    1.000 |          |        |");
  });
});

describe("columnsOf", () => {
  it("collects the columns present in any row, in display order", () => {
    expect(columnsOf([{ epoch: 1, loss: 1, seconds: 1 }, { epoch: 2, loss: 1, lr: 0.1, valLoss: 1 }])).toEqual([
      "epoch",
      "loss",
      "valLoss",
      "lr",
      "seconds",
    ]);
  });
});
