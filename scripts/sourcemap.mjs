// Moves generated columns in a source map's `mappings` after text was replaced in the generated
// code: each edit says where on which line a stretch was replaced, how far text inside it moved
// (headShift) and how far text after it moved (shift). Mappings are lines separated by ";", of
// segments separated by ",", each a run of base-64 VLQ numbers; a segment's first number is its
// column relative to the previous segment's on the same line, so only those are rewritten.

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const digit = new Map([...alphabet].map((c, i) => [c, i]));

const decode = (segment) => {
  const values = [];
  let value = 0;
  let bit = 0;
  for (const c of segment) {
    const d = digit.get(c);
    value += (d & 31) << bit;
    bit += 5;
    if ((d & 32) === 0) {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      bit = 0;
    }
  }
  return values;
};

const encode = (values) =>
  values
    .map((v) => {
      let rest = v < 0 ? (-v << 1) | 1 : v << 1;
      let out = "";
      do {
        let d = rest & 31;
        rest >>>= 5;
        if (rest > 0) d |= 32;
        out += alphabet[d];
      } while (rest > 0);
      return out;
    })
    .join("");

export function shiftColumns(mappings, edits) {
  if (edits.length === 0) return mappings;
  return mappings
    .split(";")
    .map((line, index) => {
      const here = edits.filter((e) => e.line === index);
      if (here.length === 0 || line === "") return line;
      let column = 0;
      let previous = 0;
      return line
        .split(",")
        .map((segment) => {
          const values = decode(segment);
          column += values[0];
          let moved = column;
          for (const e of here) {
            if (column >= e.end) moved += e.shift;
            else if (column > e.column) moved += e.headShift;
          }
          values[0] = moved - previous;
          previous = moved;
          return encode(values);
        })
        .join(",");
    })
    .join(";");
}
