// A buffer is a typed region of linear memory: a byte offset, an element count and a dtype.
// It is plain data; views and copies are made against the memory when needed.

export type DType = "float32" | "float64" | "int32";

export interface BufferRef<D extends DType = DType> {
  readonly dtype: D;
  /** Byte address in linear memory (aligned to `bufferAlignment`). */
  readonly offset: number;
  /** Number of elements. */
  readonly length: number;
}

export const bytesPerElement = (dtype: DType): 4 | 8 => {
  switch (dtype) {
    case "float32":
    case "int32":
      return 4;
    case "float64":
      return 8;
    default:
      throw new TypeError(`bytesPerElement: unknown dtype ${JSON.stringify(dtype)}`);
  }
};

/** Buffers start on cache-line boundaries (this also satisfies every SIMD alignment hint). */
export const bufferAlignment = 64;

export const alignUp = (bytes: number, alignment: number = bufferAlignment): number =>
  Math.ceil(bytes / alignment) * alignment;
