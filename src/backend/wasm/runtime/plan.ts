// Buffer planning: lay out a fixed list of buffers once, so that a compiled program allocates
// nothing per call. Planning is a pure function; `Arena.reserve` turns a plan into buffers.

import { type BufferRef, type DType, alignUp, bytesPerElement } from "./buffer.js";

export interface BufferRequest {
  readonly dtype: DType;
  readonly length: number;
}

export interface BufferPlan {
  /** Offsets relative to the start of the plan's block, in request order. */
  readonly offsets: readonly number[];
  readonly requests: readonly BufferRequest[];
  /** Bytes the whole block needs. */
  readonly bytes: number;
}

const checkRequest = (request: BufferRequest, index: number): void => {
  if (!Number.isSafeInteger(request.length) || request.length < 0) {
    throw new RangeError(
      `planBuffers: request ${index} must have a non-negative integer length, got ${request.length}`,
    );
  }
  bytesPerElement(request.dtype);
};

/** Consecutive, aligned, non-overlapping offsets for the requests. */
export const planBuffers = (requests: readonly BufferRequest[]): BufferPlan => {
  const offsets: number[] = [];
  let end = 0;
  requests.forEach((request, index) => {
    checkRequest(request, index);
    const start = alignUp(end);
    offsets.push(start);
    end = start + request.length * bytesPerElement(request.dtype);
  });
  return { offsets, requests, bytes: alignUp(end) };
};

/** The buffers of a plan placed at byte address `base`. */
export const placePlan = (plan: BufferPlan, base: number): readonly BufferRef[] =>
  plan.requests.map((request, index) => ({
    dtype: request.dtype,
    length: request.length,
    offset: base + (plan.offsets[index] ?? 0),
  }));
