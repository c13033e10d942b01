// writeFileAtomic in the ordinary cases: it writes, replaces, leaves no temporary files behind,
// and on failure reports the step, cleans up, and leaves the target as it was.
// (Killing a writer mid-save is tested in atomic-kill.test.ts.)

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryPathFor, writeFileAtomic } from "../../src/io/atomic.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-atomic-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("creates a file with exactly the given bytes", async () => {
    const path = join(dir, "new.bin");
    expect(await writeFileAtomic(path, Uint8Array.from([1, 2, 3]))).toEqual(E.right(undefined));
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
  });

  it("replaces an existing file, longer or shorter, and leaves nothing else in the directory", async () => {
    const sub = await mkdtemp(join(dir, "replace-"));
    const path = join(sub, "model.safetensors");
    await writeFile(path, new Uint8Array(1000).fill(7));
    expect(E.isRight(await writeFileAtomic(path, Uint8Array.from([9, 9])))).toBe(true);
    expect([...(await readFile(path))]).toEqual([9, 9]);
    expect(E.isRight(await writeFileAtomic(path, new Uint8Array(5000).fill(4)))).toBe(true);
    expect(await readFile(path)).toEqual(Buffer.alloc(5000, 4));
    expect(await readdir(sub)).toEqual(["model.safetensors"]);
  });

  it("puts its temporary file next to the target, hidden and unique", () => {
    const a = temporaryPathFor("/data/run/ckpt.bin");
    const b = temporaryPathFor("/data/run/ckpt.bin");
    expect(a).toMatch(/^\/data\/run\/\.ckpt\.bin\.\d+\.[0-9a-f]{12}\.tmp$/);
    expect(a).not.toBe(b);
  });

  it("reports a missing directory with the step and the system's code", async () => {
    const path = join(dir, "no-such-dir", "x.bin");
    const result = await writeFileAtomic(path, Uint8Array.from([1]));
    expect(E.isLeft(result) && result.left).toMatchObject({ _tag: "FileError", op: "writeFileAtomic", path, code: "ENOENT" });
    expect(E.isLeft(result) && result.left.message).toMatch(/failed to create the temporary file/);
  });

  it("when the final rename fails, removes its temporary file and leaves the target untouched", async () => {
    const sub = await mkdtemp(join(dir, "rename-"));
    const target = join(sub, "occupied");
    await mkdir(target);
    await writeFile(join(target, "keep.txt"), "still here");
    const result = await writeFileAtomic(target, Uint8Array.from([1, 2, 3]));
    expect(E.isLeft(result) && result.left.message).toMatch(/failed to rename the temporary file over the target/);
    expect(await readdir(sub)).toEqual(["occupied"]);
    expect(await readFile(join(target, "keep.txt"), "utf8")).toBe("still here");
  });
});
