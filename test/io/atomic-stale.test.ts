// Temporary files left by saves killed mid-write (SIGKILL gives no chance to clean up) are removed
// by the next save of the same target. Six writers are killed one after another in one folder
// while they save; after each kill at most that writer's own temporary file remains (the next
// writer removed the earlier ones before its first save), and a final save leaves none. Only
// names of writeFileAtomic's own pattern whose process is gone are touched.

import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeStaleTemporaries, writeFileAtomic } from "../../src/io/atomic.js";
import { decodeSafetensors } from "../../src/io/safetensors.js";

const CHILD = fileURLToPath(new URL("./fixtures/save-loop.ts", import.meta.url));
const MEGABYTES = 16;
const WRITERS = 6;

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-stale-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const temporaries = async (): Promise<string[]> => (await readdir(dir)).filter((n) => n.endsWith(".tmp")).sort();

/** Starts a writer, kills it (SIGKILL) once its second save has created its temporary file. */
const killDuringSecondSave = (target: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, target, String(MEGABYTES)], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    const mine = `.${"model.safetensors"}.${child.pid}.`;
    const watcher = watch(dir, (_event, name) => {
      if (name?.startsWith(mine) === true && name.endsWith(".tmp") && stdout.includes("writing 2\n")) child.kill("SIGKILL");
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      // A kill that missed every save in flight: stop anyway (the trial then leaves no temporary file).
      if (stdout.includes("saved 6\n")) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", () => {
      watcher.close();
      resolve(child.pid ?? -1);
    });
  });

describe("writeFileAtomic removes temporary files of killed saves", () => {
  it(`after ${WRITERS} writers killed mid-save, at most the last one's temporary file remains, and the next save removes it`, async () => {
    const target = join(dir, "model.safetensors");
    const seen: string[][] = [];
    for (let i = 0; i < WRITERS; i++) {
      const pid = await killDuringSecondSave(target);
      const left = await temporaries();
      seen.push(left);
      // Anything left belongs to the writer just killed: the earlier writers' files were removed.
      expect(left.every((n) => n.startsWith(`.model.safetensors.${pid}.`)), JSON.stringify(left)).toBe(true);
      expect(left.length).toBeLessThanOrEqual(1);
    }
    // The kills did land mid-save, leaving files to clean (else this test would prove nothing).
    expect(seen.filter((l) => l.length === 1).length).toBeGreaterThanOrEqual(2);
    // The target still decodes to a whole generation, and one more save leaves no temporary file.
    const before = decodeSafetensors(new Uint8Array(await readFile(target)));
    expect(E.isRight(before)).toBe(true);
    expect(E.isRight(await writeFileAtomic(target, new Uint8Array([1, 2, 3])))).toBe(true);
    expect(await temporaries()).toEqual([]);
  }, 120_000);

  it("leaves live processes' temporary files, other names and other targets alone", async () => {
    const target = join(dir, "other.bin");
    const hex = "0123456789ab";
    // A process that has exited (its pid is free), the parent of this one (alive), this one (not saving).
    const exited = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ["-e", ""]);
      child.on("exit", () => resolve(child.pid ?? -1));
    });
    const names = {
      dead: `.other.bin.${exited}.${hex}.tmp`,
      ownIdle: `.other.bin.${process.pid}.${hex}.tmp`,
      alive: `.other.bin.${process.ppid}.${hex}.tmp`,
      otherTarget: `.model2.safetensors.${exited}.${hex}.tmp`,
      notOurs: `.other.bin.${exited}.notHex123456.tmp`,
      plain: "notes.tmp",
    };
    for (const name of Object.values(names)) await writeFile(join(dir, name), "x");
    const removed = await removeStaleTemporaries(target);
    expect([...removed].sort()).toEqual([names.dead, names.ownIdle].sort());
    const left = await temporaries();
    for (const name of [names.alive, names.otherTarget, names.notOurs, names.plain]) expect(left).toContain(name);
    for (const name of [names.dead, names.ownIdle]) expect(left).not.toContain(name);
  });
});
