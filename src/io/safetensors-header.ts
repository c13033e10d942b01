// The safetensors header: its io-ts codecs, its errors, and the checks that make a decoded header
// safe to read data with.
//
// A safetensors file is
//   8 bytes    N, the header's length, a little-endian unsigned 64-bit integer
//   N bytes    the header: a UTF-8 JSON object that starts with "{" and may end in space padding
//   the rest   the data buffer: every tensor's bytes, little-endian, row-major, back to back
// The header maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}, a
// half-open byte range counted from the start of the data buffer; the optional key
// "__metadata__" maps strings to strings. Keys may not repeat, and the ranges must tile the data
// buffer exactly: no overlaps (two tensors sharing bytes) and no holes (bytes nobody owns).

import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import * as t from "io-ts";
import { findDuplicateKey } from "./json-keys.js";
import { fromSafetensorsDType, isSafetensorsDType as isDType, otherFormatDTypes, safetensorsItemSize, type SafetensorsDType } from "./safetensors-dtypes.js";

// ---------------------------------------------------------------------------------------------
// model

// The dtypes and their sizes live in safetensors-dtypes.ts, with the conversions.
export { fromSafetensorsDType, safetensorsItemSize, toSafetensorsDType, type SafetensorsDType } from "./safetensors-dtypes.js";

/** The largest header accepted: the same bound as the format's reference implementation. */
export const MAX_HEADER_BYTES = 100_000_000;

/** The reserved header key for free-form string metadata. */
export const METADATA_KEY = "__metadata__";

/** One tensor as the header describes it. */
export interface HeaderEntry {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  /** Byte range [begin, end) within the data buffer. */
  readonly begin: number;
  readonly end: number;
}

