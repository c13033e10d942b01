import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { element, escapeXml, hashId, num, textElement } from "../../../src/report/svg/xml.js";
import { parseXml, textOf } from "./xmlDom.js";

describe("escapeXml", () => {
  it("turns the five markup characters into entities", () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  });
  it("keeps astral characters and replaces what XML forbids", () => {
    expect(escapeXml("∂L/∂θ 😀 \u0007 \uDC00")).toBe("∂L/∂θ 😀 \uFFFD \uFFFD");
  });
  it("round-trips any text through an element and a strict parser", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const parsed = parseXml(textElement("t", { a: s }, s));
        // Forbidden code points come back as U+FFFD; everything else exactly.
        const expected = [...s].map((c) => {
          const code = c.codePointAt(0) ?? 0;
          const ok = code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
          return ok ? c : "\uFFFD";
        }).join("");
        expect(textOf(parsed)).toBe(expected);
        expect(parsed.attrs.get("a")).toBe(expected);
      }),
    );
  });
});

describe("num", () => {
  it.each([
    [1.23456, "1.23"],
    [-0.001, "0"],
    [-0, "0"],
    [100, "100"],
    [2.005, "2.01"],
  ])("%s → %s", (x, text) => {
    expect(num(x)).toBe(text);
  });
});

describe("element", () => {
  it("self-closes without children and leaves out undefined attributes", () => {
    expect(element("rect", { x: 1.234, fill: "#fff", stroke: undefined })).toBe('<rect x="1.23" fill="#fff"/>');
    expect(element("g", {}, ["<a/>", "<b/>"])).toBe("<g><a/><b/></g>");
  });
});

describe("hashId", () => {
  it("is deterministic and tells different texts apart", () => {
    expect(hashId("abc")).toBe(hashId("abc"));
    expect(hashId("abc")).not.toBe(hashId("abd"));
    // FNV-1a of "a" (a published test vector).
    expect(hashId("a")).toBe("e40c292c");
  });
});
