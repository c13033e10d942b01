// FileError: a failed file operation as a value, naming the operation, the path, the step that
// failed and, when the system gave one, its error code ("ENOENT", "EACCES", …).

export interface FileError {
  readonly _tag: "FileError";
  /** The library operation, e.g. "writeFileAtomic". */
  readonly op: string;
  readonly path: string;
  /** The system's error code, or a code of our own such as "TOO_LARGE". */
  readonly code?: string;
  readonly message: string;
}

/** The `code` a Node system error carries, if any. */
export const errorCode = (cause: unknown): string | undefined =>
  typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string" ? cause.code : undefined;

/** A FileError for `op` on `path` that failed while `doing` something, caused by `cause`. */
export const fileError = (op: string, path: string, doing: string, cause: unknown): FileError => {
  const code = errorCode(cause);
  const reason = cause instanceof Error ? cause.message : String(cause);
  return {
    _tag: "FileError",
    op,
    path,
    message: `${op}(${JSON.stringify(path)}): failed to ${doing}: ${reason}`,
    ...(code === undefined ? {} : { code }),
  };
};
