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
import { openRegularFile } from "../io/file-kind.js";
import { nodeBuffer, nodeFs, nodePath, nodeZlib } from "../io/node-builtins.js";

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

export const idxError = (reason: IdxError["reason"], message: string): IdxError => ({ _tag: "IdxError", reason, message });

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

/** The longest IDX header: the magic number and 255 dims. */
const MAX_HEADER_BYTES = 4 + 4 * 255;

/** Deflate never expands its input by more than this factor (RFC 1951's longest match over the shortest code). */
const MAX_INFLATE_RATIO = 1032;

const gzipError = (cause: unknown): IdxError =>
  idxError("gzip", `parseIdx: the input starts like gzip (1F 8B) but does not decompress: ${cause instanceof Error ? cause.message : String(cause)}`);

/**
 * The first decompressed bytes (at least MAX_HEADER_BYTES, or all there are): ever longer prefixes
 * of the compressed input are inflated with a sync flush, so a truncated stream is no error and
 * each round's output is bounded by its input times MAX_INFLATE_RATIO, never by what the file
 * would expand to.
 */
const gunzipPrefix = (bytes: Uint8Array): E.Either<IdxError, Uint8Array> => {
  const zlib = nodeZlib();
  for (let k = 256; ; k *= 2) {
    const part = bytes.subarray(0, Math.min(k, bytes.length));
    try {
      const out = zlib.gunzipSync(part, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: part.length * MAX_INFLATE_RATIO + MAX_HEADER_BYTES });
      if (out.length >= MAX_HEADER_BYTES || part.length === bytes.length) return E.right(out);
    } catch (cause) {
      return E.left(gzipError(cause));
    }
  }
};

/**
 * Decompresses an IDX file in memory: its header first (see gunzipPrefix), then the whole stream
 * with a ceiling of exactly the size the header calls for, refused beyond `maxBytes`.
 */
