// What tygrad asks of the JavaScript runtime it finds itself in, asked so that the same code runs
// in Node, Deno, Bun and browsers: an environment variable, and a warning. Neither is touched at
// import; both are optional. A browser has no environment variables; Deno gives them only with
// permission, so a variable is read only where reading it cannot fail or prompt, and an absent
// one means "the default". Warnings go to process.emitWarning where it exists (so Node's
// --no-warnings and --trace-warnings apply), else to console.warn.

interface NodeLikeProcess {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly emitWarning?: (message: string, options?: { readonly type?: string }) => void;
  readonly versions?: { readonly node?: string };
}

interface DenoLike {
  readonly env: { get(name: string): string | undefined };
  readonly permissions?: { querySync?(descriptor: { name: "env"; variable: string }): { readonly state: string } };
}

const runtime = globalThis as { readonly process?: NodeLikeProcess; readonly Deno?: DenoLike };

/** The value of environment variable `name`, or undefined where it is unset or may not be read. */
export function environmentVariable(name: string): string | undefined {
  try {
    const deno = runtime.Deno;
    if (deno !== undefined) {
      // Without --allow-env, reading would throw (or prompt at a terminal): ask first.
      const state = deno.permissions?.querySync?.({ name: "env", variable: name }).state;
      return state === "granted" ? deno.env.get(name) : undefined;
    }
    return runtime.process?.env?.[name];
  } catch {
    return undefined;
  }
}

/** Reports `message` once as a warning of kind `type` (e.g. "TygradRecompilationWarning"). */
export function emitWarning(message: string, type = "Warning"): void {
  const emit = runtime.process?.emitWarning;
  if (typeof emit === "function") emit.call(runtime.process, message, { type });
  else console.warn(`${type}: ${message}`);
}

/** Whether this is Node (or a runtime that presents itself as Node, as Bun does). */
export const isNodeLike = (): boolean => typeof runtime.process?.versions?.node === "string";
