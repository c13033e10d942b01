// A minimal grayscale PNG encoder for looking at generated images (not part of the library).
//
// A PNG is the 8-byte signature followed by chunks, each: length (4 bytes, big-endian), type
// (4 ASCII bytes), data, and the CRC-32 of type + data. Three chunks suffice: IHDR (width,
// height, bit depth 8, colour type 0 = grayscale, compression/filter/interlace 0), IDAT (the
// zlib-compressed rows, each preceded by a filter-type byte, 0 = none) and an empty IEND.

import { deflateSync } from "node:zlib";

/** CRC-32 as PNG defines it: reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

const crc32 = (bytes: Uint8Array): number => {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

const chunk = (type: string, data: Uint8Array): Uint8Array => {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, "ascii"), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
};

/** A PNG of a width×height grayscale image; `pixels` row-major in [0, 1] (0 black, 1 white). */
export const encodeGrayPng = (pixels: ArrayLike<number>, width: number, height: number): Uint8Array => {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8);
  const rows = new Uint8Array(height * (width + 1));
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const v = pixels[r * width + c] ?? 0;
      rows[r * (width + 1) + 1 + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  const signature = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", new Uint8Array(0))]);
};

/**
 * Tiles `count` square images of side `size` (flat, one after another in `images`) into a grid
 * `columns` wide, each enlarged `zoom` times, with a 1-pixel gray border; returns the sheet's
 * pixels and dimensions, ready for encodeGrayPng.
 */
export const contactSheet = (images: ArrayLike<number>, size: number, count: number, columns: number, zoom: number) => {
  const rows = Math.ceil(count / columns);
  const cell = size * zoom + 1;
  const [width, height] = [columns * cell + 1, rows * cell + 1];
  const out = new Float32Array(width * height).fill(0.5);
  for (let k = 0; k < count; k++) {
    const [gx, gy] = [(k % columns) * cell + 1, Math.floor(k / columns) * cell + 1];
    for (let y = 0; y < size * zoom; y++) {
      for (let x = 0; x < size * zoom; x++) {
        const v = images[k * size * size + Math.floor(y / zoom) * size + Math.floor(x / zoom)] ?? 0;
        out[(gy + y) * width + gx + x] = v;
      }
    }
  }
  return { pixels: out, width, height };
};
