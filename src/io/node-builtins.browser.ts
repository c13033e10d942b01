// In the browser build, node-builtins.ts is replaced by this module: a page has no file system,
// so each accessor throws a one-line error naming what to use instead, and nothing here imports
// a Node module. The shapes are node-builtins.ts's, so the callers compile unchanged.

const missing = (module: string): never => {
  throw new Error(
    `tygrad: ${module} exists only in Node (and Deno, Bun); in a browser, pass bytes instead of a path: ` +
      "data.readIdx / data.mnistFromFiles (Uint8Array or Blob), io.decodeCheckpoint / io.encodeCheckpoint, data.parseCsv",
  );
};

/** node:fs/promises: absent in a browser. */
export const nodeFs = (): typeof import("node:fs/promises") => missing("node:fs/promises");

/** node:path: absent in a browser. */
export const nodePath = (): typeof import("node:path") => missing("node:path");

/** node:buffer: absent in a browser. */
export const nodeBuffer = (): typeof import("node:buffer") => missing("node:buffer");

/** node:zlib: absent in a browser (gzip goes through DecompressionStream: io.gunzip). */
export const nodeZlib = (): typeof import("node:zlib") => missing("node:zlib");

/** node:crypto: absent in a browser. */
export const nodeCrypto = (): typeof import("node:crypto") => missing("node:crypto");

/** node:process: absent in a browser. */
export const nodeProcess = (): typeof import("node:process") => missing("node:process");
