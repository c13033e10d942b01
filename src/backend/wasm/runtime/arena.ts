// A bump allocator over a linear memory: allocation moves a pointer forward, `release` moves it
// back to a mark. Programs reserve their whole buffer plan once and reuse it on every call.
//
// A compiled program's memory is a *block* (`allocBlock`), returned with `freeBlock` when the
// program is dropped. Free blocks are kept by address, merged with free neighbours, and reused
// best-fit (a free block that ends at the top is extended instead of leaving a hole), so a
// process that keeps compiling and dropping programs reuses the same addresses rather than
// growing the memory. A WebAssembly memory never shrinks: freed bytes are reused, not returned.

import { type BufferRef, type DType, alignUp, bytesPerElement } from "./buffer.js";
import { type LinearMemory, ensureBytes } from "./memory.js";
import { type BufferPlan, placePlan } from "./plan.js";

/** A region of memory handed out by `allocBlock`, to be given back to `freeBlock` once. */
export interface Block {
  readonly offset: number;
  readonly bytes: number;
}

export class Arena {
  readonly linear: LinearMemory;
  #top: number;
  /** Nothing below this address can be released (long-lived scratch and blocks live there). */
  #floor: number;
  /** Free blocks, sorted by address, never adjacent (neighbours are merged). */
  readonly #free: { offset: number; bytes: number }[] = [];
  #liveBlocks = 0;

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

  /** All buffers of a plan in one block from `allocBlock`, and that block (for `freeBlock`). */
  reserveBlock(plan: BufferPlan): { readonly refs: readonly BufferRef[]; readonly block: Block } {
    const block = this.allocBlock(plan.bytes);
    return { refs: placePlan(plan, block.offset), block };
  }

  /**
   * `bytes` bytes (rounded up to a cache line) that stay valid until `freeBlock`: the smallest free
   * block large enough, else the free block ending at the top extended, else new memory on top.
   * `release` never frees a block.
   */
  allocBlock(bytes: number): Block {
    if (!Number.isSafeInteger(bytes) || bytes < 0) {
      throw new RangeError(`Arena.allocBlock: expected a non-negative integer, got ${bytes}`);
    }
    const size = alignUp(bytes);
    this.#liveBlocks++;
    if (size === 0) return { offset: this.#top, bytes: 0 };
    // best fit: the smallest free block that is large enough (ties: the lowest address)
    let fit = -1;
    this.#free.forEach((f, i) => {
      if (f.bytes >= size && (fit < 0 || f.bytes < (this.#free[fit]?.bytes ?? Infinity))) fit = i;
    });
    const found = this.#free[fit];
    if (found !== undefined) {
      const offset = found.offset;
      if (found.bytes === size) this.#free.splice(fit, 1);
      else this.#free[fit] = { offset: offset + size, bytes: found.bytes - size };
      return { offset, bytes: size };
    }
    const last = this.#free[this.#free.length - 1];
    const start = last !== undefined && last.offset + last.bytes === this.#top ? last.offset : this.#top;
    ensureBytes(this.linear, start + size);
    if (start !== this.#top) this.#free.pop();
    this.#top = start + size;
    this.#floor = this.#top;
    return { offset: start, bytes: size };
  }

  /** Gives a block from `allocBlock` back for reuse (the caller must not use it again). */
  freeBlock(block: Block): void {
    this.#liveBlocks--;
    if (block.bytes === 0) return;
    const end = block.offset + block.bytes;
    let i = this.#free.findIndex((f) => f.offset > block.offset);
    if (i < 0) i = this.#free.length;
    const before = this.#free[i - 1];
    const after = this.#free[i];
    if ((before !== undefined && before.offset + before.bytes > block.offset) || (after !== undefined && end > after.offset)) {
      throw new RangeError(`Arena.freeBlock: block at ${block.offset} (${block.bytes} bytes) overlaps free memory; freed twice?`);
    }
    const merged = { offset: block.offset, bytes: block.bytes };
    if (after !== undefined && after.offset === end) {
      merged.bytes += after.bytes;
      this.#free.splice(i, 1);
    }
    if (before !== undefined && before.offset + before.bytes === merged.offset) {
      before.bytes += merged.bytes;
    } else {
      this.#free.splice(i, 0, merged);
    }
  }

  /** Blocks allocated and not yet freed, and the bytes of free blocks waiting for reuse. */
  get blocks(): { readonly live: number; readonly freeBytes: number } {
    return { live: this.#liveBlocks, freeBytes: this.#free.reduce((sum, f) => sum + f.bytes, 0) };
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
