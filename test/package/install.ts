// The package as a user installs it: `npm run build`'s output placed in a fresh
// node_modules/tygrad of a temporary folder (with its package.json, so the "exports" map decides
// what `import "tygrad"` loads, and its bin linked as npm links it), with fp-ts, io-ts and the
// optional peers fast-check and vitest beside it.

import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export const run = promisify(execFile);
export const root = join(import.meta.dirname, "..", "..");
export const bin = (name: string): string => join(root, "node_modules", ".bin", name);

export interface Installed {
  /** The consumer's folder (node_modules/ inside it). */
  readonly dir: string;
  /** node_modules/tygrad */
  readonly pkg: string;
  readonly remove: () => Promise<void>;
}

export async function installBuiltPackage(): Promise<Installed> {
  const dir = await mkdtemp(join(tmpdir(), "tygrad-package-"));
  const pkg = join(dir, "node_modules", "tygrad");
  await mkdir(join(dir, "node_modules", ".bin"), { recursive: true });
  await mkdir(pkg, { recursive: true });
  for (const file of ["package.json", "LICENSE"]) await cp(join(root, file), join(pkg, file));
  for (const dep of ["fp-ts", "io-ts", "fast-check", "vitest", "@vitest"]) await symlink(join(root, "node_modules", dep), join(dir, "node_modules", dep), "dir");
  await run(bin("tsc"), ["-p", join(root, "tsconfig.build.json"), "--outDir", join(pkg, "dist")], { cwd: root });
  await run(process.execPath, [join(root, "scripts", "bundle.mjs"), join(pkg, "dist")], { cwd: root });
  await symlink(join("..", "tygrad", "dist", "bundle", "tygrad.js"), join(dir, "node_modules", ".bin", "tygrad"));
  return { dir, pkg, remove: () => rm(dir, { recursive: true, force: true }) };
}

