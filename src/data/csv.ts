// CSV tables of numbers: a float32 feature matrix [rows, columns], with an optional label column.
//
// Records follow RFC 4180: fields are separated by a delimiter ("," unless told otherwise) and
// records by CRLF, LF or CR; a field in double quotes may hold delimiters, line breaks and quotes
// (written twice: "" stands for "). A leading UTF-8 byte order mark is skipped, blank lines at the
// end are ignored, and a blank line anywhere else is an error.
//
// A number is written in decimal — optional sign, digits with an optional point, optional
// exponent ("-1.5e3", ".5", "7.") — or as nan, inf or infinity in any case, with optional sign;
// spaces and tabs around it are ignored (as around header names). Features are stored as float32,
// rounded to nearest.
//
// Labels are chosen by content: if every label is an integer written without point or exponent
// and fits in 32 bits, they are class ids and become int32; otherwise they are float32 targets.
// With header "auto" (the default) the first record is a header when any of its cells is not a
// number. Without a header, columns are named by their 0-based index: "0", "1", ….

import * as E from "fp-ts/lib/Either.js";
import type { RawArray } from "../io/raw.js";
import { readFileBounded } from "../io/read-bounded.js";

// ---------------------------------------------------------------------------------------------
// model

export interface CsvOptions {
  /** Whether the first record names the columns; "auto" (default) decides by content. */
  readonly header?: boolean | "auto";
  /** The column holding labels, by header name or 0-based index; absent means no labels. */
  readonly labelColumn?: string | number;
  /** A single character other than a quote or a line break; "," by default. */
  readonly delimiter?: string;
}

export interface CsvTable {
  /** float32 [rows, columns.length]. */
  readonly features: RawArray;
  /** int32 or float32 [rows], present when a label column was asked for. */
  readonly labels?: RawArray;
  /** Names of the feature columns, in order (the label column excluded). */
  readonly columns: readonly string[];
}

/** Why text is not a numeric table; `line` and `column` (both 1-based) locate the cell when there is one. */
export interface CsvError {
  readonly _tag: "CsvError";
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

const csvError = (message: string, line?: number, column?: number): CsvError => ({
  _tag: "CsvError",
  message,
  ...(line === undefined ? {} : { line }),
  ...(column === undefined ? {} : { column }),
});

// ---------------------------------------------------------------------------------------------
// records

interface Field {
  readonly text: string;
  readonly quoted: boolean;
  /** The line the field starts on. */
  readonly line: number;
}

interface Row {
  readonly fields: readonly Field[];
  readonly line: number;
}

const lineBreaks = (text: string): number => text.match(/\r\n|\r|\n/g)?.length ?? 0;

/** Only spaces and tabs pad a cell; a line break inside a quoted cell is not padding. */
const unpad = (cell: string): string => cell.replace(/^[ \t]+|[ \t]+$/g, "");

const isBlank = (row: Row): boolean =>
  row.fields.length === 1 && row.fields[0]?.quoted === false && unpad(row.fields[0].text) === "";

const withoutTrailingBlanks = (rows: readonly Row[]): readonly Row[] => {
  let end = rows.length;
  for (const row of [...rows].reverse()) {
    if (!isBlank(row)) break;
    end--;
  }
  return rows.slice(0, end);
};

interface Scanned {
  readonly value: string;
  /** Index just past the field. */
  readonly end: number;
}

/** The quoted field opening at text[start], or undefined if its quotes never close. */
const scanQuoted = (text: string, start: number): Scanned | undefined => {
  // Copy up to each quote: a doubled quote stands for one quote, a single one closes the field.
  let value = "";
  let from = start + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close < 0) return undefined;
    value += text.slice(from, close);
    if (text[close + 1] !== '"') return { value, end: close + 1 };
    value += '"';
    from = close + 2;
  }
};

/** The unquoted field starting at text[start]: it runs to the next delimiter or line break. */
const scanUnquoted = (text: string, start: number, delimiter: string): Scanned => {
  let end = start;
  while (end < text.length && text[end] !== delimiter && text[end] !== "\n" && text[end] !== "\r") end++;
  return { value: text.slice(start, end), end };
};

