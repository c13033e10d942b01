// Compiled programs give their memory back: the arena's free list, the program pool that
// shares executables between equal programs, jit's bounded cache, and the kernel cache bound.
// (The RSS soak over thousands of jit creations and shapes is test/soak/jit-memory.soak.ts.)
import { describe, expect, it } from "vitest";
import { jit } from "../../src/backend/jit/index.js";
import { createWasmBackend } from "../../src/backend/wasm-jit/index.js";
import { programKey } from "../../src/backend/wasm-jit/program-pool.js";
import { Arena } from "../../src/backend/wasm/runtime/arena.js";
import { KernelCache } from "../../src/backend/wasm/runtime/cache.js";
import { createLinearMemory } from "../../src/backend/wasm/runtime/memory.js";
import { LocalScope } from "../../src/backend/wasm/emit/index.js";
import { add, mul, sum, tanh } from "../../src/ops/index.js";
import { fromArray, ones, type AnyTensor, type Tensor } from "../../src/tensor/index.js";

const body = (x: Tensor<[number, number]>, w: Tensor<[number, number]>) => sum(tanh(add(mul(x, w), 1)));

describe("arena blocks", () => {
  it("reuses a freed block first-fit, merges free neighbours, and extends a free block at the top", () => {
    const arena = new Arena(createLinearMemory());
    const a = arena.allocBlock(1000);
    const b = arena.allocBlock(64);
    const c = arena.allocBlock(64);
    expect(a.bytes).toBe(1024); // rounded up to cache lines
    expect(b.offset).toBe(a.offset + 1024);
    arena.freeBlock(a);
    expect(arena.allocBlock(512).offset).toBe(a.offset); // first fit inside a's hole
    arena.freeBlock(b);
    arena.freeBlock(c);
    // c ended at the top and merged with b (and the tail of a): a bigger request extends it
    const top = arena.top;
    const big = arena.allocBlock(4096);
    expect(big.offset).toBe(a.offset + 512);
    expect(arena.top).toBe(big.offset + 4096);
    expect(arena.top).toBeGreaterThan(top);
    expect(arena.blocks).toEqual({ live: 2, freeBytes: 0 });
    expect(() => arena.freeBlock(big)).not.toThrow();
    expect(() => arena.freeBlock(big)).toThrow(/overlaps free memory; freed twice/);
  });

  it("keeps mark/release below blocks: releasing cannot free a block", () => {
    const arena = new Arena(createLinearMemory());
    const mark = arena.mark();
    arena.allocBlock(128);
    expect(() => arena.release(mark)).toThrow(/would free pinned memory/);
  });
});

