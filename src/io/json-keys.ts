// Duplicate keys in JSON objects. `JSON.parse` silently keeps the last of two equal keys, so a
// format that forbids duplicates (safetensors does) has to look at the text itself.

export interface DuplicateKey {
  /** Keys (and array indices) from the root down to the object holding the duplicate. */
  readonly path: readonly string[];
  readonly key: string;
}

interface Frame {
  readonly path: readonly string[];
  /** The keys seen so far in an object; undefined for an array. */
  readonly keys: Set<string> | undefined;
  /** For an array: the index of the element being read. */
  index: number;
  /** For an object: the key whose value is being read. */
  key: string;
}

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

/**
 * The first key that appears twice in the same object of `json`, or undefined if there is none.
 * `json` must already be known to be valid JSON (parse it first); this only tracks nesting.
 */
export const findDuplicateKey = (json: string): DuplicateKey | undefined => {
  const stack: Frame[] = [];
  // Where a value that opens now sits: under the current key or at the current index.
  const childPath = (): readonly string[] => {
    const top = stack[stack.length - 1];
    if (top === undefined) return [];
    return [...top.path, top.keys === undefined ? String(top.index) : top.key];
  };
  let i = 0;
  while (i < json.length) {
    const c = json[i];
    if (c === '"') {
      const end = endOfString(json, i);
      const top = stack[stack.length - 1];
      if (top?.keys !== undefined && nextNonSpace(json, end) === ":") {
        const key: unknown = JSON.parse(json.slice(i, end));
        const name = String(key);
        if (top.keys.has(name)) return { path: top.path, key: name };
        top.keys.add(name);
        top.key = name;
      }
      i = end;
      continue;
    }
    if (c === "{" || c === "[") {
      stack.push({ path: childPath(), keys: c === "{" ? new Set() : undefined, index: 0, key: "" });
    } else if (c === "}" || c === "]") {
      stack.pop();
    } else if (c === ",") {
      const top = stack[stack.length - 1];
      if (top !== undefined) top.index++;
    }
    i++;
  }
  return undefined;
};
