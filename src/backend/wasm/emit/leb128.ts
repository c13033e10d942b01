// LEB128: the variable-length integer encoding used throughout the WebAssembly binary format.
// Seven payload bits per byte, least significant group first; the high bit says "more follows".

/** Unsigned LEB128 of a non-negative integer below 2^32 (indices, sizes, counts). */
export const unsignedLeb128 = (value: number): readonly number[] => {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw new RangeError(`unsignedLeb128: expected an integer in [0, 2^32), got ${value}`);
  }
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return bytes;
};

/**
 * Signed LEB128 of an integer (two's complement, sign-extended from the last group).
 * Encoding stops once the remaining value is all sign bits and the last group's bit 6 agrees.
 */
export const signedLeb128 = (value: number | bigint): readonly number[] => {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new RangeError(`signedLeb128: expected a safe integer, got ${value}`);
  }
  const bytes: number[] = [];
  let rest = BigInt(value);
  for (;;) {
    const low = Number(rest & 0x7fn);
    rest >>= 7n; // arithmetic shift: keeps the sign
    const signBitOfGroup = (low & 0x40) !== 0;
    const done = (rest === 0n && !signBitOfGroup) || (rest === -1n && signBitOfGroup);
    bytes.push(done ? low : low | 0x80);
    if (done) return bytes;
  }
};
