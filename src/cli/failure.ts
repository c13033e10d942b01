// How the CLI fails: one line on stderr, "tygrad: <what went wrong>", and an exit status that says
// whose problem it is — 2 for a usage or data error (a flag, a file, a folder, a checkpoint that
// does not fit), 1 for a failure at run time (training diverged, a save failed, a bug). The stack
// is printed only with --debug. Every message goes through escapeForTerminal, so nothing read
// from a file can add a line or act on the terminal.

import { FitConfigError, NonFiniteError } from "../train/index.js";
import { escapeForTerminal } from "../report/escape.js";
import { DataSourceError } from "./data-source.js";

/** A failure with its message and exit status. */
export class CliError extends Error {
  readonly _tag = "CliError";
  constructor(message: string, readonly status: 1 | 2) {
    super(message);
  }
}

/** A bad flag, file, folder or checkpoint: exit status 2. */
export const usageError = (message: string): CliError => new CliError(message, 2);

/** A failure while running: exit status 1. */
export const runtimeError = (message: string): CliError => new CliError(message, 1);

/** The line and exit status for anything thrown out of a run. */
export const describeFailure = (e: unknown): { readonly message: string; readonly status: 1 | 2 } => {
  if (e instanceof CliError) return { message: e.message, status: e.status };
  if (e instanceof DataSourceError || e instanceof FitConfigError) return { message: e.message, status: 2 };
  if (e instanceof NonFiniteError) return { message: e.message, status: 1 };
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { message: `unexpected error: ${text} (run with --debug for the stack)`, status: 1 };
};

/** Writes the failure's one line (and with `debug` the stack) and ends the process with its status. */
export const exitWith = (e: unknown, debug: boolean): never => {
  const { message, status } = describeFailure(e);
  process.stderr.write(`tygrad: ${escapeForTerminal(message)}\n`);
  if (debug && e instanceof Error && e.stack !== undefined) process.stderr.write(`${e.stack}\n`);
  process.exit(status);
};
