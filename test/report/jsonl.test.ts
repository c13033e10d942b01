import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonLine, keyOrder, writeJsonLine, type JsonRecord } from "../../src/report/jsonl.js";
import type { EpochRow } from "../../src/report/table.js";

describe("jsonLine", () => {
  it("writes event, epoch and step first, then the other keys in code-unit order", () => {
    expect(jsonLine({ valLoss: 0.5, loss: 0.4, step: 7, epoch: 2, event: "epoch", Zeta: true, accuracy: 0.9 })).toBe(
      '{"event":"epoch","epoch":2,"step":7,"Zeta":true,"accuracy":0.9,"loss":0.4,"valLoss":0.5}',
    );
  });

  it("orders nested objects too, including integer-like keys that JS would reorder", () => {
    expect(jsonLine({ b: { y: 1, x: [{ d: 1, c: 2 }] }, a: { "10": 1, "9": 2, "z": 3 } })).toBe(
      '{"a":{"10":1,"9":2,"z":3},"b":{"x":[{"c":2,"d":1}],"y":1}}',
    );
  });

  it("writes NaN and ±Infinity as null and flags each by path", () => {
    expect(jsonLine({ epoch: 3, loss: Number.NaN, valLoss: Infinity, grads: { norms: [1, -Infinity] } })).toBe(
      '{"epoch":3,"grads":{"norms":[1,null]},"loss":null,"valLoss":null,' +
        '"nonFinite":{"grads.norms[1]":"-Infinity","loss":"NaN","valLoss":"Infinity"}}',
    );
    expect(jsonLine({ x: Number.NaN })).toBe('{"x":null,"nonFinite":{"x":"NaN"}}');
  });

  it("has no flag when every number is finite, and leaves out undefined values", () => {
    expect(jsonLine({ epoch: 1, accuracy: undefined, loss: 1e-300 })).toBe('{"epoch":1,"loss":1e-300}');
  });

  it("escapes strings as JSON does", () => {
    expect(jsonLine({ note: 'a "quoted"\nline' })).toBe('{"note":"a \\"quoted\\"\\nline"}');
  });

  it("refuses the reserved key and cycles, saying why", () => {
    expect(() => jsonLine({ nonFinite: 1 })).toThrow(/jsonLine: the key "nonFinite" is reserved/);
    const list: JsonRecord[] = [];
    const cyclic = { list };
    list.push(cyclic);
    expect(() => jsonLine(cyclic)).toThrow(/jsonLine: the value at "list\[0\]" contains itself/);
  });

  it("accepts an epoch table row as it is", () => {
    const row: EpochRow = { epoch: 1, loss: 0.5, seconds: 2 };
    expect(jsonLine(row)).toBe('{"epoch":1,"loss":0.5,"seconds":2}');
  });

  it("means the same as JSON.stringify for finite values", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string().filter((k) => k !== "nonFinite"), fc.jsonValue()), (record) => {
        expect(JSON.parse(jsonLine(record))).toEqual(JSON.parse(JSON.stringify(record)));
      }),
    );
  });

  it("does not depend on the order the keys were inserted in", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string(), fc.double()), { selector: ([k]) => k, maxLength: 12 }),
        fc.nat(),
        (entries, seed) => {
          // A rotation of the entries: the same record, built in another order.
          const k = entries.length === 0 ? 0 : seed % entries.length;
          const rotated = [...entries.slice(k), ...entries.slice(0, k)];
          const withoutFlagKey = (e: typeof entries) => e.filter(([key]) => key !== "nonFinite");
          expect(jsonLine(Object.fromEntries(withoutFlagKey(rotated)))).toBe(jsonLine(Object.fromEntries(withoutFlagKey(entries))));
        },
      ),
    );
  });

  it("is one line: no raw newline can appear", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.double())), (record) => {
        const { nonFinite: _, ...rest } = record;
        expect(jsonLine(rest)).not.toContain("\n");
      }),
    );
  });
});

describe("keyOrder", () => {
  it("puts the leading keys first in their fixed order", () => {
    expect(keyOrder(["b", "step", "a", "event"])).toEqual(["event", "step", "a", "b"]);
  });
});

describe("writeJsonLine", () => {
  it("writes the line and a newline", () => {
    const written: string[] = [];
    writeJsonLine({ write: (s) => void written.push(s) }, { event: "done" });
    expect(written).toEqual(['{"event":"done"}\n']);
  });
});
