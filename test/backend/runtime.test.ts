// Linear memory, the arena, buffer plans and host transfers.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Arena } from "../../src/backend/wasm/runtime/arena.js";
import { type DType, bufferAlignment, bytesPerElement } from "../../src/backend/wasm/runtime/buffer.js";
import { createLinearMemory, ensureBytes, pageBytes } from "../../src/backend/wasm/runtime/memory.js";
import { planBuffers } from "../../src/backend/wasm/runtime/plan.js";
import { createRuntime } from "../../src/backend/wasm/runtime/runtime.js";
import { readBuffer, readBufferInto, view, writeBuffer } from "../../src/backend/wasm/runtime/transfer.js";

const dtypes: readonly DType[] = ["float32", "float64", "int32"];

describe("linear memory", () => {
  it("grows on demand and keeps earlier contents", () => {
    const linear = createLinearMemory({ initialBytes: pageBytes });
    new Uint8Array(linear.memory.buffer)[100] = 42;
    ensureBytes(linear, 5 * pageBytes + 1);
    expect(linear.memory.buffer.byteLength).toBeGreaterThanOrEqual(6 * pageBytes);
    expect(new Uint8Array(linear.memory.buffer)[100]).toBe(42);
  });

  it("refuses to grow past its maximum, naming the sizes", () => {
    const linear = createLinearMemory({ initialBytes: pageBytes, maximumBytes: 2 * pageBytes });
    expect(() => ensureBytes(linear, 3 * pageBytes)).toThrow(/196608 bytes requested but the memory's maximum is 131072/);
    expect(() => createLinearMemory({ maximumBytes: 2 ** 32 })).toThrow(/exceeds the 2 GiB limit/);
    expect(() => createLinearMemory({ initialBytes: -1 })).toThrow(/initialBytes must be a non-negative/);
  });

  it("can be shared between threads", () => {
    const linear = createLinearMemory({ shared: true, maximumBytes: 64 * pageBytes });
    expect(linear.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});

describe("arena", () => {
  it("hands out aligned, disjoint buffers and grows the memory to fit them", () => {
    const arena = new Arena(createLinearMemory({ initialBytes: pageBytes }));
    const buffers = [arena.alloc("float32", 3), arena.alloc("float64", 70_000), arena.alloc("int32", 1)];
    for (const b of buffers) expect(b.offset % bufferAlignment).toBe(0);
    for (let i = 1; i < buffers.length; i++) {
      const previous = buffers[i - 1]!;
      expect(buffers[i]!.offset).toBeGreaterThanOrEqual(previous.offset + previous.length * bytesPerElement(previous.dtype));
    }
    expect(arena.linear.memory.buffer.byteLength).toBeGreaterThanOrEqual(arena.top);
  });

  it("releases back to a mark but never below pinned memory", () => {
    const arena = new Arena(createLinearMemory());
    const pinned = arena.allocPinned(100);
    const mark = arena.mark();
    const a = arena.alloc("float32", 10);
    arena.release(mark);
    expect(arena.alloc("float32", 10).offset).toBe(a.offset);
    expect(pinned).toBeLessThan(mark);
    expect(() => arena.release(pinned)).toThrow(/would free pinned memory/);
    expect(() => arena.release(arena.top + 64)).toThrow(/above the current top/);
    expect(() => arena.alloc("float32", -1)).toThrow(/non-negative integer length/);
  });

  it("keeps the runtime's scratch out of reach of release", () => {
    const runtime = createRuntime();
    expect(() => runtime.arena.release(runtime.scratch.address)).toThrow(/pinned/);
  });
});

describe("planBuffers", () => {
  const requests = fc.array(
    fc.record({ dtype: fc.constantFrom(...dtypes), length: fc.integer({ min: 0, max: 5000 }) }),
    { maxLength: 20 },
  );

  it("lays out aligned, non-overlapping buffers inside the planned size", () => {
    fc.assert(
      fc.property(requests, (reqs) => {
        const plan = planBuffers(reqs);
        const spans = reqs.map((r, i) => [plan.offsets[i] ?? -1, (plan.offsets[i] ?? -1) + r.length * bytesPerElement(r.dtype)] as const);
        const aligned = spans.every(([start]) => start % bufferAlignment === 0);
        const inside = spans.every(([start, end]) => start >= 0 && end <= plan.bytes);
        const disjoint = spans.every(([s1, e1], i) => spans.every(([s2, e2], j) => i === j || e1 <= s2 || e2 <= s1 || s1 === e1 || s2 === e2));
        return aligned && inside && disjoint;
      }),
    );
  });

  it("places a plan in one reservation whose buffers hold independent data", () => {
    const runtime = createRuntime();
    const plan = planBuffers([
      { dtype: "float32", length: 5 },
      { dtype: "float64", length: 3 },
      { dtype: "int32", length: 4 },
    ]);
    const [f, d, n] = runtime.arena.reserve(plan);
    if (f === undefined || d === undefined || n === undefined) throw new Error("plan lost a buffer");
    writeBuffer(runtime.linear, f, Float32Array.from([1, 2, 3, 4, 5]));
    writeBuffer(runtime.linear, d, Float64Array.from([0.1, 0.2, 0.3]));
    writeBuffer(runtime.linear, n, Int32Array.from([-1, 7, 8, 9]));
    expect(Array.from(readBuffer(runtime.linear, f))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(readBuffer(runtime.linear, d))).toEqual([0.1, 0.2, 0.3]);
    expect(Array.from(readBuffer(runtime.linear, n))).toEqual([-1, 7, 8, 9]);
  });

  it("rejects malformed requests", () => {
    expect(() => planBuffers([{ dtype: "float32", length: 1.5 }])).toThrow(/request 0 must have a non-negative integer length/);
  });
});

describe("transfers", () => {
  it("round-trips typed arrays of every dtype", () => {
    const runtime = createRuntime();
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 50 }), (values) => {
        const mark = runtime.arena.mark();
        const f64 = runtime.arena.alloc("float64", values.length);
        writeBuffer(runtime.linear, f64, Float64Array.from(values));
        const back = readBufferInto(runtime.linear, f64, new Float64Array(values.length));
        const f32 = runtime.arena.alloc("float32", values.length);
        writeBuffer(runtime.linear, f32, Float32Array.from(values));
        const back32 = readBuffer(runtime.linear, f32);
        runtime.arena.release(mark);
        return values.every((v, i) => Object.is(back[i], v) && Object.is(back32[i], Math.fround(v)));
      }),
    );
  });

  it("rejects a mismatched dtype or length, naming both", () => {
    const runtime = createRuntime();
    const buffer = runtime.arena.alloc("float32", 4);
    expect(() => writeBuffer(runtime.linear, buffer, new Float64Array(4))).toThrow(/buffer holds float32 but a float64 array was given/);
    expect(() => writeBuffer(runtime.linear, buffer, new Float32Array(5))).toThrow(/buffer holds 4 elements but the array has 5/);
    expect(() => view(runtime.linear, { dtype: "float32", offset: 2 ** 30, length: 4 })).toThrow(/outside the/);
  });
});
