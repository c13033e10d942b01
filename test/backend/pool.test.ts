// The worker pool: pooled matmuls equal single-threaded ones bit for bit on every shape (the
// split never changes how an element is summed), the split covers the output exactly, errors in
// workers surface without deadlock, and an unclosed pool does not keep a process alive.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FloatDType } from "../../src/backend/wasm/dtype.js";
import { type RawMatmul } from "../../src/backend/wasm/kernels/matmul/args.js";
import { type MatmulBlocking } from "../../src/backend/wasm/kernels/matmul/config.js";
import { matmulKernel } from "../../src/backend/wasm/kernels/matmul/kernel.js";
import { createRuntime } from "../../src/backend/wasm/runtime/runtime.js";
import { readBuffer, writeBuffer } from "../../src/backend/wasm/runtime/transfer.js";
import { type WorkerPool, createPool } from "../../src/backend/wasm/threads/pool.js";
import { splitMatmul, splitRange } from "../../src/backend/wasm/threads/split.js";
import { firstDifference, randomValues } from "./wasm-helpers.js";

const runtime = createRuntime({ shared: true, maximumBytes: 1 << 28 });
let pool: WorkerPool;
let threePool: WorkerPool;

beforeAll(async () => {
  pool = await createPool(runtime, { threads: 2, minimumWork: 0 });
  threePool = await createPool(runtime, { threads: 3, minimumWork: 0 });
});

afterAll(async () => {
  await pool.close();
  await threePool.close();
});

const tinyBlocking: MatmulBlocking = { mr: 4, nr: 8, kc: 8, mc: 8, nc: 16, unroll: 1 };

interface Case {
  readonly dtype: FloatDType;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly batch: number;
  readonly accumulate: boolean;
  readonly tiny: boolean;
  readonly seed: number;
}

/** Index where the pooled result differs from the single-threaded one, or −1. */
const pooledDiffers = (target: WorkerPool, c: Case): number => {
  const mark = runtime.arena.mark();
  try {
    const kernel = matmulKernel(runtime, {
      dtype: c.dtype,
      transA: c.transA,
      transB: c.transB,
      ...(c.tiny ? { blocking: tinyBlocking } : {}),
    });
    const upload = (values: readonly number[]) => {
      const buffer = runtime.arena.alloc(c.dtype, values.length);
      writeBuffer(runtime.linear, buffer, c.dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values));
      return buffer;
    };
    const a = upload(randomValues(c.batch * c.m * c.k, c.seed));
    const b = upload(randomValues(c.batch * c.k * c.n, c.seed + 1));
    const start = randomValues(c.batch * c.m * c.n, c.seed + 2);
    const single = upload(start);
    const pooled = upload(start);
    const args = { a, b, m: c.m, n: c.n, k: c.k, batch: c.batch, accumulate: c.accumulate };
    kernel({ ...args, c: single });
    target.matmul(kernel, { ...args, c: pooled });
    return firstDifference(readBuffer(runtime.linear, pooled), readBuffer(runtime.linear, single));
  } finally {
    runtime.arena.release(mark);
  }
};

const dims = fc.oneof(fc.constantFrom(1, 2, 3, 5, 17, 129), fc.integer({ min: 1, max: 48 }));
const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  dtype: fc.constantFrom<FloatDType>("float32", "float64"),
  transA: fc.boolean(),
  transB: fc.boolean(),
  m: dims,
  n: dims,
  k: dims,
  batch: fc.integer({ min: 1, max: 3 }),
  accumulate: fc.boolean(),
  tiny: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1e6 }),
});

