// Readers refuse what is not a regular file before opening it, so a FIFO (which blocks an open
// until a writer comes) or a device cannot hang them; directory creation is bounded and does not
// loop under /proc. Every call runs against a 5 s deadline: a hang fails the test rather than
// stalling the suite.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCsvFile } from "../../src/data/csv.js";
import { loadIdxFile, loadMnist } from "../../src/data/idx.js";
import { loadCheckpoint } from "../../src/io/checkpoint.js";
import { makeDirectory, MAX_NEW_DIRECTORIES } from "../../src/io/make-directory.js";
import { readFileBounded } from "../../src/io/read-bounded.js";
import { zeros } from "../../src/tensor/index.js";

const DEADLINE_MS = 5000;
const withinDeadline = <A>(what: string, p: Promise<A>): Promise<A> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} still running after ${DEADLINE_MS} ms: it hangs`)), DEADLINE_MS).unref())]);

let dir = "";
let fifo = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-kind-"));
  fifo = join(dir, "pipe");
  execFileSync("mkfifo", [fifo]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const messageOf = (r: E.Either<{ readonly message: string }, unknown>): string => (E.isLeft(r) ? r.left.message : "(no error)");

describe("readers refuse non-regular files without opening them", () => {
  it("a FIFO with no writer: readFileBounded, loadIdxFile, loadCsvFile and loadCheckpoint answer at once", async () => {
    const read = await withinDeadline("readFileBounded", readFileBounded(fifo, 100));
    expect(read).toEqual(E.left({ _tag: "FileError", op: "readFileBounded", path: fifo, code: "NOT_A_FILE", message: `readFileBounded(${JSON.stringify(fifo)}): is a FIFO (named pipe), not a regular file` }));
    expect(messageOf(await withinDeadline("loadIdxFile", loadIdxFile(fifo)))).toContain("is a FIFO (named pipe), not a regular file");
    expect(messageOf(await withinDeadline("loadCsvFile", loadCsvFile(fifo)))).toContain("is a FIFO (named pipe), not a regular file");
    const expected = { params: { w: zeros([2]) }, optState: null };
    expect(await withinDeadline("loadCheckpoint", loadCheckpoint(fifo, expected))).toEqual(E.left({ _tag: "CheckpointError", path: "file", message: `readFileBounded(${JSON.stringify(fifo)}): is a FIFO (named pipe), not a regular file` }));
  });

  it("an MNIST folder whose images file is a FIFO", async () => {
    const mnist = join(dir, "mnist");
    execFileSync("mkdir", [mnist]);
    execFileSync("mkfifo", [join(mnist, "t10k-images-idx3-ubyte")]);
    await writeFile(join(mnist, "t10k-labels-idx1-ubyte"), Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 0]));
    expect(messageOf(await withinDeadline("loadMnist", loadMnist(mnist)))).toContain("t10k-images-idx3-ubyte\"): is a FIFO (named pipe), not a regular file");
  });

  it("a character device that never ends (/dev/zero) and a directory", async () => {
    expect(messageOf(await withinDeadline("/dev/zero", readFileBounded("/dev/zero", 100)))).toBe('readFileBounded("/dev/zero"): is a character device, not a regular file');
    expect(messageOf(await withinDeadline("a directory", readFileBounded(dir, 100)))).toBe(`readFileBounded(${JSON.stringify(dir)}): is a directory, not a regular file`);
  });
});

describe("makeDirectory", () => {
  it("creates missing levels outermost first and reports them; an existing directory is fine", async () => {
    const deep = join(dir, "a", "b", "c");
    expect(await makeDirectory(deep)).toEqual(E.right([join(dir, "a"), join(dir, "a", "b"), deep]));
    expect(await makeDirectory(deep)).toEqual(E.right([]));
  });

  it("under /proc and /sys: an error at once instead of looping (Node's recursive mkdir never returns for /proc/x)", async () => {
    const proc = await withinDeadline("makeDirectory(/proc/x)", makeDirectory("/proc/tygrad-x/y"));
    expect(messageOf(proc)).toMatch(/^makeDirectory\("\/proc\/tygrad-x\/y"\): failed to create the directory "\/proc\/tygrad-x": /);
    const sys = await withinDeadline("makeDirectory(/sys/x)", makeDirectory("/sys/tygrad-x"));
    expect(E.isLeft(sys) && sys.left.code).toMatch(/^(EPERM|EACCES|EROFS|ENOENT)$/);
  });

  it("a file in the way, and more than MAX_NEW_DIRECTORIES levels: refused, nothing created", async () => {
    const file = join(dir, "plain.txt");
    await writeFile(file, "x");
    expect(await makeDirectory(file)).toEqual(E.left({ _tag: "FileError", op: "makeDirectory", path: file, code: "ENOTDIR", message: `makeDirectory(${JSON.stringify(file)}): is a regular file, not a directory` }));
    expect(messageOf(await makeDirectory(join(file, "sub")))).toBe(`makeDirectory(${JSON.stringify(join(file, "sub"))}): ${JSON.stringify(file)} is a regular file, not a directory, so nothing can be created under it`);
    const tooDeep = join(dir, "deep", ...Array.from({ length: MAX_NEW_DIRECTORIES }, (_, i) => `d${i}`));
    expect(messageOf(await makeDirectory(tooDeep))).toBe(`makeDirectory(${JSON.stringify(tooDeep)}): more than ${MAX_NEW_DIRECTORIES} directory levels would have to be created`);
    expect(existsSync(join(dir, "deep"))).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(["a", "mnist", "pipe", "plain.txt"]);
  });
});
