// gzip decompression over bytes or a Blob with the web's DecompressionStream, which Node (18+),
// Deno, Bun and every current browser provide: the form of gunzip a page can use. The output is
// bounded: reading stops, and the stream is cancelled, as soon as it would pass `maxBytes`, so a
// gzip bomb costs at most maxBytes plus one chunk of memory.

import * as E from "fp-ts/lib/Either.js";

/** Why bytes did not decompress: "gzip" corrupt or truncated; "too-large" past maxBytes. */
export interface GunzipError {
  readonly _tag: "GunzipError";
  readonly reason: "gzip" | "too-large";
  readonly message: string;
}

/** Whether `bytes` start with gzip's magic number 1F 8B. */
export const isGzip = (bytes: Uint8Array): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The first `count` bytes of a Blob (or fewer, if it is shorter). */
export const blobHead = async (blob: Blob, count: number): Promise<Uint8Array> =>
  new Uint8Array(await blob.slice(0, count).arrayBuffer());

/** The decompressed bytes of a gzip stream, at most `maxBytes` of them. */
export async function gunzip(source: Uint8Array | Blob, maxBytes: number): Promise<E.Either<GunzipError, Uint8Array>> {
  const blob = source instanceof Uint8Array ? new Blob([source.slice()]) : source; // a copy over a plain ArrayBuffer
  const reader = blob.stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        return E.left({
          _tag: "GunzipError",
          reason: "too-large",
          message: `gunzip: the gzip stream decompresses to more than ${maxBytes} bytes (maxBytes); refusing to inflate further`,
        });
      }
      chunks.push(value);
    }
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return E.left({ _tag: "GunzipError", reason: "gzip", message: `gunzip: the input does not decompress as gzip: ${reason}` });
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return E.right(out);
}