describe("worker pool", () => {
  it("gives bit-identical results to the single-threaded kernel on random shapes", () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => pooledDiffers(pool, c) === -1),
      { numRuns: 60 },
    );
  });

  it("handles more threads than rows, columns or batch items", () => {
    const base = { dtype: "float32", transA: false, transB: true, k: 7, accumulate: false, tiny: false, seed: 3 } as const;
    for (const [m, n, batch] of [
      [1, 1, 1],
      [2, 1, 1],
      [1, 40, 1],
      [1, 1, 5],
      [3, 3, 2],
    ] as const) {
      expect(pooledDiffers(threePool, { ...base, m, n, batch })).toBe(-1);
    }
  });

  it("splits a large square product across its threads", () => {
    expect(pooledDiffers(pool, { dtype: "float32", transA: false, transB: false, m: 300, n: 200, k: 150, batch: 1, accumulate: false, tiny: false, seed: 9 })).toBe(-1);
  });

  it("reports an error raised inside a worker and stays usable", () => {
    const kernel = matmulKernel(runtime, { dtype: "float32" });
    const [m, n, k] = [64, 64, 8];
    const a = runtime.arena.alloc("float32", m * k);
    const b = runtime.arena.alloc("float32", k * n);
    // C placed so that the first half of its rows (the calling thread's part) is inside memory
    // and the second half (the worker's part) runs past its end.
    const end = runtime.linear.memory.buffer.byteLength;
    const c = { dtype: "float32", offset: end - (m / 2) * n * 4, length: m * n } as const;
    expect(() => pool.matmul(kernel, { a, b, c, m, n, k })).toThrow(/WorkerPool: matmul failed in worker \d+: .*out of bounds/);
    const ok = runtime.arena.alloc("float32", m * n);
    expect(() => pool.matmul(kernel, { a, b, c: ok, m, n, k })).not.toThrow();
  });

  it("runs on the calling thread alone when disabled, even over unshared memory", async () => {
    const plain = createRuntime();
    const off = await createPool(plain, { enabled: false });
    expect(off.threads).toBe(1);
    const kernel = matmulKernel(plain, { dtype: "float64" });
    const a = plain.arena.alloc("float64", 4);
    writeBuffer(plain.linear, a, Float64Array.from([1, 2, 3, 4]));
    const c = plain.arena.alloc("float64", 4);
    off.matmul(kernel, { a, b: a, c, m: 2, n: 2, k: 2 });
    expect(Array.from(readBuffer(plain.linear, c))).toEqual([7, 10, 15, 22]);
    await off.close();
  });

  it("refuses unshared memory, foreign kernels and use after close", async () => {
    await expect(createPool(createRuntime(), { threads: 2 })).rejects.toThrow(/memory is not shared/);
    await expect(createPool(runtime, { threads: 0 })).rejects.toThrow(/threads must be an integer in \[1, 64\], got 0/);
    const other = createRuntime({ shared: true, maximumBytes: 1 << 26 });
    const foreign = matmulKernel(other, { dtype: "float32" });
    const x = runtime.arena.alloc("float32", 1);
    expect(() => pool.matmul(foreign, { a: x, b: x, c: runtime.arena.alloc("float32", 1), m: 1, n: 1, k: 1 })).toThrow(/another runtime/);
    const short = await createPool(runtime, { threads: 2 });
    await short.close();
    await short.close(); // idempotent
    expect(() => short.matmul(matmulKernel(runtime, { dtype: "float32" }), { a: x, b: x, c: x, m: 1, n: 1, k: 1 })).toThrow(/closed/);
  });

  it("does not keep a process alive when left open", () => {
    const fixture = fileURLToPath(new URL("./fixtures/pool-left-open.ts", import.meta.url));
    const child = spawnSync(process.execPath, ["--import", "tsx", fixture], { encoding: "utf8", timeout: 30_000 });
    expect(child.stderr).toBe("");
    expect(child.stdout).toBe("matmul done\n");
    expect(child.status).toBe(0);
  });
});

describe("splitting", () => {
  const problem = (m: number, n: number, batch: number): RawMatmul => ({
    a: 0, b: 0, c: 0, m, n, k: 16, lda: 16, ldb: n, ldc: n, batch, strideA: 0, strideB: 0, strideC: m * n, accumulate: false,
  });

  it("covers [0, length) with consecutive aligned ranges", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 16 }), (length, parts, align) => {
        const ranges = splitRange(length, parts, align);
        const contiguous = ranges.every(([start], i) => start === (i === 0 ? 0 : ranges[i - 1]?.[1]));
        const covers = length === 0 ? ranges.length === 0 : ranges[ranges.length - 1]?.[1] === length;
        const aligned = ranges.slice(0, -1).every(([s, e]) => (e - s) % align === 0 && e > s);
        return contiguous && covers && aligned && ranges.length <= parts;
      }),
    );
  });

  it("prefers rows, then columns, then the batch, and leaves small problems whole", () => {
    const tile = { mr: 4, nr: 8 };
    expect(splitMatmul(problem(64, 64, 1), 2, tile, 0).map((p) => p.axis)).toEqual(["rows", "rows"]);
    expect(splitMatmul(problem(4, 64, 1), 2, tile, 0)).toEqual([
      { axis: "cols", start: 0, end: 32 },
      { axis: "cols", start: 32, end: 64 },
    ]);
    expect(splitMatmul(problem(2, 3, 4), 2, tile, 0).map((p) => p.axis)).toEqual(["batch", "batch"]);
    expect(splitMatmul(problem(64, 64, 1), 2, tile, 1e9)).toEqual([{ axis: "rows", start: 0, end: 64 }]);
    expect(splitMatmul(problem(64, 64, 1), 1, tile, 0)).toEqual([{ axis: "rows", start: 0, end: 64 }]);
  });
});
