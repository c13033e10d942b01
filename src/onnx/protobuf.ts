// The protocol-buffers wire format, write side only: what an ONNX file needs.
//
// A message is a sequence of fields; each field is a key, varint(field number · 8 + wire type),
// then its value: wire type 0 a varint, 2 a length-delimited run of bytes (strings, bytes,
// nested messages), 5 a little-endian 32-bit value. A varint stores 7 bits per byte, low bits
// first, with the high bit set on every byte but the last; a negative int64 is written as its
// 64-bit two's complement (ten bytes). Repeated fields are written one element at a time, the
// proto2 encoding that every reader accepts.

const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** The varint bytes of an integer in [-2^63, 2^64): safe integers by arithmetic, others as bigint. */
export function varint(value: number | bigint): Uint8Array {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new RangeError(`protobuf: varint ${value} is not a safe integer`);
  }
  const out: number[] = [];
  if (typeof value === "number" && value >= 0) {
    let v = value;
    while (v >= 128) {
      out.push((v % 128) + 128);
      v = Math.floor(v / 128);
    }
    out.push(v);
    return Uint8Array.from(out);
  }
  let v = BigInt.asUintN(64, BigInt(value)); // two's complement for a negative int64
  while (v >= 128n) {
    out.push(Number(v & 127n) + 128);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

const key = (field: number, wireType: number): Uint8Array => varint(field * 8 + wireType);

/** The bytes of a message: its encoded fields, in order. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const message = (...fields: readonly Uint8Array[]): Uint8Array => concatBytes(fields);

/** An int32, int64 or enum field. */
export const intField = (field: number, value: number | bigint): Uint8Array => concatBytes([key(field, VARINT), varint(value)]);

/** A bytes field (also a nested message's encoding). */
export const bytesField = (field: number, bytes: Uint8Array): Uint8Array =>
  concatBytes([key(field, LENGTH_DELIMITED), varint(bytes.length), bytes]);

/** A string field, UTF-8 encoded. */
export const stringField = (field: number, text: string): Uint8Array => bytesField(field, new TextEncoder().encode(text));

/** A float field: the IEEE single, little-endian. */
export const floatField = (field: number, value: number): Uint8Array => {
  const bits = new Uint8Array(4);
  new DataView(bits.buffer).setFloat32(0, value, true);
  return concatBytes([key(field, FIXED32), bits]);
};

/** A repeated int64 field, one key per element. */
export const intsField = (field: number, values: readonly (number | bigint)[]): Uint8Array =>
  concatBytes(values.map((v) => intField(field, v)));
