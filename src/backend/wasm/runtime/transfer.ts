// Copies between JavaScript typed arrays and buffers in linear memory. Views are made fresh on
// each call because growing the memory replaces its ArrayBuffer.

import { type BufferRef, type DType } from "./buffer.js";
import { type LinearMemory } from "./memory.js";

export type TypedArrayOf<D extends DType> = D extends "float32"
  ? Float32Array
  : D extends "float64"
    ? Float64Array
    : Int32Array;

export type HostArray = Float32Array | Float64Array | Int32Array;

const dtypeOf = (array: HostArray): DType =>
  array instanceof Float32Array ? "float32" : array instanceof Float64Array ? "float64" : "int32";

/** A typed-array view of the buffer; valid until the memory next grows. */
export function view<D extends DType>(linear: LinearMemory, buffer: BufferRef<D>): TypedArrayOf<D>;
export function view(linear: LinearMemory, buffer: BufferRef): HostArray {
  const raw = linear.memory.buffer;
  if (buffer.offset + buffer.length * (buffer.dtype === "float64" ? 8 : 4) > raw.byteLength) {
    throw new RangeError(
      `view: buffer at ${buffer.offset} with ${buffer.length} elements lies outside the ${raw.byteLength}-byte memory`,
    );
  }
  switch (buffer.dtype) {
    case "float32":
      return new Float32Array(raw, buffer.offset, buffer.length);
    case "float64":
      return new Float64Array(raw, buffer.offset, buffer.length);
    case "int32":
      return new Int32Array(raw, buffer.offset, buffer.length);
  }
}

const checkMatch = (op: string, buffer: BufferRef, array: HostArray): void => {
  const given = dtypeOf(array);
  if (given !== buffer.dtype) {
    throw new TypeError(`${op}: buffer holds ${buffer.dtype} but a ${given} array was given`);
  }
  if (array.length !== buffer.length) {
    throw new RangeError(`${op}: buffer holds ${buffer.length} elements but the array has ${array.length}`);
  }
};

/** Copies `data` into the buffer (dtypes and lengths must match). */
export const writeBuffer = (linear: LinearMemory, buffer: BufferRef, data: HostArray): void => {
  checkMatch("writeBuffer", buffer, data);
  view(linear, buffer).set(data);
};

/** Copies the buffer into `out` (dtypes and lengths must match) and returns it. */
export const readBufferInto = <A extends HostArray>(linear: LinearMemory, buffer: BufferRef, out: A): A => {
  checkMatch("readBufferInto", buffer, out);
  out.set(view(linear, buffer));
  return out;
};

/** A fresh copy of the buffer's contents. */
export function readBuffer<D extends DType>(linear: LinearMemory, buffer: BufferRef<D>): TypedArrayOf<D>;
export function readBuffer(linear: LinearMemory, buffer: BufferRef): HostArray {
  return view(linear, buffer).slice();
}