const gunzipBounded = (bytes: Uint8Array, maxBytes: number): E.Either<IdxError, Uint8Array> => {
  const head = gunzipPrefix(bytes);
  if (E.isLeft(head)) return head;
  const prefix = checkPrefix(head.right);
  if (E.isLeft(prefix)) return prefix;
  const total = BigInt(prefix.right.header.dataOffset) + prefix.right.needed;
  if (total > BigInt(Math.min(maxBytes, nodeBuffer().constants.MAX_LENGTH))) return E.left(tooLargeError(prefix.right, total, maxBytes));
  try {
    // One byte more than the header allows tells a stream that is too long from one that fits.
    return E.right(nodeZlib().gunzipSync(bytes, { maxOutputLength: Number(total) + 1 }));
  } catch (cause) {
    return E.left(errorCode(cause) === "ERR_BUFFER_TOO_LARGE" ? sizeError(prefix.right, `more than ${prefix.right.needed}`) : gzipError(cause));
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

/** The header's bytes, checked on their own: the magic number, the type, the rank and the dims. */
interface Prefix extends CheckedHeader {
  /** Bytes of data the dims call for (exact: up to 255 dims of 2^32 each). */
  readonly needed: bigint;
}

/**
 * Checks the magic number and dims at the start of `bytes`, which must hold at least the whole
 * header (4 + 4·rank bytes) unless it is malformed; the data after it is not looked at.
 */
const checkPrefix = (bytes: Uint8Array): E.Either<IdxError, Prefix> => {
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
  return E.right({ header: { typeCode, dtype: type.dtype, dims, dataOffset }, type, needed });
};

const sizeError = (p: Prefix, present: number | string): IdxError =>
  idxError(
    "size",
    `parseIdx: dims [${p.header.dims.join(", ")}] of ${p.type.name} need ${p.needed} bytes of data, but ${present} ${present === 1 ? "follows" : "follow"} the header`,
  );

const tooLargeError = (p: Prefix, total: bigint, maxBytes: number): IdxError =>
  idxError("too-large", `parseIdx: dims [${p.header.dims.join(", ")}] of ${p.type.name} make ${total} bytes, more than options.maxBytes = ${maxBytes}`);

const checkHeader = (bytes: Uint8Array): E.Either<IdxError, CheckedHeader> => {
  const prefix = checkPrefix(bytes);
  if (E.isLeft(prefix)) return prefix;
  const present = bytes.length - prefix.right.header.dataOffset;
  if (prefix.right.needed !== BigInt(present)) return E.left(sizeError(prefix.right, present));
  return E.right(prefix.right);
};

/** The elements at `bytes[offset…]` of a checked header, widened to the header's RawArray dtype. */
const readElements = (bytes: Uint8Array, { header, type }: CheckedHeader, offset = header.dataOffset): RawData => {
  const count = header.dims.reduce((n, d) => n * d, 1);
  if (type.size === itemSize[type.dtype]) return readNumbers(type.dtype, bytes, offset, count, "big");
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * type.size);
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

/**
 * Reads and parses one IDX file, gzip-compressed or not, as a stream: the header is checked from
 * the first bytes (inflated as far as needed and no further), the data buffer is then allocated
 * at exactly the size the dims call for (refused beyond `options.maxBytes`), and reading stops
 * as soon as the file holds more than that. A bad magic number in a gzip bomb is therefore found
 * after one chunk, and peak memory is the data the header allows plus one chunk.
 */
export const loadIdxFile = async (path: string, options: IdxOptions = {}): Promise<E.Either<IdxError, RawArray>> => {
  const maxBytes = options.maxBytes ?? DEFAULT_IDX_MAX_BYTES;
  const named = (e: IdxError): IdxError => ({ ...e, message: `${path}: ${e.message}` });
  const opened = await openRegularFile("loadIdxFile", path);
  if (E.isLeft(opened)) return E.left(idxError("file", opened.left.message));
  const handle = opened.right;
  try {
    const { size } = await handle.stat();
    const magic = new Uint8Array(2);
    await handle.read(magic, 0, 2, 0);
    const gzip = isGzip(magic);
    if (!gzip && size > maxBytes) return E.left(idxError("too-large", `loadIdxFile(${JSON.stringify(path)}): the file has ${size} bytes, more than the limit of ${maxBytes} (options.maxBytes)`));
    const raw = handle.createReadStream({ start: 0, autoClose: false });
    const source = gzip ? raw.pipe(nodeZlib().createGunzip()) : raw;
    try {
      return E.mapLeft(named)(await readIdxStream(source, maxBytes, gzip ? undefined : size));
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return E.left(named(idxError(gzip ? "gzip" : "file", `parseIdx: ${gzip ? "the input starts like gzip (1F 8B) but does not decompress" : "the file could not be read"}: ${reason}`)));
    } finally {
      raw.destroy();
      source.destroy();
    }
  } finally {
    await handle.close();
  }
};

/**
 * The IDX array in a stream of decoded bytes (see loadIdxFile). `fileSize`, for an uncompressed
 * file, lets a wrong size be refused from the header alone.
 */
const readIdxStream = async (chunks: AsyncIterable<Uint8Array>, maxBytes: number, fileSize: number | undefined): Promise<E.Either<IdxError, RawArray>> => {
  let head = new Uint8Array(0);
  let prefix: Prefix | undefined;
  let data: Uint8Array | undefined;
  let filled = 0;
  for await (const chunk of chunks) {
    let rest: Uint8Array = chunk;
    if (prefix === undefined) {
      const joined = new Uint8Array(head.length + rest.length);
      joined.set(head);
      joined.set(rest, head.length);
      // The header is 4 + 4·rank bytes, rank being byte 3; check it once it is all here (or bad early).
      const wanted = joined.length >= 4 ? 4 + 4 * (joined[3] ?? 0) : 4;
      const early = joined.length >= 4 && (joined[0] !== 0 || joined[1] !== 0 || !idxTypes.has(joined[2] ?? -1) || joined[3] === 0);
      if (joined.length < wanted && !early) {
        head = joined;
        continue;
      }
      const checked = checkPrefix(joined.subarray(0, Math.min(wanted, joined.length)));
      if (E.isLeft(checked)) return checked;
      prefix = checked.right;
      const total = BigInt(prefix.header.dataOffset) + prefix.needed;
      if (total > BigInt(maxBytes)) return E.left(tooLargeError(prefix, total, maxBytes));
      if (fileSize !== undefined && BigInt(fileSize) !== total) return E.left(sizeError(prefix, fileSize - prefix.header.dataOffset));
      data = new Uint8Array(Number(prefix.needed));
      rest = joined.subarray(prefix.header.dataOffset);
    }
    if (data === undefined) continue;
    if (filled + rest.length > data.length) return E.left(sizeError(prefix, `more than ${data.length}`));
    data.set(rest, filled);
    filled += rest.length;
  }
  if (prefix === undefined || data === undefined) {
    const checked = checkPrefix(head);
    return E.isLeft(checked) ? checked : E.left(sizeError(checked.right, 0));
  }
  if (filled !== data.length) return E.left(sizeError(prefix, filled));
  const { dtype, dims } = prefix.header;
  return E.right({ dtype, shape: dims, data: prefix.type.size === 1 && dtype === "uint8" ? data : readElements(data, prefix, 0) });
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
const MNIST_NAME = /^(train|t10k)-(images[.-]idx3|labels[.-]idx1)-ubyte(\.gz)?$/;

const checkPair = (split: string, images: RawArray, labels: RawArray): E.Either<IdxError, MnistSplit> => {
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
 * The splits among MNIST-named files (a directory's names, or a page's Blobs): each split
 * ("train", "t10k" → test) whose images and labels files are both there, read by `read` and
 * checked to agree. The files are taken in name order, so "…-ubyte" comes before "…-ubyte.gz" and
 * is the one used. `names` says how messages name the caller: `whole` when no split is complete,
 * `pair` when a split's files disagree.
 */
export async function pairMnistSplits<F>(
  names: { readonly whole: string; readonly pair: string }, files: readonly F[], nameOf: (file: F) => string,
  read: (file: F) => Promise<E.Either<IdxError, RawArray>>,
): Promise<E.Either<IdxError, Mnist>> {
  const sorted = files.filter((f) => MNIST_NAME.test(nameOf(f))).sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
  const recognised = sorted.map(nameOf);
  const find = (split: string, kind: "images" | "labels") => sorted.find((f) => nameOf(f).startsWith(`${split}-${kind}`));
  const splits: Partial<Record<"train" | "test", MnistSplit>> = {};
  const unpaired: string[] = [];
  for (const [prefix, key] of [["train", "train"], ["t10k", "test"]] as const) {
    const imagesFile = find(prefix, "images");
    const labelsFile = find(prefix, "labels");
    if (imagesFile === undefined || labelsFile === undefined) {
      unpaired.push(...[imagesFile, labelsFile].flatMap((f) => (f === undefined ? [] : [nameOf(f)])));
      continue;
    }
    const images = await read(imagesFile);
    if (E.isLeft(images)) return images;
    const labels = await read(labelsFile);
    if (E.isLeft(labels)) return labels;
    const split = checkPair(prefix, images.right, labels.right);
    if (E.isLeft(split)) return E.left({ ...split.left, message: split.left.message.replace(/^loadMnist:/, `${names.pair}:`) });
    splits[key] = split.right;
  }
  if (splits.train === undefined && splits.test === undefined) {
    return E.left(
      idxError(
        "mnist",
        `${names.whole}: no complete split; expected train-images-idx3-ubyte[.gz] with train-labels-idx1-ubyte[.gz], ` +
          `or the same for t10k; recognised files: ${recognised.length === 0 ? "none" : recognised.join(", ")}`,
      ),
    );
  }
  return E.right({ ...splits, unpaired });
}

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
  const read = (name: string) => loadIdxFile(nodePath().join(directory, name), options);
  return pairMnistSplits({ whole: `loadMnist(${JSON.stringify(directory)})`, pair: "loadMnist" }, names, (n) => n, read);
};
