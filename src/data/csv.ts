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
// rounded to nearest. A non-finite value is refused with its line and column unless the option
// allowNonFinite is set.
//
// Limits: a record may have at most MAX_CSV_COLUMNS fields and a field at most MAX_CSV_FIELD_CHARS
// characters; loadCsvFile reads files of at most DEFAULT_CSV_MAX_BYTES unless told otherwise.
// Records are counted in one pass, then read one at a time into typed arrays allocated once, so
// memory is the text, the numbers and one record's fields.
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
  /**
   * Accept nan, inf and infinity cells as values (default false: a non-finite number is an error
   * naming its line and column, since one NaN in the data makes every trained parameter NaN).
   */
  readonly allowNonFinite?: boolean;
}

/**
 * The most fields a record may have, and the most characters one field may hold. Both bound the
 * work and memory a single hostile line can ask for (a 114 MB line of commas, or of digits) before
 * anything is stored; MNIST as CSV has 785 columns, and no number needs 1,000 characters.
 */
export const MAX_CSV_COLUMNS = 100_000;
export const MAX_CSV_FIELD_CHARS = 1000;

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

/** Where the unquoted field starting at text[start] ends: at the next delimiter or line break. */
const endOfUnquoted = (text: string, start: number, delimiter: string): number => {
  let end = start;
  while (end < text.length && text[end] !== delimiter && text[end] !== "\n" && text[end] !== "\r") end++;
  return end;
};

/** One record and where the next one starts. */
interface Record_ {
  readonly row: Row;
  /** Index of the next record's first character (text.length at the end). */
  readonly next: number;
  readonly nextLine: number;
}

/**
 * Reads the record (RFC 4180) that starts at `text[start]`, on line `line`. Records are read one at
 * a time, so memory holds one record's fields, never the whole file's; a record with more than
 * MAX_CSV_COLUMNS fields, or a field longer than MAX_CSV_FIELD_CHARS, is refused as it is met.
 */
const readRecord = (text: string, start: number, line: number, delimiter: string): E.Either<CsvError, Record_> => {
  const fields: Field[] = [];
  let at = line;
  let i = start;
  for (;;) {
    const fieldLine = at;
    const column = fields.length + 1;
    const where = `parseCsv: line ${at}, column ${column}`;
    if (column > MAX_CSV_COLUMNS) {
      return E.left(csvError(`parseCsv: line ${line} has more than ${MAX_CSV_COLUMNS} fields (MAX_CSV_COLUMNS)`, line, column));
    }
    const quoted = text[i] === '"';
    let value: string;
    let end: number;
    if (quoted) {
      const field = scanQuoted(text, i);
      if (field === undefined) return E.left(csvError(`${where}: a quoted field is never closed`, at, column));
      ({ value, end } = field);
      at += lineBreaks(value);
      const next = text[end];
      if (next !== undefined && next !== delimiter && next !== "\n" && next !== "\r") {
        const detail = `${JSON.stringify(next)} follows a closing quote; expected the delimiter or the end of the line`;
        return E.left(csvError(`parseCsv: line ${at}, column ${column}: ${detail}`, at, column));
      }
    } else {
      end = endOfUnquoted(text, i, delimiter);
      if (end - i > MAX_CSV_FIELD_CHARS) {
        return E.left(csvError(`${where}: the field has ${end - i} characters, more than ${MAX_CSV_FIELD_CHARS} (MAX_CSV_FIELD_CHARS)`, at, column));
      }
      value = text.slice(i, end);
      if (value.includes('"')) {
        const detail = `a quote inside the unquoted field ${JSON.stringify(value)}; quote the whole field and double the inner quotes`;
        return E.left(csvError(`${where}: ${detail}`, at, column));
      }
    }
    if (value.length > MAX_CSV_FIELD_CHARS) {
      return E.left(csvError(`parseCsv: line ${fieldLine}, column ${column}: the field has ${value.length} characters, more than ${MAX_CSV_FIELD_CHARS} (MAX_CSV_FIELD_CHARS)`, fieldLine, column));
    }
    fields.push({ text: value, quoted, line: fieldLine });
    i = end;
    const c = text[i];
    if (c === delimiter) {
      i++;
      continue;
    }
    // End of the record: a line break (CRLF counts as one) or the end of the text.
    const row = { fields, line };
    if (c === undefined) return E.right({ row, next: text.length, nextLine: at });
    i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
    return E.right({ row, next: i, nextLine: at + 1 });
  }
};

/**
 * An upper bound on the records from `text[start]` on: the line breaks outside quotes, plus one.
 * (A doubled quote inside a quoted field toggles twice, so it does not disturb the count.) One
 * pass, no allocation: the tables are then allocated once, at their final size.
 */
const countRecords = (text: string, start: number): number => {
  let count = 1;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted; // "
    else if (!quoted && (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10))) count++; // \n, or a \r not before \n
  }
  return count;
};

