// Writing an exported model to a file (Node): atomically, so an existing model at the path is
// replaced whole or not at all. In a browser, use the bytes toOnnx returns.

import type * as E from "fp-ts/lib/Either.js";
import { writeFileAtomic } from "../io/atomic.js";
import type { FileError } from "../io/file-error.js";

export const saveOnnx = (path: string, bytes: Uint8Array): Promise<E.Either<FileError, void>> => writeFileAtomic(path, bytes);
