// Soak: resident memory stays flat while jit keeps compiling. Two loops of the same shape as a
// real leak: a fresh `jit(f)` per call (12,000 of them), and one jitted function called with 600
// different input shapes and then dropped. Growth is measured after a warm-up (V8's own code and
// heap settle during the first iterations), by RSS, and by the Wasm memory the backend owns.
// Before the arena free list, the program pool and the bounded jit cache, the first loop grew RSS
// by 353 MiB after the warm-up (Wasm memory to 512 MiB) and the 600 shapes by 629 MiB (Wasm
// memory to 1 GiB, kept after the function was dropped); now +16 MiB (Wasm memory 1 MiB, flat)
// and +108 MiB (64 MiB). Run with `npm run test:soak` (≈ 10 s); `.ci/run` runs it after `npm test`.
import { describe, expect, it } from "vitest";
import { jit } from "../../src/backend/jit/index.js";
import { wasmBackend } from "../../src/backend/wasm-jit/index.js";
import "../../src/index.js";
import { add, mul, sum, tanh } from "../../src/ops/index.js";
import { ones, type Tensor } from "../../src/tensor/index.js";

const MiB = 2 ** 20;
const rss = (): number => process.memoryUsage().rss / MiB;
const wasmBytes = (): number => wasmBackend.device().runtime.linear.memory.buffer.byteLength / MiB;

/** A full collection (the soak config runs node with --expose-gc). */
const collect = (): void => {
  const gc: unknown = Reflect.get(globalThis, "gc");
  if (typeof gc !== "function") throw new Error("run the soak tests with node --expose-gc (npm run test:soak)");
  gc();
};

const body = (x: Tensor<[number, number]>, w: Tensor<[number, number]>) => sum(tanh(add(mul(x, w), 1)), [1]);

describe("jit memory soak", () => {
  it("12,000 fresh jit(f) calls: RSS and Wasm memory flat after the warm-up", () => {
    const x = ones([64, 64]);
    const w = ones([64, 64]);
    const expected = Array.from(body(x, w).toArray());
    let warm = 0;
    let warmWasm = 0;
    for (let i = 0; i < 12_000; i++) {
      const out = jit(body)(x, w);
      if (i % 1000 === 0) expect(Array.from(out.toArray())).toEqual(expected);
      if (i === 1000) [warm, warmWasm] = [rss(), wasmBytes()];
    }
    const [end, endWasm] = [rss(), wasmBytes()];
    console.log(`fresh jit ×12000: RSS ${warm.toFixed(0)} → ${end.toFixed(0)} MiB after warm-up, Wasm memory ${warmWasm} → ${endWasm} MiB`);
    expect(endWasm).toBe(warmWasm);
    expect(end - warm).toBeLessThan(40);
  });

  it("one jitted function over 600 shapes, then dropped: bounded by its cache, its memory reused once it is garbage", async () => {
    const w = ones([1, 512]);
    const { arena } = wasmBackend.device().runtime;
    const [start, liveBefore] = [rss(), arena.blocks.live];
    let g: ((x: Tensor<[number, number]>, w: Tensor<[number, number]>) => unknown) | undefined = jit(body, { onRecompile: () => {} });
    for (let i = 0; i < 600; i++) g(ones([200 + i, 512]), w);
    const [afterShapes, wasmAfterShapes, liveAfterShapes, topAfterShapes] = [rss(), wasmBytes(), arena.blocks.live, arena.top];
    // dropped: once collected, its programs' blocks go back to the arena (the pool keeps 16)
    g = undefined;
    collect();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const liveDropped = arena.blocks.live;
    // the same 600 shapes through a second function reuse that memory
    const h = jit(body, { onRecompile: () => {} });
    for (let i = 0; i < 600; i++) h(ones([200 + i, 512]), w);
    const [end, wasmEnd, topEnd] = [rss(), wasmBytes(), arena.top];
    console.log(`600 shapes: RSS ${start.toFixed(0)} → ${afterShapes.toFixed(0)} MiB (Wasm ${wasmAfterShapes} MiB, ${liveAfterShapes} blocks), ` +
      `dropped → ${liveDropped} blocks, 600 more through a new function → ${end.toFixed(0)} MiB (Wasm ${wasmEnd} MiB); stats ${JSON.stringify(h.stats())}`);
    expect(h.stats()).toMatchObject({ compilations: 600, cached: 32, evictions: 568 });
    // two blocks per program: 32 cached by g plus at most 16 pooled, and after the drop only the pooled ones
    expect(liveAfterShapes - liveBefore).toBeLessThanOrEqual(2 * (32 + 16));
    expect(liveDropped - liveBefore).toBeLessThanOrEqual(2 * 16);
    // 48 programs of at most 1.6 MB each, with fragmentation slack (before: 600 programs, 1 GiB)
    expect(wasmAfterShapes).toBeLessThanOrEqual(128);
    expect(afterShapes - start).toBeLessThan(200);
    // The second function reuses the freed memory. It is not all of it: g's last 16 programs are
    // pooled under g's name until the pool drops them and the collector finds them, and holes
    // left between live blocks fragment the rest — so the top of the arena may grow, by less than
    // it did the first time and never past twice that.
    expect(topEnd - topAfterShapes).toBeLessThan(topAfterShapes);
    expect(wasmEnd).toBeLessThanOrEqual(2 * wasmAfterShapes);
    expect(end - afterShapes).toBeLessThan(100);
  });
});
