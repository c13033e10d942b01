// Headless Chromium from the system's packages (Debian's /usr/bin/chromium, which .ci/run
// installs with apt-get when it is missing), driven by playwright-core over the DevTools
// protocol. No browser is ever downloaded; each launch gets a fresh profile folder, and every
// background fetch the browser would make on its own is switched off.

import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const chromiumPath = process.env["TYGRAD_CHROMIUM"] ?? "/usr/bin/chromium";

export const chromiumInstalled = (): boolean => existsSync(chromiumPath);

const flags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  readonly context: BrowserContext;
  readonly close: () => Promise<void>;
}

/** A headless Chromium with a fresh profile (its --user-data-dir), removed on close. */
export async function launchChromium(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), "tygrad-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: flags,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
