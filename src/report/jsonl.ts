// JSON Lines: one JSON object per line and per event (an epoch's figures, a checkpoint, ...), for
// logs that other programs read.
//
// Two guarantees beyond JSON.stringify:
// - Stable key order, independent of how the record was built: "event", "epoch" and "step" come
//   first when present, then the remaining keys in code-unit order; nested objects likewise.
// - Only finite numbers. JSON has no NaN or Infinity, and JSON.stringify silently writes null for
//   them, which hides a diverged loss. Here such a value is still written as null, and the line
//   gains a last key "nonFinite" mapping the path of each one to "NaN", "Infinity" or
//   "-Infinity", e.g. {"epoch":3,"loss":null,"nonFinite":{"loss":"NaN"}}. Paths are keys joined
//   by "." with array indices in brackets ("grads.norms[2]"). A record may not use the key
//   "nonFinite" itself.
//
// Keys whose value is undefined are left out, as JSON.stringify does.

import type { Sink } from "./sink.js";

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

export type JsonRecord = { readonly [key: string]: JsonValue | undefined };

const flagKey = "nonFinite";
const leadingKeys: readonly string[] = ["event", "epoch", "step"];

/** The order keys are written in: the leading keys first, then the rest sorted. */
export const keyOrder = (keys: readonly string[]): readonly string[] => {
  const lead = leadingKeys.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !leadingKeys.includes(k)).sort(compareCodeUnits);
  return [...lead, ...rest];
};

const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const describe = (x: number): string => (Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity");

const childPath = (path: string, key: string): string => (path === "" ? key : `${path}.${key}`);

/** Serialises `value`, recording each non-finite number under its path in `flags`. */
const serialise = (
  value: JsonValue,
  path: string,
  flags: [string, string][],
  ancestors: ReadonlySet<object>,
): string => {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return JSON.stringify(value);
  }
  if (typeof value === "number") {
    if (Number.isFinite(value)) return JSON.stringify(value);
    flags.push([path, describe(value)]);
    return "null";
  }
  if (ancestors.has(value)) {
    throw new TypeError(`jsonLine: the value at "${path}" contains itself; JSON cannot represent cycles`);
  }
  const inner = new Set(ancestors).add(value);
  if (isArray(value)) {
    return `[${value.map((v, i) => serialise(v, `${path}[${i}]`, flags, inner)).join(",")}]`;
  }
  const keys = keyOrder(Object.keys(value).filter((k) => value[k] !== undefined));
  const fields = keys.map((k) => {
    const v = value[k] ?? null;
    return `${JSON.stringify(k)}:${serialise(v, childPath(path, k), flags, inner)}`;
  });
  return `{${fields.join(",")}}`;
};

// Array.isArray does not narrow readonly arrays, hence this guard.
const isArray = (v: JsonValue): v is readonly JsonValue[] => Array.isArray(v);

/** One record as one line of JSON (no trailing newline). */
export const jsonLine = (record: JsonRecord): string => {
  if (record[flagKey] !== undefined) {
    throw new Error(
      `jsonLine: the key "${flagKey}" is reserved for flagging NaN and Infinity values; rename that field`,
    );
  }
  const flags: [string, string][] = [];
  const body = serialise(record, "", flags, new Set());
  if (flags.length === 0) return body;
  const flagged = flags.map(([p, what]) => `${JSON.stringify(p)}:${JSON.stringify(what)}`);
  // Splice the flag object in as the last key of the top-level object.
  const sep = body === "{}" ? "" : ",";
  return `${body.slice(0, -1)}${sep}"${flagKey}":{${flagged.join(",")}}}`;
};

/** Writes `record` to the sink as one line of JSON followed by "\n". */
export const writeJsonLine = (sink: Sink, record: JsonRecord): void => {
  sink.write(`${jsonLine(record)}\n`);
};
