// IDX and MNIST from bytes or Blobs rather than paths: the forms a page uses (a fetched file, a
// file the user picked), and they work as well in Node, Deno and Bun. gzip goes through
// DecompressionStream (io/gunzip.ts); the parsing is parseIdx's, with the same bounds: nothing
// is read past `maxBytes`, and nothing is allocated that the header merely claims.

import * as E from "fp-ts/lib/Either.js";
import { blobHead, gunzip, isGzip } from "../io/gunzip.js";
import type { RawArray } from "../io/raw.js";
import { DEFAULT_IDX_MAX_BYTES, MNIST_NAME, checkPair, parseIdx, type IdxError, type IdxOptions, type Mnist, type MnistSplit } from "./idx.js";

const idxError = (reason: IdxError["reason"], message: string): IdxError => ({ _tag: "IdxError", reason, message });

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
  const recognised = files.filter((f) => MNIST_NAME.test(f.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const find = (split: string, kind: "images" | "labels") => recognised.find((f) => f.name.startsWith(`${split}-${kind}`));
  const splits: Partial<Record<"train" | "test", MnistSplit>> = {};
  const unpaired: string[] = [];
  for (const [prefix, key] of [["train", "train"], ["t10k", "test"]] as const) {
    const imagesFile = find(prefix, "images");
    const labelsFile = find(prefix, "labels");
    if (imagesFile === undefined || labelsFile === undefined) {
      unpaired.push(...[imagesFile, labelsFile].filter((f): f is NamedBlob => f !== undefined).map((f) => f.name));
      continue;
    }
    const named = (name: string) => E.mapLeft((e: IdxError) => ({ ...e, message: `${name}: ${e.message}` }));
    const images = named(imagesFile.name)(await readIdx(imagesFile, options));
    if (E.isLeft(images)) return images;
    const labels = named(labelsFile.name)(await readIdx(labelsFile, options));
    if (E.isLeft(labels)) return labels;
    const split = checkPair(prefix, images.right, labels.right);
    if (E.isLeft(split)) return E.left({ ...split.left, message: split.left.message.replace(/^loadMnist:/, "mnistFromFiles:") });
    splits[key] = split.right;
  }
  if (splits.train === undefined && splits.test === undefined) {
    const names = recognised.map((f) => f.name);
    return E.left(
      idxError(
        "mnist",
        "mnistFromFiles: no complete split; expected train-images-idx3-ubyte[.gz] with train-labels-idx1-ubyte[.gz], " +
          `or the same for t10k; recognised files: ${names.length === 0 ? "none" : names.join(", ")}`,
      ),
    );
  }
  return E.right({ ...splits, unpaired });
}
