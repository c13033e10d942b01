// IDX and MNIST from bytes or Blobs rather than paths: the forms a page uses (a fetched file, a
// file the user picked), and they work as well in Node, Deno and Bun. gzip goes through
// DecompressionStream (io/gunzip.ts); the parsing is parseIdx's, with the same bounds: nothing
// is read past `maxBytes`, and nothing is allocated that the header merely claims.

import * as E from "fp-ts/lib/Either.js";
import { blobHead, gunzip, isGzip } from "../io/gunzip.js";
import type { RawArray } from "../io/raw.js";
import { DEFAULT_IDX_MAX_BYTES, idxError, pairMnistSplits, parseIdx, type IdxError, type IdxOptions, type Mnist } from "./idx.js";


/** Parses an IDX file given as bytes or a Blob, gzip-compressed or not. */
export async function readIdx(source: Uint8Array | Blob, options: IdxOptions = {}): Promise<E.Either<IdxError, RawArray>> {
  const maxBytes = options.maxBytes ?? DEFAULT_IDX_MAX_BYTES;
  const head = source instanceof Uint8Array ? source : await blobHead(source, 2);
  if (isGzip(head)) {
    const raw = await gunzip(source, maxBytes);
    if (E.isLeft(raw)) return E.left(idxError(raw.left.reason, raw.left.message.replace(/^gunzip:/, "readIdx:")));
    return parseIdx(raw.right, options);
  }
  const size = source instanceof Uint8Array ? source.byteLength : source.size;
  if (size > maxBytes) {
    return E.left(idxError("too-large", `readIdx: the input has ${size} bytes, more than options.maxBytes = ${maxBytes}`));
  }
  return parseIdx(source instanceof Uint8Array ? source : new Uint8Array(await source.arrayBuffer()), options);
}

/** A file with its name: a browser's File, or any Blob given a name. */
export type NamedBlob = Blob & { readonly name: string };

/**
 * An MNIST-style dataset from files picked in a page (or fetched): the same names as loadMnist
 * reads from a directory (`train-images-idx3-ubyte.gz`, …), the uncompressed file winning if both
 * are given. Fails if no split is complete or a split's files disagree.
 */
export async function mnistFromFiles(files: readonly NamedBlob[], options: IdxOptions = {}): Promise<E.Either<IdxError, Mnist>> {
  const read = async (file: NamedBlob) => E.mapLeft((e: IdxError) => ({ ...e, message: `${file.name}: ${e.message}` }))(await readIdx(file, options));
  return pairMnistSplits({ whole: "mnistFromFiles", pair: "mnistFromFiles" }, files, (f) => f.name, read);
}
