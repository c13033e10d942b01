// Duplicate keys in JSON objects. `JSON.parse` silently keeps the last of two equal keys, so a
// format that forbids duplicates (safetensors does) has to look at the text itself.

export interface DuplicateKey {
  /** Keys (and array indices) from the root down to the object holding the duplicate. */
  readonly path: readonly string[];
  readonly key: string;
}

interface Frame {
  /** The frame of the array or object holding this one, and where in it this one sits. */
  readonly parent: Frame | undefined;
  readonly slot: string;
  /** The keys seen so far in an object; undefined for an array. */
  readonly keys: Set<string> | undefined;
  /** For an array: the index of the element being read. */
  index: number;
  /** For an object: the key whose value is being read. */
  key: string;
}

/**
 * The keys and indices from the root down to `frame`. Frames point at their parents rather than
 * carrying a copy of their path, so the scan stays linear in the text however deep it nests;
 * the path is built only when a duplicate is reported.
 */
const pathOf = (frame: Frame): string[] => {
  const out: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) out.push(f.slot);
  return out.reverse();
};

/** Index just past the string literal that opens at `text[start]` (a `"`). */
const endOfString = (text: string, start: number): number => {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return i + 1;
};

const nextNonSpace = (text: string, from: number): string | undefined => {
  let i = from;
  while (i < text.length && " \t\r\n".includes(text.charAt(i))) i++;
  return text[i];
};

/** Where nesting first passes `maxDepth` levels of arrays and objects, if it does. */
export interface TooDeep {
  /** The index in the text of the bracket that opens level maxDepth + 1. */
  readonly at: number;
  readonly maxDepth: number;
}

/**
 * Whether `json` nests arrays and objects more than `maxDepth` deep: one pass that skips string
 * literals, with no recursion and no allocation, so it is safe to run before `JSON.parse` on any
 * text (parsing, or walking the result recursively, is what a hostile depth would break).
 */
export const findTooDeep = (json: string, maxDepth: number): TooDeep | undefined => {
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') i = endOfString(json, i) - 1;
    else if (c === "{" || c === "[") {
      depth++;
      if (depth > maxDepth) return { at: i, maxDepth };
    } else if (c === "}" || c === "]") depth--;
  }
  return undefined;
};

/**
 * The first key that appears twice in the same object of `json`, or undefined if there is none.
 * `json` must already be known to be valid JSON (parse it first); this only tracks nesting. Linear
 * in the length of the text.
 */
export const findDuplicateKey = (json: string): DuplicateKey | undefined => {
  let top: Frame | undefined;
  let i = 0;
  while (i < json.length) {
    const c = json[i];
    if (c === '"') {
      const end = endOfString(json, i);
      if (top?.keys !== undefined && nextNonSpace(json, end) === ":") {
        const key: unknown = JSON.parse(json.slice(i, end));
        const name = String(key);
        if (top.keys.has(name)) return { path: pathOf(top), key: name };
        top.keys.add(name);
        top.key = name;
      }
      i = end;
      continue;
    }
    if (c === "{" || c === "[") {
      const slot = top === undefined ? "" : top.keys === undefined ? String(top.index) : top.key;
      top = { parent: top, slot, keys: c === "{" ? new Set() : undefined, index: 0, key: "" };
    } else if (c === "}" || c === "]") {
      top = top?.parent;
    } else if (c === ",") {
      if (top !== undefined) top.index++;
    }
    i++;
  }
  return undefined;
};
