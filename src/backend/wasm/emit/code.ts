// Function bodies are written as nested arrays of bytes, so helpers can return fragments that
// compose like the text format reads; `flattenCode` turns the tree into the final byte sequence.

/** A byte, or a fragment made of smaller fragments. */
export type Code = number | readonly Code[];

const pushAll = (out: number[], code: Code): void => {
  if (typeof code === "number") {
    out.push(code);
    return;
  }
  for (const part of code) pushAll(out, part);
};

/** All bytes of a code tree in order. */
export const flattenCode = (code: Code): readonly number[] => {
  const out: number[] = [];
  pushAll(out, code);
  return out;
};
