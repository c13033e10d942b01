// Which arguments of a jitted function are static. A JavaScript number passed as an argument is
// traced as a float32 scalar (one compiled program serves every value, as in JAX), unless the
// argument is named static by position (`static: [2]`) or by parameter name (`static: ["steps"]`);
// a static argument is part of the signature by value, so a new value compiles anew. Numbers a
// function closes over, and numbers inside argument trees, are constants of the program.

/** A static argument: its position (0, 1, …) or the name of its parameter in f's source. */
export type StaticArg = number | string;

/** An option of jit that cannot be honoured: a `static` list that names no argument of the
 *  function, or a `cacheSize` that is not a positive integer. */
export class JitOptionsError extends RangeError {
  readonly _tag = "JitOptionsError";
}

/** The text between the first top-level parentheses of a function's source, or the lone arrow parameter. */
function parameterText(source: string): string | undefined {
  const arrow = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(source);
  if (arrow !== null) return arrow[1];
  const open = source.indexOf("(");
  if (open < 0) return undefined;
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return source.slice(open + 1, i);
    }
  }
  return undefined;
}

/** Splits a parameter list at its top-level commas. */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * The names of f's parameters as its source writes them (undefined for a destructured one or
 * where the source cannot be read, e.g. a native or bound function).
 */
export function parameterNames(f: (...args: never[]) => unknown): readonly (string | undefined)[] {
  const text = parameterText(Function.prototype.toString.call(f));
  if (text === undefined) return [];
  return topLevelParts(text).map((p) => /^(?:\.\.\.)?([A-Za-z_$][\w$]*)\s*(?:=|$)/.exec(p)?.[1]);
}

/** The positions named by `spec`, checked against f's parameters; an error names what was not found. */
export function staticPositions(name: string, spec: readonly StaticArg[], names: readonly (string | undefined)[]): ReadonlySet<number> {
  const positions = new Set<number>();
  for (const s of spec) {
    if (typeof s === "number") {
      if (!Number.isInteger(s) || s < 0) throw new JitOptionsError(`jit(${name}): static lists ${s}, which is not an argument position (0, 1, …)`);
      positions.add(s);
      continue;
    }
    const at = names.indexOf(s);
    if (at < 0) {
      const known = names.filter((n) => n !== undefined);
      throw new JitOptionsError(`jit(${name}): static names "${s}", but the function's parameters are ` +
        `(${known.length === 0 ? "not readable from its source" : known.join(", ")}); name one of them or give its position`);
    }
    positions.add(at);
  }
  return positions;
}
