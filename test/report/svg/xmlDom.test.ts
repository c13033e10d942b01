// The XML checker must itself be trustworthy: it accepts well-formed documents and rejects each
// kind of malformation the SVG producers could plausibly emit.

import { describe, expect, it } from "vitest";
import { findAll, parseXml, polylines, textOf } from "./xmlDom.js";

describe("parseXml", () => {
  it("parses elements, attributes, entities and text", () => {
    const root = parseXml(`<?xml version="1.0"?>\n<svg a="1 &amp; 2"><g><text x='3'>&lt;b&gt; &#65;&#x42;</text></g><rect/></svg>\n`);
    expect(root.name).toBe("svg");
    expect(root.attrs.get("a")).toBe("1 & 2");
    const [text] = findAll(root, "text");
    expect(text && textOf(text)).toBe("<b> AB");
    expect(findAll(root, "rect")).toHaveLength(1);
  });

  it.each([
    ["an unclosed element", "<a><b></a>"],
    ["a mismatched close", "<a></b>"],
    ["a bare ampersand", "<a>x & y</a>"],
    ["an unknown entity", "<a>&nbsp;</a>"],
    ["a raw < in an attribute", '<a b="<"/>'],
    ["an unquoted attribute", "<a b=1/>"],
    ["a duplicate attribute", '<a b="1" b="2"/>'],
    ["two roots", "<a/><b/>"],
    ["text after the root", "<a/>x"],
    ["a control character", "<a>\u0001</a>"],
    ["a lone surrogate", "<a>\uD800</a>"],
    ["attributes without a space", '<a b="1"c="2"/>'],
    ["a bad character reference", "<a>&#0;</a>"],
    ["nothing at all", ""],
  ])("rejects %s", (_, src) => {
    expect(() => parseXml(src)).toThrow(/not well-formed/);
  });
});

describe("polylines", () => {
  it("splits path data into subpaths of points", () => {
    expect(polylines("M1 2L3 4L5 6M7 8L9 10")).toEqual([
      [[1, 2], [3, 4], [5, 6]],
      [[7, 8], [9, 10]],
    ]);
  });
  it("rejects curves", () => {
    expect(() => polylines("M0 0C1 1 2 2 3 3")).toThrow();
  });
});