/** Splits text into records of fields (RFC 4180), remembering the line each starts on. */
const readRows = (text: string, delimiter: string): E.Either<CsvError, readonly Row[]> => {
  const rows: Row[] = [];
  let fields: Field[] = [];
  let line = 1;
  let rowLine = 1;
  let i = 0;
  for (;;) {
    const fieldLine = line;
    const column = fields.length + 1;
    const where = `parseCsv: line ${line}, column ${column}`;
    const quoted = text[i] === '"';
    const field = quoted ? scanQuoted(text, i) : scanUnquoted(text, i, delimiter);
    if (field === undefined) return E.left(csvError(`${where}: a quoted field is never closed`, line, column));
    if (quoted) {
      line += lineBreaks(field.value);
      const next = text[field.end];
      if (next !== undefined && next !== delimiter && next !== "\n" && next !== "\r") {
        const detail = `${JSON.stringify(next)} follows a closing quote; expected the delimiter or the end of the line`;
        return E.left(csvError(`parseCsv: line ${line}, column ${column}: ${detail}`, line, column));
      }
    } else if (field.value.includes('"')) {
      const detail = `a quote inside the unquoted field ${JSON.stringify(field.value)}; quote the whole field and double the inner quotes`;
      return E.left(csvError(`${where}: ${detail}`, line, column));
    }
    fields.push({ text: field.value, quoted, line: fieldLine });
    i = field.end;
    const c = text[i];
    if (c === delimiter) {
      i++;
      continue;
    }
    // End of the record: a line break (CRLF counts as one) or the end of the text.
    rows.push({ fields, line: rowLine });
    if (c === undefined) break;
    i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
    line++;
    fields = [];
    rowLine = line;
    if (i >= text.length) break;
  }
  return E.right(rows);
};

// ---------------------------------------------------------------------------------------------
// numbers

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;
const INTEGER = /^[+-]?\d+$/;

/** The number a cell spells, or undefined if it spells none (see the header comment). */
export const parseCsvNumber = (cell: string): number | undefined => {
  const s = unpad(cell);
  if (DECIMAL.test(s)) return Number(s);
  const special = SPECIAL.exec(s);
  if (special === null) return undefined;
  if (special[2]?.toLowerCase() === "nan") return Number.NaN;
  return special[1] === "-" ? -Infinity : Infinity;
};

const isInt32Literal = (cell: string): boolean => {
  const s = unpad(cell);
  if (!INTEGER.test(s)) return false;
  const n = Number(s);
  return n >= -(2 ** 31) && n < 2 ** 31;
};

// ---------------------------------------------------------------------------------------------
// tables

const checkDelimiter = (delimiter: string): E.Either<CsvError, string> =>
  delimiter.length === 1 && !'"\r\n'.includes(delimiter)
    ? E.right(delimiter)
    : E.left(csvError(`parseCsv: delimiter ${JSON.stringify(delimiter)} must be one character other than a quote or a line break`));

/** The label column's index among `names`, if one was asked for. */
const findLabel = (
  labelColumn: string | number | undefined,
  names: readonly string[],
  hasHeader: boolean,
): E.Either<CsvError, number | undefined> => {
  if (labelColumn === undefined) return E.right(undefined);
  if (typeof labelColumn === "number") {
    // A negative index counts from the end: -1 is the last column.
    const index = labelColumn < 0 ? names.length + labelColumn : labelColumn;
    return Number.isInteger(labelColumn) && index >= 0 && index < names.length
      ? E.right(index)
      : E.left(csvError(`parseCsv: labelColumn ${labelColumn} is not a column index; expected an integer from ${-names.length} to ${names.length - 1}`));
  }
  if (!hasHeader) {
    return E.left(
      csvError(`parseCsv: labelColumn ${JSON.stringify(labelColumn)} is a name, but the input has no header; give the column's 0-based index`),
    );
  }
  const matches = names.flatMap((n, i) => (n === labelColumn ? [i] : []));
  if (matches.length === 1 && matches[0] !== undefined) return E.right(matches[0]);
  return E.left(
    csvError(
      matches.length === 0
        ? `parseCsv: labelColumn ${JSON.stringify(labelColumn)} is not in the header; the columns are ${names.map((n) => JSON.stringify(n)).join(", ")}`
        : `parseCsv: labelColumn ${JSON.stringify(labelColumn)} names ${matches.length} columns (${matches.map((i) => i + 1).join(", ")}); give an index instead`,
    ),
  );
};