export interface Header {
  /** In order of their bytes in the data buffer. */
  readonly entries: readonly HeaderEntry[];
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Why a file is not valid safetensors. `part` says which part of the file is wrong, `tensor`
 * names the tensor concerned (if one is), `path` leads from the header's root to the offending
 * field, and `message` is a whole sentence saying what was found and what was expected.
 */
export interface SafetensorsError {
  readonly _tag: "SafetensorsError";
  readonly part: "length prefix" | "header" | "metadata" | "tensor entry" | "layout" | "tensor data";
  readonly tensor?: string;
  readonly path: readonly string[];
  readonly message: string;
}

export const safetensorsError = (
  part: SafetensorsError["part"],
  path: readonly string[],
  detail: string,
  tensor?: string,
): SafetensorsError => ({
  _tag: "SafetensorsError",
  part,
  path,
  message: `decodeSafetensors: ${detail}`,
  ...(tensor === undefined ? {} : { tensor }),
});

// ---------------------------------------------------------------------------------------------
// codecs

const isNonNegativeInteger = (u: unknown): u is number => typeof u === "number" && Number.isSafeInteger(u) && u >= 0;

const nonNegativeInteger = new t.Type<number, number, unknown>(
  "a non-negative integer",
  isNonNegativeInteger,
  (u, c) => (isNonNegativeInteger(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

const dtypeCodec = new t.Type<SafetensorsDType, SafetensorsDType, unknown>(
  `one of ${Object.keys(fromSafetensorsDType).map((d) => `"${d}"`).join(", ")}`,
  isDType,
  (u, c) =>
    isDType(u)
      ? t.success(u)
      : typeof u === "string" && otherFormatDTypes.includes(u)
        ? t.failure(u, c, `dtype "${u}" is a safetensors dtype tygrad does not read; expected one of ${Object.keys(fromSafetensorsDType).join(", ")}`)
        : t.failure(u, c),
  t.identity,
);

const isOffsets = (u: unknown): u is readonly [number, number] =>
  Array.isArray(u) && u.length === 2 && isNonNegativeInteger(u[0]) && isNonNegativeInteger(u[1]);

// A hand-made codec because io-ts tuples accept (and drop) extra elements.
const offsetsCodec = new t.Type<readonly [number, number], readonly [number, number], unknown>(
  "a pair [begin, end] of non-negative integers",
  isOffsets,
  (u, c) => (isOffsets(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

// The composite codecs are built on first use, not at import: building them runs io-ts code that
// most programs, which never read a safetensors file, would pay for at start-up.
const buildEntryCodec = () =>
  t.type(
    { dtype: dtypeCodec, shape: t.readonlyArray(nonNegativeInteger, "a list of non-negative integers"), data_offsets: offsetsCodec },
    "an object with dtype, shape and data_offsets",
  );
let builtEntryCodec: ReturnType<typeof buildEntryCodec> | undefined;
const entryCodec = (): ReturnType<typeof buildEntryCodec> => (builtEntryCodec ??= buildEntryCodec());

const metadataValue = new t.Type<string, string, unknown>(
  "a string",
  (u): u is string => typeof u === "string",
  (u, c) => (typeof u === "string" ? t.success(u) : t.failure(u, c)),
  t.identity,
);

const buildMetadataCodec = () => t.record(t.string, metadataValue, "an object mapping strings to strings");
let builtMetadataCodec: ReturnType<typeof buildMetadataCodec> | undefined;
const metadataCodec = (): ReturnType<typeof buildMetadataCodec> => (builtMetadataCodec ??= buildMetadataCodec());

// ---------------------------------------------------------------------------------------------
// error reporting

/** A value as it appeared in the header, shortened for a message. */
const shown = (u: unknown): string => {
  if (u === undefined) return "nothing (the field is missing)";
  const json = JSON.stringify(u);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
};

/**
 * io-ts's first error as a path below the decoded value, the field it names ("shape[1]") and what
 * is wrong with it ("must be a non-negative integer, got -3"), or the codec's own sentence.
 */
interface Failure {
  readonly path: readonly string[];
  readonly field: string;
  readonly problem: string;
  readonly sentence?: string;
}

const firstFailure = (errors: t.Errors): Failure => {
  const error = errors[0];
  if (error === undefined) return { path: [], field: "", problem: "is invalid" };
  const path = error.context.slice(1).map((entry) => entry.key);
  const expected = error.context[error.context.length - 1]?.type.name ?? "valid";
  const field = path.map((key, i) => (/^\d+$/.test(key) ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
  const problem = `must be ${expected}, got ${shown(error.value)}`;
  return error.message === undefined ? { path, field, problem } : { path, field, problem, sentence: error.message };
};

// ---------------------------------------------------------------------------------------------
// decoding

const decodeEntry = (name: string, value: unknown): E.Either<SafetensorsError, HeaderEntry> => {
  const decoded = entryCodec().decode(value);
  if (E.isLeft(decoded)) {
    const { path, field, problem, sentence } = firstFailure(decoded.left);
    const detail = sentence ?? (field === "" ? problem : `${field} ${problem}`);
    return E.left(safetensorsError("tensor entry", [name, ...path], `tensor ${JSON.stringify(name)}: ${detail}`, name));
  }
  const { dtype, shape, data_offsets } = decoded.right;
  return E.right({ name, dtype, shape, begin: data_offsets[0], end: data_offsets[1] });
};

const decodeMetadata = (value: unknown): E.Either<SafetensorsError, Readonly<Record<string, string>>> => {
  const decoded = metadataCodec().decode(value);
  if (E.isLeft(decoded)) {
    const { path, problem } = firstFailure(decoded.left);
    const where = path[0] === undefined ? METADATA_KEY : `${METADATA_KEY} ${JSON.stringify(path[0])}`;
    return E.left(safetensorsError("metadata", [METADATA_KEY, ...path], `${where} ${problem}`));
  }
  // Object.fromEntries defines own properties, so a key such as "__proto__" stays a plain key.
  return E.right(Object.fromEntries(Object.entries(decoded.right)));
};

const range = (e: HeaderEntry): string => `[${e.begin}, ${e.end}]`;

/** One entry on its own: a well-formed range inside the buffer, exactly as long as its shape needs. */
const checkExtent = (e: HeaderEntry, dataLength: number): E.Either<SafetensorsError, HeaderEntry> => {
  const fail = (detail: string) =>
    E.left(safetensorsError("layout", [e.name, "data_offsets"], `tensor ${JSON.stringify(e.name)}: ${detail}`, e.name));
  if (e.end < e.begin) return fail(`data_offsets ${range(e)} end before they begin`);
  if (e.end > dataLength) {
    return fail(`data_offsets ${range(e)} reach past the end of the data buffer, which has ${dataLength} bytes`);
  }
  // Exact in BigInt: a hostile shape's product can exceed 2^53.
  const needed = e.shape.reduce((n, d) => n * BigInt(d), 1n) * BigInt(safetensorsItemSize[e.dtype]);
  if (needed !== BigInt(e.end - e.begin)) {
    return fail(
      `data_offsets ${range(e)} cover ${e.end - e.begin} bytes, but shape [${e.shape.join(", ")}] of ${e.dtype} needs ${needed}`,
    );
  }
  return E.right(e);
};

/** All entries together: sorted by offset, each begins where the previous ended, the last ends the buffer. */
const checkTiling = (entries: readonly HeaderEntry[], dataLength: number): E.Either<SafetensorsError, readonly HeaderEntry[]> => {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: HeaderEntry | undefined;
  for (const e of sorted) {
    if (e.begin < cursor && previous !== undefined) {
      return E.left(
        safetensorsError(
          "layout",
          [e.name, "data_offsets"],
          `tensor ${JSON.stringify(e.name)}: data_offsets ${range(e)} overlap tensor ${JSON.stringify(previous.name)} at ${range(previous)}`,
          e.name,
        ),
      );
    }
    if (e.begin > cursor) {
      return E.left(
        safetensorsError(
          "layout",
          [e.name, "data_offsets"],
          `bytes [${cursor}, ${e.begin}) of the data buffer belong to no tensor (a hole before tensor ${JSON.stringify(e.name)})`,
          e.name,
        ),
      );
    }
    cursor = e.end;
    previous = e;
  }
  if (cursor !== dataLength) {
    return E.left(
      safetensorsError("layout", [], `bytes [${cursor}, ${dataLength}) at the end of the data buffer belong to no tensor`),
    );
  }
  return E.right(sorted);
};

/**
 * Decodes and checks the header text of a file whose data buffer holds `dataLength` bytes. On
 * success every entry's range is known to lie inside the buffer and to have the right length.
 */
export const parseHeader = (text: string, dataLength: number): E.Either<SafetensorsError, Header> => {
  if (!text.startsWith("{")) {
    return E.left(safetensorsError("header", [], `the header must start with "{", but starts with ${shown(text.slice(0, 12))}`));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return E.left(safetensorsError("header", [], `the header is not valid JSON (${reason})`));
  }
  if (!t.UnknownRecord.is(json)) {
    return E.left(safetensorsError("header", [], `the header must be a JSON object, got ${shown(json)}`));
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    const where = duplicate.path.length === 0 ? "the header" : `header object ${duplicate.path.map((k) => JSON.stringify(k)).join(" → ")}`;
    return E.left(
      safetensorsError("header", [...duplicate.path, duplicate.key], `key ${JSON.stringify(duplicate.key)} appears twice in ${where}`),
    );
  }
  let metadata: Readonly<Record<string, string>> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(json)) {
    if (name === METADATA_KEY) {
      const decoded = decodeMetadata(value);
      if (E.isLeft(decoded)) return decoded;
      metadata = decoded.right;
      continue;
    }
    const decoded = E.flatMap(decodeEntry(name, value), (e) => checkExtent(e, dataLength));
    if (E.isLeft(decoded)) return decoded;
    entries.push(decoded.right);
  }
  return pipe(
    checkTiling(entries, dataLength),
    E.map((sorted) => ({ entries: sorted, metadata })),
  );
};
