// CSV files against memory: a loader's peak memory must be a small multiple of the data, however
// the file is shaped. Each load runs in a fresh process whose peak RSS (maxRSS) is compared with
// that of the same process doing nothing. Before records were read one at a time, a 78 MB file
// peaked at 2.0 GiB (25 times its size) and one 114 MB line ran for minutes towards 4.8 GB.
// Also: the limits on fields per record and characters per field, and non-finite cells.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CSV_COLUMNS, MAX_CSV_FIELD_CHARS, parseCsv } from "../../src/data/csv.js";
import { runMeasured } from "./peak-rss.js";

const MiB = 2 ** 20;
let dir = "";
let baseline = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-csv-bounds-"));
  baseline = (await runMeasured(`await import(root + "/src/data/csv.ts");`)).peakMiB;
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const load = (path: string) =>
  runMeasured(`
    const { loadCsvFile } = await import(root + "/src/data/csv.ts");
    const r = await loadCsvFile(${JSON.stringify(path)}, { labelColumn: -1 });
    console.log(r._tag === "Left" ? "Left " + r.left.message : "Right " + r.right.features.shape.join("x") + " " + r.right.labels.data.length);
  `, 120_000);

describe("loadCsvFile's peak memory", () => {
  it("an 11 MB table of 4,000 rows × 785 columns: peak under baseline + 4 × the file size + 32 MiB", async () => {
    const row = Array.from({ length: 784 }, (_, i) => String((i * 37) % 256)).join(",");
    const path = join(dir, "wide.csv");
    const text = `${Array.from({ length: 785 }, (_, i) => `c${i}`).join(",")}\n${Array.from({ length: 4000 }, (_, r) => `${row},${r % 10}\n`).join("")}`;
    await writeFile(path, text);
    const sizeMiB = text.length / MiB;
    const run = await load(path);
    expect(run.output).toBe("Right 4000x784 4000");
    // The bytes, the text and the float32 features (about the file's size each) and one record's
    // garbage at a time; storing every cell as an object took 25 times the file's size.
    expect(run.peakMiB - baseline).toBeLessThan(4 * sizeMiB + 32);
  }, 120_000);

  it("one 24 MB line of 12 million fields: refused at field 100,001, peak under baseline + 3 × the file size", async () => {
    const path = join(dir, "line.csv");
    const text = `${"1,".repeat(12_000_000)}1\n`;
    await writeFile(path, text);
    const run = await load(path);
    expect(run.output).toBe(`Left ${path}: parseCsv: line 1 has more than ${MAX_CSV_COLUMNS} fields (MAX_CSV_COLUMNS)`);
    expect(run.peakMiB - baseline).toBeLessThan(3 * (text.length / MiB) + 16);
  }, 120_000);
});

describe("parseCsv's limits and non-finite cells", () => {
  const message = (text: string, options = {}) => {
    const r = parseCsv(text, options);
    return E.isLeft(r) ? r.left.message : "(parsed)";
  };
  it("a field longer than MAX_CSV_FIELD_CHARS, quoted or not, is refused with its line and column", () => {
    const long = "0".repeat(MAX_CSV_FIELD_CHARS + 1);
    expect(message(`a,b\n1,${long}\n`)).toBe(`parseCsv: line 2, column 2: the field has ${MAX_CSV_FIELD_CHARS + 1} characters, more than ${MAX_CSV_FIELD_CHARS} (MAX_CSV_FIELD_CHARS)`);
    expect(message(`a,b\n1,"${long}"\n`)).toBe(`parseCsv: line 2, column 2: the field has ${MAX_CSV_FIELD_CHARS + 1} characters, more than ${MAX_CSV_FIELD_CHARS} (MAX_CSV_FIELD_CHARS)`);
    expect(message(`a,b\n1,${"0".repeat(MAX_CSV_FIELD_CHARS)}\n`)).toBe("(parsed)");
  });
  it("a record of MAX_CSV_COLUMNS fields is read; one more is refused", () => {
    const r = parseCsv(`${"1,".repeat(MAX_CSV_COLUMNS - 1)}1\n`);
    expect(E.isRight(r) && r.right.features.shape).toEqual([1, MAX_CSV_COLUMNS]);
    expect(message(`${"1,".repeat(MAX_CSV_COLUMNS)}1\n`)).toBe(`parseCsv: line 1 has more than ${MAX_CSV_COLUMNS} fields (MAX_CSV_COLUMNS)`);
  });
  it.each([
    ["nan", 3, 2], ["-inf", 2, 1], ["Infinity", 4, 3],
  ] as const)("the cell %s is refused with its line and column unless allowNonFinite", (cell, line, column) => {
    const rows = [["x", "y", "label"], ["1", "2", "0"], ["3", "4", "1"], ["5", "6", "0"]];
    const edited = rows.map((r, i) => (i === line - 1 ? r.map((v, j) => (j === column - 1 ? cell : v)) : r));
    const text = `${edited.map((r) => r.join(",")).join("\n")}\n`;
    const what = column === 3 ? "label" : "value";
    expect(message(text, { labelColumn: -1 })).toBe(`parseCsv: line ${line}, column ${column} (${JSON.stringify(rows[0]?.[column - 1])}): the ${what} ${JSON.stringify(cell)} is not finite; expected a finite number (or pass allowNonFinite)`);
    expect(message(text, { labelColumn: -1, allowNonFinite: true })).toBe("(parsed)");
  });
});
