// parseCsv: RFC 4180 records (quotes, CRLF, blank trailing lines), header detection, label
// columns and their dtype, errors that point at line and column, and a round-trip through an
// independent writer over random tables.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCsvFile, parseCsv, parseCsvNumber, type CsvError, type CsvOptions, type CsvTable } from "../../src/data/csv.js";

const table = (text: string, options?: CsvOptions): CsvTable => {
  const result = parseCsv(text, options);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const refused = (text: string, options?: CsvOptions): CsvError => {
  const result = parseCsv(text, options);
  if (E.isRight(result)) throw new Error("expected the text to be refused");
  return result.left;
};

describe("records", () => {
  it("reads a header and numeric rows into float32 [rows, cols]", () => {
    const t = table("x,y,z\n1,2,3\n-4.5,6e-1,.25\n");
    expect(t.columns).toEqual(["x", "y", "z"]);
    expect(t.features).toEqual({ dtype: "float32", shape: [2, 3], data: Float32Array.from([1, 2, 3, -4.5, 0.6, 0.25]) });
    expect(t.labels).toBeUndefined();
  });

  it("rounds to float32", () => {
    expect(table("0.1\n").features.data[0]).toBe(Math.fround(0.1));
  });

  it("handles quoted fields holding delimiters, quotes and line breaks", () => {
    const t = table('"a,b","say ""hi""","two\nlines"\n"1", 2 ,"3"\n');
    expect(t.columns).toEqual(["a,b", 'say "hi"', "two\nlines"]);
    expect([...t.features.data]).toEqual([1, 2, 3]);
  });

  it("accepts CRLF, lone CR, a missing final line break, and blank trailing lines", () => {
    const expected = [1, 2, 3, 4];
    expect([...table("1,2\r\n3,4\r\n").features.data]).toEqual(expected);
    expect([...table("1,2\r3,4").features.data]).toEqual(expected);
    expect([...table("1,2\n3,4\n\n  \r\n\n").features.data]).toEqual(expected);
  });

  it("skips a byte order mark", () => {
    expect(table("\uFEFFa,b\n1,2\n").columns).toEqual(["a", "b"]);
  });

  it("uses another delimiter when told", () => {
    const t = table("a;b\n1.5;2\n", { delimiter: ";" });
    expect(t.columns).toEqual(["a", "b"]);
    expect([...t.features.data]).toEqual([1.5, 2]);
    expect(refused("a;b\n1,5;2\n", { delimiter: ";" }).message).toMatch(/"1,5" is not a number/);
    expect(table("1\t2\n", { delimiter: "\t" }).features.shape).toEqual([1, 2]);
  });

  it("returns zero rows for a header alone", () => {
    expect(table("a,b\n").features).toEqual({ dtype: "float32", shape: [0, 2], data: new Float32Array(0) });
  });
});

describe("numbers", () => {
  it.each([
    ["7", 7], ["-7", -7], ["+7", 7], ["7.", 7], [".5", 0.5], ["-1.5e3", -1500], ["2E-2", 0.02], [" 3 ", 3], ["\t4", 4],
    ["nan", Number.NaN], ["NaN", Number.NaN], ["inf", Infinity], ["-Infinity", -Infinity], ["+INF", Infinity],
  ])("%j is %d", (cell, value) => {
    expect(parseCsvNumber(cell)).toBe(value);
  });

  it.each([[""], [" "], ["."], ["1e"], ["0x10"], ["1_000"], ["1,5"], ["--1"], ["e5"], ["Infinit"], ["1 2"]])("%j is not a number", (cell) => {
    expect(parseCsvNumber(cell)).toBeUndefined();
  });
});

describe("header detection", () => {
  it("auto: a first record with any non-number is a header", () => {
    expect(table("a,1\n2,3\n").columns).toEqual(["a", "1"]);
  });

  it("auto: an all-numeric first record is data, and columns are named by index", () => {
    const t = table("1,2\n3,4\n");
    expect(t.columns).toEqual(["0", "1"]);
    expect(t.features.shape).toEqual([2, 2]);
  });

  it("header: true takes even a numeric first record as names; false takes it as data", () => {
    expect(table("10,20\n3,4\n", { header: true }).columns).toEqual(["10", "20"]);
    expect(refused("a,b\n1,2\n", { header: false })).toMatchObject({ line: 1, column: 1 });
  });
});

describe("labels", () => {
  it("integer class ids become int32, and the column leaves the features", () => {
    const t = table("x,label,y\n0.5,3,1\n1.5,0,2\n2.5,-1,3\n", { labelColumn: "label" });
    expect(t.columns).toEqual(["x", "y"]);
    expect(t.features.data).toEqual(Float32Array.from([0.5, 1, 1.5, 2, 2.5, 3]));
    expect(t.labels).toEqual({ dtype: "int32", shape: [3], data: Int32Array.from([3, 0, -1]) });
  });

  it("any label with a point or exponent makes them all float32 targets", () => {
    expect(table("x,y\n1,2\n3,4.0\n", { labelColumn: "y" }).labels).toEqual({ dtype: "float32", shape: [2], data: Float32Array.from([2, 4]) });
    expect(table("x,y\n1,1e2\n", { labelColumn: "y" }).labels?.dtype).toBe("float32");
  });

  it("integers beyond 32 bits are targets, not ids", () => {
    expect(table("1,2147483647\n", { labelColumn: 1 }).labels?.dtype).toBe("int32");
    expect(table("1,2147483648\n", { labelColumn: 1 }).labels?.dtype).toBe("float32");
    // A negative index counts from the end.
    expect(table("5,7\n6,8\n", { labelColumn: -1 }).labels).toEqual({ dtype: "int32", shape: [2], data: Int32Array.from([7, 8]) });
  });

  it("a label column may be given by index, with or without a header", () => {
    expect(table("5,1,2\n6,3,4\n", { labelColumn: 0 }).labels?.data).toEqual(Int32Array.from([5, 6]));
    expect(table("a,b\n5,1\n", { labelColumn: 1 }).columns).toEqual(["a"]);
  });

  it.each([
    [{ labelColumn: "z" }, "a,b\n1,2\n", 'parseCsv: labelColumn "z" is not in the header; the columns are "a", "b"'],
    [{ labelColumn: "a" }, "a,a\n1,2\n", 'parseCsv: labelColumn "a" names 2 columns (1, 2); give an index instead'],
    [{ labelColumn: "a" }, "1,2\n", 'parseCsv: labelColumn "a" is a name, but the input has no header; give the column\'s 0-based index'],
    [{ labelColumn: 2 }, "1,2\n", "parseCsv: labelColumn 2 is not a column index; expected an integer from -2 to 1"],
    [{ labelColumn: -3 }, "1,2\n", "parseCsv: labelColumn -3 is not a column index; expected an integer from -2 to 1"],
    [{ labelColumn: 0.5 }, "1,2\n", "parseCsv: labelColumn 0.5 is not a column index; expected an integer from -2 to 1"],
  ] satisfies readonly [CsvOptions, string, string][])("refuses %j", (options, text, message) => {
    expect(refused(text, options).message).toBe(message);
  });

  it("a non-numeric label is reported as a label", () => {
    expect(refused("x,species\n1,setosa\n", { labelColumn: "species" })).toEqual({
      _tag: "CsvError",
      line: 2,
      column: 2,
      message: 'parseCsv: line 2, column 2 ("species"): the label "setosa" is not a number',
    });
  });
});

describe("errors point at the line and column", () => {
  it("a non-numeric cell", () => {
    expect(refused("a,b,c\n1,2,3\n4,five,6\n")).toEqual({
      _tag: "CsvError",
      line: 3,
      column: 2,
      message: 'parseCsv: line 3, column 2 ("b"): the value "five" is not a number',
    });
  });

  it("an empty cell", () => {
    expect(refused("a,b\n1,\n")).toMatchObject({ line: 2, column: 2, message: 'parseCsv: line 2, column 2 ("b"): the value "" is not a number' });
  });

  it("counts the lines inside quoted fields", () => {
    expect(refused('a,"b\n\nc"\n1,2\nx,4\n')).toMatchObject({ line: 5, column: 1 });
    expect(refused('a,b\n"1",2\n3,"x\r\ny"\n')).toMatchObject({ line: 3, column: 2 });
    expect(refused('a,b\n1,"\n2"\n')).toMatchObject({ line: 2, column: 2, message: expect.stringMatching(/the value "\\n2" is not a number/) });
  });

  it("a ragged row, short or long", () => {
    expect(refused("a,b,c\n1,2,3\n4,5\n")).toEqual({
      _tag: "CsvError",
      line: 3,
      column: 3,
      message: "parseCsv: line 3 has 2 fields; expected 3, as on line 1",
    });
    expect(refused("1,2\n3,4,5\n")).toMatchObject({ line: 2, column: 3, message: "parseCsv: line 2 has 3 fields; expected 2, as on line 1" });
  });

  it("a blank line before the end", () => {
    expect(refused("a,b\n1,2\n\n3,4\n")).toEqual({
      _tag: "CsvError",
      line: 3,
      message: "parseCsv: line 3 is blank; expected 2 fields (blank lines may only end the input)",
    });
  });

  it("an unclosed quote, a stray quote, and text after a closing quote", () => {
    expect(refused('a,b\n1,"2\n3,4\n')).toEqual({
      _tag: "CsvError",
      line: 2,
      column: 2,
      message: "parseCsv: line 2, column 2: a quoted field is never closed",
    });
    expect(refused('a,b\n1,2"\n')).toMatchObject({ line: 2, column: 2, message: expect.stringMatching(/a quote inside the unquoted field "2\\""/) });
    expect(refused('a,b\n1,"2"x\n')).toMatchObject({ line: 2, column: 2, message: expect.stringMatching(/"x" follows a closing quote/) });
  });

  it("no records at all, and a bad delimiter", () => {
    expect(refused("")).toEqual({ _tag: "CsvError", message: "parseCsv: the input has no records" });
    expect(refused("\n\n")).toEqual({ _tag: "CsvError", message: "parseCsv: the input has no records" });
    expect(refused("1,2", { delimiter: '"' }).message).toBe(`parseCsv: delimiter "\\"" must be one character other than a quote or a line break`);
    expect(refused("1,2", { delimiter: ";;" }).message).toMatch(/delimiter ";;" must be one character/);
  });
});

describe("round-trip through an independent writer", () => {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  // String(-0) is "0"; write the sign so that -0 survives too.
  const write = (x: number) => (Object.is(x, -0) ? "-0" : String(x));

  it("parses back every float32 value, whatever the quoting, delimiter and line breaks", () => {
    const cell = fc.float({ noNaN: true, noDefaultInfinity: true });
    const shape = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }));
    const style = fc.record({
      delimiter: fc.constantFrom(",", ";", "\t", "|"),
      newline: fc.constantFrom("\n", "\r\n"),
      quoteAll: fc.boolean(),
      trailing: fc.constantFrom("", "\n", "\r\n\r\n"),
    });
    fc.assert(
      fc.property(
        shape.chain(([rows, cols]) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows })),
        style,
        (rows, { delimiter, newline, quoteAll, trailing }) => {
          const cols = rows[0]?.length ?? 0;
          const names = Array.from({ length: cols }, (_, j) => `col ${j}${delimiter}"q"`);
          const lines = [names.map(quote), ...rows.map((r) => r.map((x) => (quoteAll ? quote(write(x)) : write(x))))];
          const text = lines.map((l) => l.join(delimiter)).join(newline) + trailing;
          const t = table(text, { delimiter });
          expect(t.columns).toEqual(names);
          expect(t.features.shape).toEqual([rows.length, cols]);
          expect([...t.features.data]).toEqual(rows.flat());
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("loadCsvFile", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tygrad-csv-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads and parses a file, passing the options on", async () => {
    const path = join(dir, "ok.csv");
    await writeFile(path, "a,y\r\n1,0\r\n2,1\r\n");
    const result = await loadCsvFile(path, { labelColumn: "y" });
    expect(E.isRight(result) && result.right.labels?.data).toEqual(Int32Array.from([0, 1]));
  });

  it("names the file in parse errors, and refuses invalid UTF-8 and oversized files", async () => {
    const bad = join(dir, "bad.csv");
    await writeFile(bad, "a\nx\n");
    const parsedBad = await loadCsvFile(bad);
    expect(E.isLeft(parsedBad) && parsedBad.left).toMatchObject({ line: 2, column: 1, message: `${bad}: parseCsv: line 2, column 1 ("a"): the value "x" is not a number` });

    const binary = join(dir, "binary.csv");
    await writeFile(binary, Uint8Array.from([0x31, 0xff, 0x0a]));
    const parsedBinary = await loadCsvFile(binary);
    expect(E.isLeft(parsedBinary) && parsedBinary.left.message).toBe(`loadCsvFile(${JSON.stringify(binary)}): the file is not valid UTF-8`);

    const big = join(dir, "big.csv");
    await writeFile(big, "1,2,3\n");
    const parsedBig = await loadCsvFile(big, { maxBytes: 5 });
    expect(E.isLeft(parsedBig) && parsedBig.left.message).toMatch(/the file has 6 bytes, more than the limit of 5/);
  });
});
