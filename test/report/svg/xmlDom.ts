// A strict, minimal XML parser for the SVG tests: it walks the text one character at a time (no
// regular expressions) and throws on anything not well-formed — unclosed or mismatched tags,
// unquoted or duplicate attributes, a bare "&" or "<", unknown entities, characters XML forbids,
// or more than one root element. It returns a small tree the tests can query.

export interface XmlElement {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | { readonly text: string };

const isElement = (n: XmlNode): n is XmlElement => "name" in n;

const isNameStart = (c: string): boolean =>
  (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c === ":";
const isNameChar = (c: string): boolean =>
  isNameStart(c) || (c >= "0" && c <= "9") || c === "-" || c === ".";
const isSpace = (c: string): boolean => c === " " || c === "\t" || c === "\n" || c === "\r";

const isXmlChar = (code: number): boolean =>
  code === 0x9 ||
  code === 0xa ||
  code === 0xd ||
  (code >= 0x20 && code <= 0xd7ff) ||
  (code >= 0xe000 && code <= 0xfffd) ||
  (code >= 0x10000 && code <= 0x10ffff);

const named: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export const parseXml = (src: string): XmlElement => {
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`XML not well-formed at offset ${pos}: ${why}`);
  };
  const peek = (k = 0): string => src[pos + k] ?? "";
  const startsWith = (s: string): boolean => src.startsWith(s, pos);
  const expect = (s: string): void => {
    if (!startsWith(s)) fail(`expected "${s}"`);
    pos += s.length;
  };
  const skipSpace = (): void => {
    while (pos < src.length && isSpace(peek())) pos++;
  };
  const name = (): string => {
    if (!isNameStart(peek())) fail(`expected a name, found "${peek()}"`);
    const start = pos;
    while (pos < src.length && isNameChar(peek())) pos++;
    return src.slice(start, pos);
  };
  const checkChar = (): void => {
    const code = src.codePointAt(pos) ?? 0;
    // A high surrogate followed by a low one is a single valid code point.
    if (!isXmlChar(code)) fail(`character U+${code.toString(16)} is not allowed in XML`);
  };
  const reference = (): string => {
    expect("&");
    const start = pos;
    while (pos < src.length && peek() !== ";") {
      if (pos - start > 10) fail("unterminated entity reference");
      pos++;
    }
    const body = src.slice(start, pos);
    expect(";");
    if (body.startsWith("#")) {
      const hex = body.startsWith("#x");
      const digits = body.slice(hex ? 2 : 1);
      const valid = digits.length > 0 && [...digits].every((c) => (hex ? "0123456789abcdefABCDEF" : "0123456789").includes(c));
      const code = valid ? Number.parseInt(digits, hex ? 16 : 10) : Number.NaN;
      if (!valid || !isXmlChar(code)) fail(`bad character reference "&${body};"`);
      return String.fromCodePoint(code);
    }
    const value = named[body];
    if (value === undefined) fail(`unknown entity "&${body};"`);
    return value ?? "";
  };
  const comment = (): void => {
    expect("<!--");
    const end = src.indexOf("-->", pos);
    if (end < 0) fail("unterminated comment");
    if (src.slice(pos, end).includes("--")) fail('"--" inside a comment');
    pos = end + 3;
  };
  const misc = (): void => {
    for (;;) {
      skipSpace();
      if (startsWith("<!--")) comment();
      else return;
    }
  };
  const attrValue = (): string => {
    const quote = peek();
    if (quote !== '"' && quote !== "'") fail("attribute value must be quoted");
    pos++;
    let value = "";
    while (peek() !== quote) {
      if (pos >= src.length) fail("unterminated attribute value");
      if (peek() === "<") fail('"<" inside an attribute value');
      if (peek() === "&") {
        value += reference();
        continue;
      }
      checkChar();
      const ch = String.fromCodePoint(src.codePointAt(pos) ?? 0);
      value += ch;
      pos += ch.length;
    }
    pos++;
    return value;
  };
  const element = (): XmlElement => {
    expect("<");
    const tag = name();
    const attrs = new Map<string, string>();
    for (;;) {
      const hadSpace = isSpace(peek());
      skipSpace();
      if (startsWith("/>")) {
        pos += 2;
        return { name: tag, attrs, children: [] };
      }
      if (peek() === ">") {
        pos++;
        break;
      }
      if (!hadSpace) fail("attributes must be separated by white space");
      const key = name();
      skipSpace();
      expect("=");
      skipSpace();
      if (attrs.has(key)) fail(`duplicate attribute "${key}" on <${tag}>`);
      attrs.set(key, attrValue());
    }
    const children: XmlNode[] = [];
    let text = "";
    const flush = (): void => {
      if (text !== "") children.push({ text });
      text = "";
    };
    for (;;) {
      if (pos >= src.length) fail(`<${tag}> is never closed`);
      if (startsWith("</")) {
        flush();
        pos += 2;
        const closing = name();
        skipSpace();
        expect(">");
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`);
        return { name: tag, attrs, children };
      }
      if (startsWith("<!--")) {
        comment();
        continue;
      }
      if (peek() === "<") {
        flush();
        children.push(element());
        continue;
      }
      if (peek() === "&") {
        text += reference();
        continue;
      }
      if (startsWith("]]>")) fail('"]]>" in text');
      checkChar();
      const ch = String.fromCodePoint(src.codePointAt(pos) ?? 0);
      text += ch;
      pos += ch.length;
    }
  };

  if (startsWith("<?xml")) {
    const end = src.indexOf("?>", pos);
    if (end < 0) fail("unterminated XML declaration");
    pos = end + 2;
  }
  misc();
  if (peek() !== "<") fail("expected the root element");
  const root = element();
  misc();
  if (pos !== src.length) fail("content after the root element");
  return root;
};

/** Every element named `name` (or every element, for "*") in document order. */
export const findAll = (root: XmlElement, name: string): readonly XmlElement[] => {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement): void => {
    if (name === "*" || e.name === name) out.push(e);
    e.children.filter(isElement).forEach(visit);
  };
  visit(root);
  return out;
};

/** Elements carrying `className` in their class attribute. */
export const byClass = (root: XmlElement, className: string): readonly XmlElement[] =>
  findAll(root, "*").filter((e) => (e.attrs.get("class") ?? "").split(" ").includes(className));

export const textOf = (e: XmlElement): string =>
  e.children.map((c) => (isElement(c) ? textOf(c) : c.text)).join("");

export const attr = (e: XmlElement, key: string): string => {
  const v = e.attrs.get(key);
  if (v === undefined) throw new Error(`<${e.name}> has no attribute "${key}"`);
  return v;
};

export const numAttr = (e: XmlElement, key: string): number => {
  const v = Number(attr(e, key));
  if (!Number.isFinite(v)) throw new Error(`<${e.name} ${key}="${attr(e, key)}"> is not a number`);
  return v;
};

/**
 * The subpaths of path data made only of absolute M and L commands, as lists of points. Any other
 * command is rejected, since line charts must not emit curves or relative moves.
 */
export const polylines = (d: string): readonly (readonly (readonly [number, number])[])[] => {
  const tokens: string[] = [];
  let current = "";
  const push = (): void => {
    if (current !== "") tokens.push(current);
    current = "";
  };
  for (const ch of d) {
    if (ch === "M" || ch === "L") {
      push();
      tokens.push(ch);
    } else if (ch === " " || ch === ",") {
      push();
    } else if ((ch >= "0" && ch <= "9") || ch === "." || ch === "-" || ch === "e") {
      current += ch;
    } else {
      throw new Error(`unexpected "${ch}" in path data`);
    }
  }
  push();
  const out: [number, number][][] = [];
  for (let i = 0; i < tokens.length; i += 3) {
    const [cmd, xs, ys] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    const x = Number(xs);
    const y = Number(ys);
    if ((cmd !== "M" && cmd !== "L") || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new Error(`malformed path data near token ${i}: ${cmd} ${xs} ${ys}`);
    }
    if (cmd === "M") out.push([[x, y]]);
    else {
      const last = out[out.length - 1];
      if (last === undefined) throw new Error("path data must start with M");
      last.push([x, y]);
    }
  }
  return out;
};

/**
 * The data→pixel map of an axis recovered from its tick labels: an affine map fitted through the
 * first and last numeric ticks (on log10 of the values for a log axis), returned as its inverse.
 */
export const axisInverse = (
  root: XmlElement,
  axis: "x" | "y",
  log = false,
): ((pixel: number) => number) => {
  const ticks = byClass(root, `tick-${axis}`).map((t) => ({
    value: Number(textOf(t)),
    // y tick labels sit 0.35 em (11 px font) below their tick.
    at: axis === "x" ? numAttr(t, "x") : numAttr(t, "y") - 11 * 0.35,
  }));
  const first = ticks[0];
  const last = ticks[ticks.length - 1];
  if (first === undefined || last === undefined || first === last) throw new Error(`need two ${axis} ticks`);
  const f = (v: number): number => (log ? Math.log10(v) : v);
  const slope = (f(last.value) - f(first.value)) / (last.at - first.at);
  return (pixel) => {
    const u = f(first.value) + (pixel - first.at) * slope;
    return log ? 10 ** u : u;
  };
};