/** The first `n` values of `data`: itself when it holds exactly that many. */
const firstValues = <A extends Float32Array | Float64Array>(data: A, n: number): A => (n === data.length ? data : (data.slice(0, n) as A));

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
export const parseCsv = (input: string, options: CsvOptions = {}): E.Either<CsvError, CsvTable> => {
  const delimiter = checkDelimiter(options.delimiter ?? ",");
  if (E.isLeft(delimiter)) return delimiter;
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const d = delimiter.right;
  const firstRecord = text.length === 0 ? undefined : readRecord(text, 0, 1, d);
  if (firstRecord !== undefined && E.isLeft(firstRecord)) return firstRecord;
  const head = firstRecord?.right;
  if (head === undefined || (isBlank(head.row) && text.slice(head.next).trim() === "")) return E.left(csvError("parseCsv: the input has no records"));
  const first = head.row;

  const width = first.fields.length;
  const headerOption = options.header ?? "auto";
  const hasHeader = headerOption === "auto" ? first.fields.some((f) => parseCsvNumber(f.text) === undefined) : headerOption;
  const names = hasHeader ? first.fields.map((f) => unpad(f.text)) : first.fields.map((_, i) => String(i));
  const label = findLabel(options.labelColumn, names, hasHeader);
  if (E.isLeft(label)) return label;
  const labelIndex = label.right;

  const featureCount = width - (labelIndex === undefined ? 0 : 1);
  const capacity = countRecords(text, hasHeader ? head.next : 0);
  const features = new Float32Array(capacity * featureCount);
  const labelValues = new Float64Array(labelIndex === undefined ? 0 : capacity);
  let rows = 0;
  let k = 0;
  let labelsAreIds = true;
  // A blank record is an error only if a record follows it: blank lines may end the input.
  let blank: Row | undefined;
  const take = (row: Row): CsvError | undefined => {
    if (blank !== undefined) return checkWidth(blank, width, first.line);
    const misfit = checkWidth(row, width, first.line);
    if (misfit !== undefined) return misfit;
    if (rows >= capacity) return csvError(`parseCsv: line ${row.line}: more records than the count of line breaks allows (a bug)`, row.line);
    for (const [c, field] of row.fields.entries()) {
      const value = parseCsvNumber(field.text);
      const what = c === labelIndex ? "label" : "value";
      const cell = `parseCsv: line ${field.line}, column ${c + 1} (${JSON.stringify(names[c])}): the ${what} ${JSON.stringify(field.text)}`;
      if (value === undefined) return csvError(`${cell} is not a number`, field.line, c + 1);
      if (!Number.isFinite(value) && options.allowNonFinite !== true) {
        return csvError(`${cell} is not finite; expected a finite number (or pass allowNonFinite)`, field.line, c + 1);
      }
      if (c === labelIndex) {
        labelValues[rows] = value;
        labelsAreIds &&= isInt32Literal(field.text);
      } else {
        features[k++] = value;
      }
    }
    rows++;
    return undefined;
  };
  if (!hasHeader) {
    const error = take(first);
    if (error !== undefined) return E.left(error);
  }
  let at = head.next;
  let line = head.nextLine;
  while (at < text.length) {
    const record = readRecord(text, at, line, d);
    if (E.isLeft(record)) return record;
    const { row, next, nextLine } = record.right;
    if (isBlank(row)) blank ??= row;
    else {
      const error = take(row);
      if (error !== undefined) return E.left(error);
    }
    at = next;
    line = nextLine;
  }

  const table: CsvTable = {
    features: { dtype: "float32", shape: [rows, featureCount], data: firstValues(features, rows * featureCount) },
    columns: names.filter((_, i) => i !== labelIndex),
  };
  if (labelIndex === undefined) return E.right(table);
  const values = labelValues.subarray(0, rows);
  const labels: RawArray = labelsAreIds
    ? { dtype: "int32", shape: [rows], data: Int32Array.from(values) }
    : { dtype: "float32", shape: [rows], data: Float32Array.from(values) };
  return E.right({ ...table, labels });
};

/** Default ceiling on a CSV file's size: 1 GiB. */
export const DEFAULT_CSV_MAX_BYTES = 2 ** 30;

/** The file's text; its bytes are let go before the text is parsed. */
const readText = async (path: string, maxBytes: number): Promise<E.Either<CsvError, string>> => {
  const bytes = await readFileBounded(path, maxBytes);
  if (E.isLeft(bytes)) return E.left(csvError(bytes.left.message));
  try {
    return E.right(new TextDecoder("utf-8", { fatal: true }).decode(bytes.right));
  } catch {
    return E.left(csvError(`loadCsvFile(${JSON.stringify(path)}): the file is not valid UTF-8`));
  }
};

/** Reads a UTF-8 CSV file of at most `options.maxBytes` bytes and parses it with `parseCsv`. */
export const loadCsvFile = async (
  path: string,
  options: CsvOptions & { readonly maxBytes?: number } = {},
): Promise<E.Either<CsvError, CsvTable>> => {
  const text = await readText(path, options.maxBytes ?? DEFAULT_CSV_MAX_BYTES);
  if (E.isLeft(text)) return text;
  return E.mapLeft((e: CsvError) => ({ ...e, message: `${path}: ${e.message}` }))(parseCsv(text.right, options));
};
