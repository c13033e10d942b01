// A bump allocator over a linear memory: allocation moves a pointer forward, `release` moves it
// back to a mark. Programs reserve their whole buffer plan once and reuse it on every call.

import { type BufferRef, type DType, alignUp, bytesPerElement } from "./buffer.js";
import { type LinearMemory, ensureBytes } from "./memory.js";
import { type BufferPlan, placePlan } from "./plan.js";

export class Arena {
  readonly linear: LinearMemory;
  #top: number;
  /** Nothing below this address can be released (long-lived scratch lives there). */
  #floor: number;

  /** Allocations start at `base` (byte 0 is kept free so that no buffer sits at address 0). */
  constructor(linear: LinearMemory, base: number = 64) {
    this.linear = linear;
    this.#top = alignUp(base);
    this.#floor = this.#top;
  }

  /** The first free byte address. */
  get top(): number {
    return this.#top;
  }

  /** `bytes` bytes aligned to a cache line; grows the memory if needed. */
  allocBytes(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0) {
      throw new RangeError(`Arena.allocBytes: expected a non-negative integer, got ${bytes}`);
    }
    const start = this.#top;
    const end = alignUp(start + bytes);
    ensureBytes(this.linear, end);
    this.#top = end;
    return start;
  }

  /** Like `allocBytes`, for memory that lives as long as the arena: `release` never frees it. */
  allocPinned(bytes: number): number {
    const start = this.allocBytes(bytes);
    this.#floor = this.#top;
    return start;
  }

  alloc<D extends DType>(dtype: D, length: number): BufferRef<D> {
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(`Arena.alloc: expected a non-negative integer length, got ${length}`);
    }
    return { dtype, length, offset: this.allocBytes(length * bytesPerElement(dtype)) };
  }

  /** All buffers of a plan in one contiguous block. */
  reserve(plan: BufferPlan): readonly BufferRef[] {
    return placePlan(plan, this.allocBytes(plan.bytes));
  }

  /** A position to `release` back to. */
  mark(): number {
    return this.#top;
  }

  /** Frees everything allocated after `mark` (the caller must not use those buffers again). */
  release(mark: number): void {
    if (mark > this.#top) {
      throw new RangeError(`Arena.release: mark ${mark} is above the current top ${this.#top}`);
    }
    if (mark < this.#floor) {
      throw new RangeError(`Arena.release: mark ${mark} would free pinned memory below ${this.#floor}`);
    }
    this.#top = mark;
  }
}
