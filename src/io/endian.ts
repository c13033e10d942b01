// Byte order: reading numbers out of a file's bytes and writing them back, in a stated order.
//
// Files fix their byte order (safetensors: little-endian; IDX: big-endian) while typed arrays use
// the machine's. When the two agree a plain byte copy is the answer; otherwise each element goes
// through a DataView, which reads and writes in either order. Every read copies, so a result
// never shares memory with the bytes it came from.

import { allocate, itemSize, type RawData, type RawDType } from "./raw.js";

export type ByteOrder = "little" | "big";

/** The machine's byte order: write the 16-bit number 1 and see which byte holds it. */
export const hostByteOrder: ByteOrder = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? "little" : "big";

/** Reads `count` elements of `dtype` stored in `order` at `bytes[byteOffset…]` into a fresh array. */
export const readNumbers = (
  dtype: RawDType,
  bytes: Uint8Array,
  byteOffset: number,
  count: number,
  order: ByteOrder,
): RawData =>
  order === hostByteOrder || dtype === "uint8"
    ? readByCopy(dtype, bytes, byteOffset, count)
    : readByDataView(dtype, bytes, byteOffset, count, order);

/** Writes every element of `data` into `target[byteOffset…]` in `order`. */
export const writeNumbers = (data: RawData, target: Uint8Array, byteOffset: number, order: ByteOrder): void => {
  if (order === hostByteOrder || data instanceof Uint8Array) {
    target.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), byteOffset);
    return;
  }
  const view = new DataView(target.buffer, target.byteOffset + byteOffset, data.byteLength);
  const little = order === "little";
  if (data instanceof Float32Array) data.forEach((x, i) => view.setFloat32(4 * i, x, little));
  else if (data instanceof Float64Array) data.forEach((x, i) => view.setFloat64(8 * i, x, little));
  else data.forEach((x, i) => view.setInt32(4 * i, x, little));
};

/**
 * Same-order read: copy the bytes, then view the copy as the typed array. `new Uint8Array(view)`
 * always copies into a fresh, aligned buffer (unlike `Buffer#slice`, which shares memory).
 */
export const readByCopy = (dtype: RawDType, bytes: Uint8Array, byteOffset: number, count: number): RawData => {
  const copy = new Uint8Array(bytes.subarray(byteOffset, byteOffset + count * itemSize[dtype]));
  switch (dtype) {
    case "float32":
      return new Float32Array(copy.buffer);
    case "float64":
      return new Float64Array(copy.buffer);
    case "int32":
      return new Int32Array(copy.buffer);
    case "uint8":
      return copy;
  }
};

/**
 * Any-order read, one element at a time through a DataView. (A float NaN passes through a JS
 * number here, so its payload bits may not survive; the copying path keeps them.)
 */
export const readByDataView = (
  dtype: RawDType,
  bytes: Uint8Array,
  byteOffset: number,
  count: number,
  order: ByteOrder,
): RawData => {
  const size = itemSize[dtype];
  const view = new DataView(bytes.buffer, bytes.byteOffset + byteOffset, count * size);
  const little = order === "little";
  const out = allocate(dtype, count);
  for (let i = 0; i < count; i++) {
    const at = i * size;
    switch (dtype) {
      case "float32":
        out[i] = view.getFloat32(at, little);
        break;
      case "float64":
        out[i] = view.getFloat64(at, little);
        break;
      case "int32":
        out[i] = view.getInt32(at, little);
        break;
      case "uint8":
        out[i] = view.getUint8(at);
        break;
    }
  }
  return out;
};
