// Building SVG text safely. Every piece of user text (titles, labels, series names) goes through
// `escapeXml`, so a title such as `<script>` or `a & b` stays text and the document stays
// well-formed XML. Markup is assembled as plain strings by `element`; text content only enters
// through `textElement`, which escapes it.

export type Attrs = Readonly<Record<string, string | number | undefined>>;

/** Code points XML 1.0 allows in a document; anything else cannot appear even escaped. */
const isXmlChar = (code: number): boolean =>
  code === 0x9 ||
  code === 0xa ||
  code === 0xd ||
  (code >= 0x20 && code <= 0xd7ff) ||
  (code >= 0xe000 && code <= 0xfffd) ||
  (code >= 0x10000 && code <= 0x10ffff);

const entities: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/**
 * Text safe inside element content and quoted attribute values: the five markup characters become
 * entities, and code points XML forbids (control characters, lone surrogates) become U+FFFD.
 */
export const escapeXml = (text: string): string => {
  let out = "";
  // for...of walks code points, so a valid surrogate pair stays one character and a lone
  // surrogate shows up on its own.
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    out += isXmlChar(code) ? (entities[ch] ?? ch) : "\uFFFD";
  }
  return out;
};

/** A coordinate or length for an attribute: at most two decimals, never "-0". */
export const num = (x: number): string => {
  const rounded = Math.round(x * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
};

const attributes = (attrs: Attrs): string =>
  Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? num(v) : escapeXml(v)}"`)
    .join("");

/** An element whose children are already markup; with no children it is self-closing. */
export const element = (name: string, attrs: Attrs, children: readonly string[] = []): string =>
  children.length === 0
    ? `<${name}${attributes(attrs)}/>`
    : `<${name}${attributes(attrs)}>${children.join("")}</${name}>`;

/** An element holding user text, escaped. */
export const textElement = (name: string, attrs: Attrs, text: string): string =>
  `<${name}${attributes(attrs)}>${escapeXml(text)}</${name}>`;

/** FNV-1a, 32-bit: a short deterministic id for a chart's clip path, unique per content. */
export const hashId = (text: string): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
};
