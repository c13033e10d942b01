// IDX, the array format of the MNIST files, and a loader for MNIST-style directories.
//
// An IDX file is
//   4 bytes    the magic number: 0x00 0x00, a type code, the rank r
//   4·r bytes  the dims, each a big-endian unsigned 32-bit integer
//   the rest   exactly product(dims) elements, row-major, big-endian
// Type codes: 0x08 unsigned byte, 0x09 signed byte, 0x0B short (16 bits), 0x0C int (32 bits),
// 0x0D float (32 bits), 0x0E double (64 bits). Files are often gzip-compressed as a whole.
//
// As RawArrays: unsigned byte → uint8, signed byte / short / int → int32 (widening is exact),
// float → float32, double → float64.
//
// Every size is bounded before it is trusted: decompression stops at `maxBytes` (a gzip bomb
// cannot exhaust memory), and the dims' claimed size is checked against the bytes actually
// present before the result is allocated.

import * as E from "fp-ts/lib/Either.js";
import { readNumbers } from "../io/endian.js";
import { errorCode } from "../io/file-error.js";
import { itemSize, type RawArray, type RawData, type RawDType } from "../io/raw.js";
import { nodeBuffer, nodeFs, nodePath, nodeZlib } from "../io/node-builtins.js";
import { readFileBounded } from "../io/read-bounded.js";

// ---------------------------------------------------------------------------------------------
// model

/** The default ceiling on a file's decoded size: 1 GiB, twenty times MNIST's training images. */
export const DEFAULT_IDX_MAX_BYTES = 2 ** 30;

export interface IdxOptions {
  /** Largest decoded (decompressed) size accepted, in bytes; DEFAULT_IDX_MAX_BYTES if absent. */
  readonly maxBytes?: number;
}

/**
 * Why bytes are not a usable IDX file (or directory of them). `reason`: "gzip" the compressed
 * stream is corrupt; "too-large" the data exceeds `maxBytes`; "header" the magic number or dims
 * are malformed; "size" the dims disagree with the amount of data; "file" the file system
 * refused; "mnist" the files do not form an MNIST-style dataset.
 */
export interface IdxError {
  readonly _tag: "IdxError";
  readonly reason: "gzip" | "too-large" | "header" | "size" | "file" | "mnist";
  readonly message: string;
}

const idxError = (reason: IdxError["reason"], message: string): IdxError => ({ _tag: "IdxError", reason, message });

interface IdxType {
  readonly name: string;
  /** Bytes per element in the file. */
  readonly size: number;
  readonly dtype: RawDType;
  readonly read: (view: DataView, at: number) => number;
}

const idxTypes: ReadonlyMap<number, IdxType> = new Map<number, IdxType>([
  [0x08, { name: "unsigned byte", size: 1, dtype: "uint8", read: (v, at) => v.getUint8(at) }],
  [0x09, { name: "signed byte", size: 1, dtype: "int32", read: (v, at) => v.getInt8(at) }],
  [0x0b, { name: "short", size: 2, dtype: "int32", read: (v, at) => v.getInt16(at, false) }],
  [0x0c, { name: "int", size: 4, dtype: "int32", read: (v, at) => v.getInt32(at, false) }],
  [0x0d, { name: "float", size: 4, dtype: "float32", read: (v, at) => v.getFloat32(at, false) }],
  [0x0e, { name: "double", size: 8, dtype: "float64", read: (v, at) => v.getFloat64(at, false) }],
]);

/** What the first bytes of an IDX file say, once checked against its length. */
export interface IdxHeader {
  readonly typeCode: number;
  readonly dtype: RawDType;
  readonly dims: readonly number[];
  /** Where the elements start: 4 + 4·rank. */
  readonly dataOffset: number;
}

const hex = (n: number, digits: number): string => `0x${n.toString(16).toUpperCase().padStart(digits, "0")}`;

// ---------------------------------------------------------------------------------------------
// parsing

const GZIP_MAGIC = [0x1f, 0x8b] as const;

const isGzip = (bytes: Uint8Array): boolean => bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];

/** Decompresses, giving up as soon as the output would pass `maxBytes`. */
const gunzipBounded = (bytes: Uint8Array, maxBytes: number): E.Either<IdxError, Uint8Array> => {
  const tooLarge = idxError(
    "too-large",
    `parseIdx: the gzip stream decompresses to more than ${maxBytes} bytes (options.maxBytes); refusing to inflate further`,
  );
  try {
    const out = nodeZlib().gunzipSync(bytes, { maxOutputLength: Math.max(1, Math.min(maxBytes, nodeBuffer().constants.MAX_LENGTH)) });
    return out.length > maxBytes ? E.left(tooLarge) : E.right(out);
  } catch (cause) {
    if (errorCode(cause) === "ERR_BUFFER_TOO_LARGE") return E.left(tooLarge);
    const reason = cause instanceof Error ? cause.message : String(cause);
    return E.left(idxError("gzip", `parseIdx: the input starts like gzip (1F 8B) but does not decompress: ${reason}`));
  }
};

