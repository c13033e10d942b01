// The built package installed for one test file (see install.ts), kept apart from install.ts so
// that scripts outside vitest (bench/browser) can install it too.

import { afterAll, beforeAll } from "vitest";
import { installBuiltPackage, type Installed } from "./install.js";

/** Installs the package before the file's tests and removes it after; the result, once installed. */
export function installedForTests(): () => Installed {
  let installed: Installed | undefined;
  beforeAll(async () => {
    installed = await installBuiltPackage();
  }, 120_000);
  afterAll(async () => {
    await installed?.remove();
  });
  return () => {
    if (installed === undefined) throw new Error("the package is installed in beforeAll");
    return installed;
  };
}
