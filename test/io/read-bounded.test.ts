// readFileBounded: reads whole regular files up to a limit, and refuses the rest by value.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileBounded } from "../../src/io/read-bounded.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-read-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readFileBounded", () => {
  it("returns the file's exact bytes when it is within the limit, the limit itself included", async () => {
    const path = join(dir, "ten.bin");
    await writeFile(path, Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 255]));
    expect(await readFileBounded(path, 10)).toEqual(E.right(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 255])));
    expect(await readFileBounded(path, 1000)).toEqual(E.right(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 255])));
  });

  it("reads an empty file", async () => {
    const path = join(dir, "empty.bin");
    await writeFile(path, new Uint8Array(0));
    expect(await readFileBounded(path, 0)).toEqual(E.right(new Uint8Array(0)));
  });

  it("refuses a file over the limit, saying both sizes", async () => {
    const path = join(dir, "eleven.bin");
    await writeFile(path, new Uint8Array(11));
    const result = await readFileBounded(path, 10);
    expect(result).toEqual(
      E.left({
        _tag: "FileError",
        op: "readFileBounded",
        path,
        code: "TOO_LARGE",
        message: `readFileBounded(${JSON.stringify(path)}): the file has 11 bytes, more than the limit of 10`,
      }),
    );
  });

  it("reports a missing file with the system's code", async () => {
    const result = await readFileBounded(join(dir, "absent.bin"), 10);
    expect(E.isLeft(result) && result.left.code).toBe("ENOENT");
    expect(E.isLeft(result) && result.left.message).toMatch(/readFileBounded\(".*absent\.bin"\): failed to open the file/);
  });

  it("refuses a directory", async () => {
    const result = await readFileBounded(dir, 10);
    expect(E.isLeft(result) && result.left.code).toBe("NOT_A_FILE");
  });

  it("throws on a limit that is not a non-negative integer", async () => {
    await expect(readFileBounded(join(dir, "ten.bin"), -1)).rejects.toThrow("readFileBounded: maxBytes must be a non-negative integer, got -1");
    await expect(readFileBounded(join(dir, "ten.bin"), 1.5)).rejects.toThrow(RangeError);
  });
});
