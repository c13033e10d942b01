// The generated one-digit tables behind the type-level Add, Sub and Mul: every entry agrees
// with JavaScript's arithmetic, and every key is there.
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";

const source = readFileSync(new URL("../../src/shape/arith/tables.ts", import.meta.url), "utf8");

/** The entries of one table: key "abc" → [digit, carry]. */
function entries(name: string): Map<string, readonly [number, number]> {
  const start = source.indexOf(`export type ${name} = {`);
  const body = source.slice(start, source.indexOf("};", start));
  const found = new Map<string, readonly [number, number]>();
  for (const m of body.matchAll(/"(\d)(\d)(\d)": \["(\d)", (\d)\];/g)) {
    found.set(`${m[1]}${m[2]}${m[3]}`, [Number(m[4]), Number(m[5])]);
  }
  return found;
}

const check = (name: string, carries: readonly number[], oracle: (a: number, b: number, c: number) => readonly [number, number]) => {
  const table = entries(name);
  expect(table.size).toBe(100 * carries.length);
  for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) for (const c of carries) {
    expect(table.get(`${a}${b}${c}`), `${name} ${a}${b}${c}`).toEqual(oracle(a, b, c));
  }
};

describe("digit tables", () => {
  test("AddTable: a + b + c = 10·carry + digit", () => {
    check("AddTable", [0, 1], (a, b, c) => [(a + b + c) % 10, Math.floor((a + b + c) / 10)]);
  });
  test("SubTable: a − b − c = digit − 10·borrow", () => {
    check("SubTable", [0, 1], (a, b, c) => (a - b - c < 0 ? [a - b - c + 10, 1] : [a - b - c, 0]));
  });
  test("MulTable: a · b + c = 10·carry + digit", () => {
    check("MulTable", [0, 1, 2, 3, 4, 5, 6, 7, 8], (a, b, c) => [(a * b + c) % 10, Math.floor((a * b + c) / 10)]);
  });
});
