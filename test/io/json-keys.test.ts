// findDuplicateKey: keys repeated within one object are found wherever they are; keys that merely
// look alike, or repeat across different objects, are not.

import { describe, expect, it } from "vitest";
import { findDuplicateKey } from "../../src/io/json-keys.js";

describe("findDuplicateKey", () => {
  it.each([
    ['{"a": 1, "b": 2}'],
    ['{"a": {"a": 1}, "b": {"a": 2}}'],
    ['[{"a": 1}, {"a": 2}]'],
    ['{"a": "\\"a\\": 1, \\"a\\": 2", "b": ["a", "a"]}'],
    ['{"x{": 1, "x}": 2, "x[": [], "x]": {}, "x,": 3}'],
    ['{"a": 1, "A": 2}'],
    ["{}"],
    ['"a"'],
  ])("finds none in %s", (json) => {
    expect(findDuplicateKey(json)).toBeUndefined();
  });

  it.each([
    ['{"a": 1, "a": 2}', { path: [], key: "a" }],
    ['{"a": 1, "\\u0061": 2}', { path: [], key: "a" }],
    ['{"w": {"dtype": "F32", "dtype": "U8"}}', { path: ["w"], key: "dtype" }],
    ['{"w": [0, {"k": 1, "k": 1}]}', { path: ["w", "1"], key: "k" }],
    ['{"a": {"b": 1}, "c": [{"d": {"e": 1, "f": "}", "e": 2}}]}', { path: ["c", "0", "d"], key: "e" }],
    ['{"s\\"q": 1, "s\\"q": 2}', { path: [], key: 's"q' }],
  ])("finds the repeat in %s", (json, expected) => {
    JSON.parse(json); // the inputs are valid JSON, as the function requires
    expect(findDuplicateKey(json)).toEqual(expected);
  });
});
