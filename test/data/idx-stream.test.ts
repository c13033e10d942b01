// loadIdxFile reads as a stream: the header is checked from the first inflated bytes, the data is
// allocated at the size the dims allow (and maxBytes permits), and inflating stops as soon as the
// file holds more. Each load runs in a fresh process whose peak RSS is compared with the same
// process doing nothing. Before, a 1 MB .gz inflating to 1 GiB with a bad magic number peaked at
// 2.2 GB (the whole file was inflated before its first four bytes were read).

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMeasured } from "./peak-rss.js";

const MiB = 2 ** 20;
let dir = "";
let baseline = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-idx-stream-"));
  baseline = (await runMeasured(`await import(root + "/src/data/idx.ts");`)).peakMiB;
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The 16-byte header of an unsigned-byte IDX file of rank 3. */
const header3 = (n: number, rows: number, cols: number): Buffer => {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(0x00000803, 0);
  b.writeUInt32BE(n, 4);
  b.writeUInt32BE(rows, 8);
  b.writeUInt32BE(cols, 12);
  return b;
};

/** A gzip file of several members: `first`, then 32 members of 32 MiB of zeros (1 GiB from about 1 MiB). */
const bomb = (first: Buffer): Buffer => {
  const zeros = gzipSync(Buffer.alloc(32 * MiB));
  return Buffer.concat([gzipSync(first), ...Array.from({ length: 32 }, () => zeros)]);
};

const load = (path: string, maxBytes?: number) =>
  runMeasured(`
    const { loadIdxFile } = await import(root + "/src/data/idx.ts");
    const r = await loadIdxFile(${JSON.stringify(path)}${maxBytes === undefined ? "" : `, { maxBytes: ${maxBytes} }`});
    console.log(r._tag === "Left" ? r.left.reason + ": " + r.left.message : "Right " + r.right.dtype + " " + r.right.shape.join("x"));
  `, 120_000);

describe("loadIdxFile against gzip bombs, with peak memory", () => {
  it("a bad magic number: refused after the first bytes, peak under baseline + 48 MiB", async () => {
    const path = join(dir, "bad-magic.gz");
    const file = bomb(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(file.length).toBeLessThan(2 * MiB);
    await writeFile(path, file);
    const run = await load(path);
    expect(run.output).toBe(`header: ${path}: parseIdx: bad magic number 0xDEADBEEF; expected 0x0000, then a type code and a rank (e.g. 0x00000803)`);
    expect(run.peakMiB - baseline).toBeLessThan(48);
  }, 120_000);

  it("a good header for 100 images followed by 1 GiB: refused once the data passes 78,400 bytes, peak under baseline + 48 MiB", async () => {
    const path = join(dir, "too-long.gz");
    await writeFile(path, bomb(header3(100, 28, 28)));
    const run = await load(path);
    expect(run.output).toBe(`size: ${path}: parseIdx: dims [100, 28, 28] of unsigned byte need 78400 bytes of data, but more than 78400 follow the header`);
    expect(run.peakMiB - baseline).toBeLessThan(48);
  }, 120_000);

  it("a header claiming more than maxBytes: refused from the header, before allocating", async () => {
    const path = join(dir, "claims.gz");
    await writeFile(path, gzipSync(header3(60_000, 28, 28)));
    const run = await load(path, 16 * MiB);
    expect(run.output).toBe(`too-large: ${path}: parseIdx: dims [60000, 28, 28] of unsigned byte make 47040016 bytes, more than options.maxBytes = ${16 * MiB}`);
    expect(run.peakMiB - baseline).toBeLessThan(16);
    const huge = join(dir, "huge.gz");
    await writeFile(huge, gzipSync(header3(2 ** 32 - 1, 2 ** 16, 2 ** 16)));
    expect((await load(huge)).output).toBe(`too-large: ${huge}: parseIdx: dims [4294967295, 65536, 65536] of unsigned byte make 18446744069414584336 bytes, more than options.maxBytes = ${2 ** 30}`);
  }, 120_000);

  it("a true 16 MB file (20,000 images) loads with peak under baseline + 16 MB + 32 MiB; a short one is refused", async () => {
    const path = join(dir, "train-images-idx3-ubyte.gz");
    const pixels = Buffer.alloc(20_000 * 784);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 131) % 256;
    await writeFile(path, gzipSync(Buffer.concat([header3(20_000, 28, 28), pixels])));
    const run = await load(path);
    expect(run.output).toBe("Right uint8 20000x28x28");
    expect(run.peakMiB - baseline).toBeLessThan(pixels.length / MiB + 32);
    const short = join(dir, "short.gz");
    await writeFile(short, gzipSync(Buffer.concat([header3(10, 28, 28), Buffer.alloc(7000)])));
    expect((await load(short)).output).toBe(`size: ${short}: parseIdx: dims [10, 28, 28] of unsigned byte need 7840 bytes of data, but 7000 follow the header`);
  }, 120_000);
});
