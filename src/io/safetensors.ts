// safetensors: named arrays to bytes and back, in the format of the same name
// (see safetensors-header.ts for the layout).
//
// Decoding treats the bytes as hostile. Nothing is allocated on the strength of a number in the
// file until that number has been checked against the bytes actually present, and the result
// never shares memory with the input. Errors are values naming the tensor and field at fault.

import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { assertRawArray, elementCount, type RawArray } from "./raw.js";
import { readStored, writeStored } from "./safetensors-dtypes.js";
import {
  fromSafetensorsDType,
  MAX_HEADER_BYTES,
  METADATA_KEY,
  parseHeader,
  safetensorsError,
  safetensorsItemSize,
  toSafetensorsDType,
  type HeaderEntry,
  type SafetensorsDType,
  type SafetensorsError,
} from "./safetensors-header.js";

export type { SafetensorsError } from "./safetensors-header.js";

export interface Safetensors {
  /** Each tensor, widened to its RawArray dtype (see safetensors-dtypes.ts). */
  readonly tensors: ReadonlyMap<string, RawArray>;
  /** The dtype each tensor has in the file (F16 for a tensor read as float32, …). */
  readonly dtypes: ReadonlyMap<string, SafetensorsDType>;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface EncodeOptions {
  /** The file dtype of named tensors (default F32, F64, I32, U8 after the array's dtype), e.g. { "w": "BF16" }. */
  readonly dtypes?: Readonly<Record<string, SafetensorsDType>>;
}

/** Size of the length prefix, and the alignment the header is padded to. */
const PREFIX_BYTES = 8;

// Any ReadonlyMap, not only a Map: in a record every value is a RawArray, never a function.
const isMap = (entries: ReadonlyMap<string, RawArray> | Record<string, RawArray>): entries is ReadonlyMap<string, RawArray> =>
  typeof entries.entries === "function";

/**
 * Encodes named arrays, and optional string metadata, as a safetensors file; `options.dtypes`
 * stores chosen tensors in another dtype (F16, BF16, I8, …; see safetensors-dtypes.ts).
 *
 * Tensors are laid out by decreasing element size, then by name: every tensor then starts at a
 * multiple of its own element size, and since the header is padded with spaces to a multiple of
 * 8 bytes, so does its position in the file — a reader may view the data in place. Throws a
 * TypeError or RangeError naming the array if one is inconsistent (see `assertRawArray`).
 */
export const encodeSafetensors = (
  entries: ReadonlyMap<string, RawArray> | Record<string, RawArray>,
  metadata?: Record<string, string>,
  options: EncodeOptions = {},
): Uint8Array => {
  const named: [string, RawArray][] = isMap(entries) ? [...entries] : Object.entries(entries);
  for (const [name, array] of named) {
    if (name === METADATA_KEY) {
      throw new RangeError(`encodeSafetensors: "${METADATA_KEY}" is reserved for metadata and cannot name a tensor`);
    }
    assertRawArray("encodeSafetensors", name, array);
  }
  const metadataEntries = Object.entries(metadata ?? {});
  for (const [key, value] of metadataEntries) {
    if (typeof value !== "string") {
      throw new TypeError(`encodeSafetensors: metadata ${JSON.stringify(key)} must be a string, got ${typeof value}`);
    }
  }

  const stored = named.map(([name, array]) => {
    const dtype = Object.hasOwn(options.dtypes ?? {}, name) ? (options.dtypes?.[name] ?? "F32") : toSafetensorsDType[array.dtype];
    return { name, array, dtype, bytes: writeStored("encodeSafetensors", name, dtype, array.dtype, array.data) };
  });
  const ordered = stored.sort(
    (a, b) => safetensorsItemSize[b.dtype] - safetensorsItemSize[a.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  let dataLength = 0;
  const placed = ordered.map((entry) => {
    const begin = dataLength;
    dataLength += entry.bytes.length;
    return { ...entry, begin };
  });

  // The header is written by hand rather than through an object so that no name (not even
  // "__proto__") can collide with an object's own machinery; JSON.stringify quotes each string.
  const members = [
    ...(metadataEntries.length === 0
      ? []
      : [`${JSON.stringify(METADATA_KEY)}:{${metadataEntries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`]),
    ...placed.map(
      ({ name, array, dtype, bytes, begin }) =>
        `${JSON.stringify(name)}:${JSON.stringify({
          dtype,
          shape: array.shape,
          data_offsets: [begin, begin + bytes.length],
        })}`,
    ),
  ];
  const headerText = new TextEncoder().encode(`{${members.join(",")}}`);
  const headerLength = Math.ceil(headerText.length / PREFIX_BYTES) * PREFIX_BYTES;
  if (headerLength > MAX_HEADER_BYTES) {
    throw new RangeError(
      `encodeSafetensors: the header would take ${headerLength} bytes, more than the ${MAX_HEADER_BYTES} readers accept; use shorter names or less metadata`,
    );
  }

  const out = new Uint8Array(PREFIX_BYTES + headerLength + dataLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(headerText, PREFIX_BYTES);
  out.fill(0x20, PREFIX_BYTES + headerText.length, PREFIX_BYTES + headerLength); // spaces
  for (const { bytes, begin } of placed) out.set(bytes, PREFIX_BYTES + headerLength + begin);
  return out;
};

/**
 * Decodes a safetensors file. Checks, in order and before allocating anything for tensor data:
 * the length prefix is present and the header it announces fits in the file (and under
 * MAX_HEADER_BYTES); the header is UTF-8 JSON, an object, without repeated keys; each entry has a
 * dtype this library reads, a shape of non-negative integers and a [begin, end] pair; each range
 * lies in the data buffer and is exactly as long as its shape requires; and the ranges tile the
 * buffer with no overlap and no hole. Tensors are then copied out.
 */
export const decodeSafetensors = (bytes: Uint8Array): E.Either<SafetensorsError, Safetensors> => {
  if (bytes.length < PREFIX_BYTES) {
    return E.left(
      safetensorsError("length prefix", [], `the input has ${bytes.length} bytes, fewer than the 8-byte header length that starts every file`),
    );
  }
  const claimed = new DataView(bytes.buffer, bytes.byteOffset, PREFIX_BYTES).getBigUint64(0, true);
  const available = bytes.length - PREFIX_BYTES;
  if (claimed > BigInt(available)) {
    return E.left(
      safetensorsError("length prefix", [], `the header length says ${claimed} bytes, but only ${available} bytes follow it`),
    );
  }
  if (claimed > BigInt(MAX_HEADER_BYTES)) {
    return E.left(
      safetensorsError("length prefix", [], `the header length says ${claimed} bytes, more than the limit of ${MAX_HEADER_BYTES}`),
    );
  }
  const headerLength = Number(claimed);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength),
    );
  } catch {
    return E.left(safetensorsError("header", [], "the header is not valid UTF-8"));
  }
  const dataStart = PREFIX_BYTES + headerLength;
  return pipe(
    parseHeader(text, bytes.length - dataStart),
    E.flatMap(({ entries, metadata }) =>
      pipe(
        E.traverseArray((e: HeaderEntry) => copyOut(bytes, dataStart, e))(entries),
        E.map((arrays) => ({
          tensors: new Map(arrays.map((a, i): [string, RawArray] => [entries[i]?.name ?? "", a])),
          dtypes: new Map(entries.map((e): [string, SafetensorsDType] => [e.name, e.dtype])),
          metadata,
        })),
      ),
    ),
  );
};

/** A fresh array holding one checked entry's values, widened to its RawArray dtype. */
const copyOut = (bytes: Uint8Array, dataStart: number, e: HeaderEntry): E.Either<SafetensorsError, RawArray> =>
  pipe(
    readStored(e.dtype, bytes, dataStart + e.begin, elementCount(e.shape)),
    E.mapLeft((detail) => safetensorsError("tensor data", [e.name], `tensor ${JSON.stringify(e.name)} (${e.dtype}): ${detail}`, e.name)),
    E.map((data) => ({ dtype: fromSafetensorsDType[e.dtype], shape: [...e.shape], data })),
  );