describe("the program pool", () => {
  it("hands a fresh jit of the same function the same executable: memory stays at one program's", () => {
    const backend = createWasmBackend({ threads: false });
    const x = ones([64, 64]);
    const expected = jit(body, { backend })(x, x).item();
    const { arena } = backend.device().runtime;
    const before = { live: arena.blocks.live, bytes: backend.device().runtime.linear.memory.buffer.byteLength };
    for (let i = 0; i < 300; i++) expect(jit(body, { backend })(x, x).item()).toBe(expected);
    expect(arena.blocks.live).toBe(before.live);
    expect(backend.device().runtime.linear.memory.buffer.byteLength).toBe(before.bytes);
    expect(backend.poolStats()).toEqual({ programs: 1, hits: 300 });
  });

  it("tells programs apart by literals, constants' values and shapes", () => {
    const x = fromArray([1, 2, 3], [3]);
    const key = (f: (x: AnyTensor) => AnyTensor, at: AnyTensor = x) => programKey(jit(f).program(at));
    const c1 = fromArray([1, 2, 3], [3]);
    expect(key((v) => mul(v, 2))).toBe(key((v) => mul(v, 2)));
    expect(key((v) => mul(v, 2))).not.toBe(key((v) => mul(v, 3)));
    expect(key((v) => mul(v, -0))).not.toBe(key((v) => mul(v, 0)));
    expect(key((v) => mul(v, c1))).toBe(key((v) => mul(v, fromArray([1, 2, 3], [3]))));
    expect(key((v) => mul(v, c1))).not.toBe(key((v) => mul(v, fromArray([1, 2, 4], [3]))));
    expect(key((v) => mul(v, 2))).not.toBe(key((v) => mul(v, 2), fromArray([1, 2, 3, 4], [4])));
    // the pool gives each its own executable: a wrong share would give a wrong value
    const backend = createWasmBackend({ threads: false });
    expect(Array.from(jit((v: AnyTensor) => mul(v, fromArray([1, 2, 3], [3])), { backend })(x).toArray())).toEqual([1, 4, 9]);
    expect(Array.from(jit((v: AnyTensor) => mul(v, fromArray([1, 2, 4], [3])), { backend })(x).toArray())).toEqual([1, 4, 12]);
  });

  it("frees an evicted program once it has left the pool; a pool of 0 frees on release", () => {
    const backend = createWasmBackend({ threads: false, poolSize: 0 });
    const g = jit(body, { backend, cacheSize: 2, onRecompile: () => {} });
    const { arena } = backend.device().runtime;
    for (let n = 1; n <= 10; n++) g(ones([n, 8]), ones([n, 8]));
    expect(arena.blocks.live).toBe(2 * 2); // two programs of two blocks each
    expect(g.stats()).toMatchObject({ compilations: 10, cached: 2, cacheSize: 2, evictions: 8 });
    // the least recently used goes first: touching n = 9 keeps it, n = 10 is evicted by n = 1
    g(ones([9, 8]), ones([9, 8]));
    g(ones([1, 8]), ones([1, 8]));
    g(ones([9, 8]), ones([9, 8]));
    expect(g.stats()).toMatchObject({ compilations: 11, cacheHits: 2, evictions: 9 });
  });
});

describe("releasing an executable", () => {
  it("frees its blocks once, and a released executable refuses to run", () => {
    const backend = createWasmBackend({ threads: false, poolSize: 0 });
    const x = ones([4, 4]);
    const exe = backend.compile(jit(body).program(x, x));
    const { arena } = backend.device().runtime;
    const live = arena.blocks.live;
    expect(exe.run([x, x])[0]?.item()).toBeCloseTo(16 * Math.tanh(2), 5);
    exe.release();
    expect(arena.blocks.live).toBe(live - 2);
    exe.release(); // idempotent
    expect(arena.blocks.live).toBe(live - 2);
    expect(() => exe.run([x, x])).toThrow("wasm executable: released; its memory has been freed (compile the program again)");
  });
});

describe("jit's cache bound", () => {
  it("still reports a recompilation storm once the cache has stopped growing", () => {
    const messages: string[] = [];
    const g = jit(body, { cacheSize: 2, maxSignatures: 3, onRecompile: (m) => messages.push(m), backend: createWasmBackend({ threads: false }) });
    for (let n = 1; n <= 5; n++) g(ones([n, 2]), ones([n, 2]));
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatch(/^jit\(body\): compiled for 5 different input signatures; the latest change: args\[0\]: float32\[4,2\] → float32\[5,2\]/);
  });

  it("is a positive integer", () => {
    expect(() => jit(body, { cacheSize: 0 })).toThrow("jit(body): cacheSize must be a positive integer, got 0");
    expect(() => jit(body, { cacheSize: 1.5 })).toThrow(/cacheSize must be a positive integer, got 1.5/);
  });
});

describe("the kernel cache bound", () => {
  it("keeps the most recently used kernels and counts the rest as evictions", () => {
    const cache = new KernelCache(createLinearMemory(), 2);
    const build = () => ({
      memory: { ...cache.memoryImport },
      functions: [{ name: "f", locals: new LocalScope(), results: [], body: [] }],
    });
    const a = cache.get("a", build);
    cache.get("b", build);
    expect(cache.get("a", build)).toBe(a); // a is now the most recent
    cache.get("c", build); // evicts b
    expect(cache.keys()).toEqual(["a", "c"]);
    expect(cache.evictions).toBe(1);
    expect(cache.get("b", build)).not.toBe(a);
    expect(cache.size).toBe(2);
  });
});
