// The Node built-in modules that tygrad's file and data functions use, loaded the first time one
// of those functions runs rather than when tygrad is imported. Importing a built-in as an ES
// module costs a few tenths of a millisecond of every program's start-up (zlib and crypto
// several milliseconds), most programs never touch a file through tygrad, and a module that does
// not import them statically still loads where they are missing. `require` keeps the callers
// synchronous where they are; Node caches each module after its first load.

import { createRequire } from "node:module";

let nodeRequire: NodeJS.Require | undefined;

// require returns its module untyped; each accessor below gives the module its own type.
const load = (id: string): ReturnType<NodeJS.Require> => (nodeRequire ??= createRequire(import.meta.url))(id);

/** node:fs/promises, loaded on first use. */
export const nodeFs = (): typeof import("node:fs/promises") => load("node:fs/promises");

/** node:path, loaded on first use. */
export const nodePath = (): typeof import("node:path") => load("node:path");

/** node:buffer, loaded on first use. */
export const nodeBuffer = (): typeof import("node:buffer") => load("node:buffer");

/** node:zlib, loaded on first use. */
export const nodeZlib = (): typeof import("node:zlib") => load("node:zlib");

/** node:crypto, loaded on first use. */
export const nodeCrypto = (): typeof import("node:crypto") => load("node:crypto");

/** node:process, loaded on first use. */
export const nodeProcess = (): typeof import("node:process") => load("node:process");