interface CheckedHeader {
  readonly header: IdxHeader;
  readonly type: IdxType;
}

/**
 * Reads and checks an uncompressed IDX header: the magic number, the dims, and that exactly
 * product(dims) elements follow. Allocates nothing in proportion to what the header claims.
 */
export const readIdxHeader = (bytes: Uint8Array): E.Either<IdxError, IdxHeader> =>
  E.map((checked: CheckedHeader) => checked.header)(checkHeader(bytes));

const checkHeader = (bytes: Uint8Array): E.Either<IdxError, CheckedHeader> => {
  const fail = (reason: IdxError["reason"], detail: string) => E.left(idxError(reason, `parseIdx: ${detail}`));
  if (bytes.length < 4) {
    return fail("header", `the input has ${bytes.length} bytes; an IDX file starts with a 4-byte magic number`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const [zero0, zero1, typeCode, rank] = [bytes[0], bytes[1], bytes[2] ?? 0, bytes[3] ?? 0];
  if (zero0 !== 0 || zero1 !== 0) {
    return fail("header", `bad magic number ${hex(magic, 8)}; expected 0x0000, then a type code and a rank (e.g. 0x00000803)`);
  }
  const type = idxTypes.get(typeCode);
  if (type === undefined) {
    return fail(
      "header",
      `unknown type code ${hex(typeCode, 2)} in magic number ${hex(magic, 8)}; expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E`,
    );
  }
  if (rank === 0) return fail("header", `magic number ${hex(magic, 8)} gives rank 0; expected at least one dimension`);
  const dataOffset = 4 + 4 * rank;
  if (bytes.length < dataOffset) {
    return fail(
      "header",
      `magic number ${hex(magic, 8)} gives rank ${rank}, so ${4 * rank} bytes of dims should follow it, but only ${bytes.length - 4} do`,
    );
  }
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  // Exact in BigInt: the product of up to 255 unsigned 32-bit dims can be astronomically large.
  const needed = dims.reduce((n, d) => n * BigInt(d), 1n) * BigInt(type.size);
  const present = bytes.length - dataOffset;
  if (needed !== BigInt(present)) {
    return fail(
      "size",
      `dims [${dims.join(", ")}] of ${type.name} need ${needed} bytes of data, but ${present} ${present === 1 ? "follows" : "follow"} the header`,
    );
  }
  return E.right({ header: { typeCode, dtype: type.dtype, dims, dataOffset }, type });
};

/** The elements after a checked header, widened to the header's RawArray dtype. */
const readElements = (bytes: Uint8Array, { header, type }: CheckedHeader): RawData => {
  const count = header.dims.reduce((n, d) => n * d, 1);
  if (type.size === itemSize[type.dtype]) return readNumbers(type.dtype, bytes, header.dataOffset, count, "big");
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, count * type.size);
  return Int32Array.from({ length: count }, (_, i) => type.read(view, i * type.size));
};

/**
 * Parses an IDX file, gzip-compressed or not (told apart by gzip's magic bytes 1F 8B). The
 * decoded size is bounded by `options.maxBytes`; the result never shares memory with `bytes`.
 */
export const parseIdx = (bytes: Uint8Array, options: IdxOptions = {}): E.Either<IdxError, RawArray> => {
  const maxBytes = options.maxBytes ?? DEFAULT_IDX_MAX_BYTES;
  const raw = isGzip(bytes)
    ? gunzipBounded(bytes, maxBytes)
    : bytes.length > maxBytes
      ? E.left(idxError("too-large", `parseIdx: the input has ${bytes.length} bytes, more than options.maxBytes = ${maxBytes}`))
      : E.right(bytes);
  if (E.isLeft(raw)) return raw;
  const checked = checkHeader(raw.right);
  if (E.isLeft(checked)) return checked;
  const { dtype, dims } = checked.right.header;
  return E.right({ dtype, shape: dims, data: readElements(raw.right, checked.right) });
};

// ---------------------------------------------------------------------------------------------
// files

/** Reads and parses one IDX file; the file size is bounded by `options.maxBytes` as well. */
export const loadIdxFile = async (path: string, options: IdxOptions = {}): Promise<E.Either<IdxError, RawArray>> => {
  const bytes = await readFileBounded(path, options.maxBytes ?? DEFAULT_IDX_MAX_BYTES);
  if (E.isLeft(bytes)) {
    return E.left(idxError(bytes.left.code === "TOO_LARGE" ? "too-large" : "file", bytes.left.message));
  }
  return E.mapLeft((e: IdxError) => ({ ...e, message: `${path}: ${e.message}` }))(parseIdx(bytes.right, options));
};

/** One split of an MNIST-style dataset. */
export interface MnistSplit {
  /** uint8 [n, rows, cols], pixel values 0…255 as stored. */
  readonly images: RawArray;
  /** int32 [n], class ids. */
  readonly labels: RawArray;
}

export interface Mnist {
  /** From train-images-idx3-ubyte(.gz) with train-labels-idx1-ubyte(.gz), when both are present. */
  readonly train?: MnistSplit;
  /** From t10k-images-idx3-ubyte(.gz) with t10k-labels-idx1-ubyte(.gz), when both are present. */
  readonly test?: MnistSplit;
  /** Recognised files left out because their partner is missing. */
  readonly unpaired: readonly string[];
}

/** Names as distributed (`train-images-idx3-ubyte.gz`), also with a dot before "idx". */
export const MNIST_NAME = /^(train|t10k)-(images[.-]idx3|labels[.-]idx1)-ubyte(\.gz)?$/;

export const checkPair = (split: string, images: RawArray, labels: RawArray): E.Either<IdxError, MnistSplit> => {
  const fail = (detail: string) => E.left(idxError("mnist", `loadMnist: ${split}: ${detail}`));
  if (images.dtype !== "uint8" || images.shape.length !== 3) {
    return fail(`images must be unsigned bytes of rank 3 [n, rows, cols], got ${images.dtype} [${images.shape.join(", ")}]`);
  }
  if (labels.dtype !== "uint8" || labels.shape.length !== 1) {
    return fail(`labels must be unsigned bytes of rank 1 [n], got ${labels.dtype} [${labels.shape.join(", ")}]`);
  }
  if (images.shape[0] !== labels.shape[0]) {
    return fail(`${images.shape[0]} images but ${labels.shape[0]} labels; the counts must agree`);
  }
  return E.right({ images, labels: { dtype: "int32", shape: labels.shape, data: Int32Array.from(labels.data) } });
};

/**
 * Loads an MNIST-style directory: each split ("train", "t10k" → test) whose images and labels
 * files are both present, gzip-compressed or not (the uncompressed file wins if both exist).
 * Fails if no split is complete, or if a split's files disagree on the number of examples.
 */
export const loadMnist = async (directory: string, options: IdxOptions = {}): Promise<E.Either<IdxError, Mnist>> => {
  let names: string[];
  try {
    names = await nodeFs().readdir(directory);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return E.left(idxError("file", `loadMnist(${JSON.stringify(directory)}): cannot list the directory: ${reason}`));
  }
  // Sorted, so that "…-ubyte" comes before "…-ubyte.gz" and is the one found.
  const recognised = names.filter((n) => MNIST_NAME.test(n)).sort();
  const find = (split: string, kind: "images" | "labels") => recognised.find((n) => n.startsWith(`${split}-${kind}`));
  const splits: Partial<Record<"train" | "test", MnistSplit>> = {};
  const unpaired: string[] = [];
  for (const [prefix, key] of [["train", "train"], ["t10k", "test"]] as const) {
    const imagesName = find(prefix, "images");
    const labelsName = find(prefix, "labels");
    if (imagesName === undefined || labelsName === undefined) {
      unpaired.push(...[imagesName, labelsName].filter((n): n is string => n !== undefined));
      continue;
    }
    const images = await loadIdxFile(nodePath().join(directory, imagesName), options);
    if (E.isLeft(images)) return images;
    const labels = await loadIdxFile(nodePath().join(directory, labelsName), options);
    if (E.isLeft(labels)) return labels;
    const split = checkPair(prefix, images.right, labels.right);
    if (E.isLeft(split)) return split;
    splits[key] = split.right;
  }
  if (splits.train === undefined && splits.test === undefined) {
    return E.left(
      idxError(
        "mnist",
        `loadMnist(${JSON.stringify(directory)}): no complete split; expected train-images-idx3-ubyte[.gz] with ` +
          `train-labels-idx1-ubyte[.gz], or the same for t10k; recognised files: ${recognised.length === 0 ? "none" : recognised.join(", ")}`,
      ),
    );
  }
  return E.right({ ...splits, unpaired });
};