/** A data record must have as many fields as the first one, and may not be blank. */
const checkWidth = (row: Row, width: number, firstLine: number): CsvError | undefined => {
  if (isBlank(row)) {
    return csvError(`parseCsv: line ${row.line} is blank; expected ${width} fields (blank lines may only end the input)`, row.line);
  }
  const n = row.fields.length;
  if (n === width) return undefined;
  // The column reported is the first one missing, or the first one too many.
  const column = Math.min(n, width) + 1;
  return csvError(`parseCsv: line ${row.line} has ${n} field${n === 1 ? "" : "s"}; expected ${width}, as on line ${firstLine}`, row.line, column);
};

/** Parses CSV text into a numeric table (see the header comment for every rule). */
export const parseCsv = (text: string, options: CsvOptions = {}): E.Either<CsvError, CsvTable> => {
  const delimiter = checkDelimiter(options.delimiter ?? ",");
  if (E.isLeft(delimiter)) return delimiter;
  const parsed = readRows(text.startsWith("\uFEFF") ? text.slice(1) : text, delimiter.right);
  if (E.isLeft(parsed)) return parsed;
  const rows = withoutTrailingBlanks(parsed.right);
  const first = rows[0];
  if (first === undefined) return E.left(csvError("parseCsv: the input has no records"));

  const width = first.fields.length;
  const headerOption = options.header ?? "auto";
  const hasHeader = headerOption === "auto" ? first.fields.some((f) => parseCsvNumber(f.text) === undefined) : headerOption;
  const names = hasHeader ? first.fields.map((f) => unpad(f.text)) : first.fields.map((_, i) => String(i));
  const label = findLabel(options.labelColumn, names, hasHeader);
  if (E.isLeft(label)) return label;
  const labelIndex = label.right;

  const body = hasHeader ? rows.slice(1) : rows;
  const featureCount = width - (labelIndex === undefined ? 0 : 1);
  const features = new Float32Array(body.length * featureCount);
  const labelValues = new Float64Array(labelIndex === undefined ? 0 : body.length);
  let labelsAreIds = true;
  for (const [r, row] of body.entries()) {
    const misfit = checkWidth(row, width, first.line);
    if (misfit !== undefined) return E.left(misfit);
    let k = 0;
    for (const [c, field] of row.fields.entries()) {
      const value = parseCsvNumber(field.text);
      if (value === undefined) {
        const what = c === labelIndex ? "label" : "value";
        return E.left(
          csvError(
            `parseCsv: line ${field.line}, column ${c + 1} (${JSON.stringify(names[c])}): the ${what} ${JSON.stringify(field.text)} is not a number`,
            field.line,
            c + 1,
          ),
        );
      }
      if (c === labelIndex) {
        labelValues[r] = value;
        labelsAreIds &&= isInt32Literal(field.text);
      } else {
        features[r * featureCount + k++] = value;
      }
    }
  }

  const table: CsvTable = {
    features: { dtype: "float32", shape: [body.length, featureCount], data: features },
    columns: names.filter((_, i) => i !== labelIndex),
  };
  if (labelIndex === undefined) return E.right(table);
  const labels: RawArray = labelsAreIds
    ? { dtype: "int32", shape: [body.length], data: Int32Array.from(labelValues) }
    : { dtype: "float32", shape: [body.length], data: Float32Array.from(labelValues) };
  return E.right({ ...table, labels });
};

/** Default ceiling on a CSV file's size: 1 GiB. */
export const DEFAULT_CSV_MAX_BYTES = 2 ** 30;

/** Reads a UTF-8 CSV file of at most `options.maxBytes` bytes and parses it with `parseCsv`. */
export const loadCsvFile = async (
  path: string,
  options: CsvOptions & { readonly maxBytes?: number } = {},
): Promise<E.Either<CsvError, CsvTable>> => {
  const bytes = await readFileBounded(path, options.maxBytes ?? DEFAULT_CSV_MAX_BYTES);
  if (E.isLeft(bytes)) return E.left(csvError(bytes.left.message));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.right);
  } catch {
    return E.left(csvError(`loadCsvFile(${JSON.stringify(path)}): the file is not valid UTF-8`));
  }
  return E.mapLeft((e: CsvError) => ({ ...e, message: `${path}: ${e.message}` }))(parseCsv(text, options));
};
