import { defineConfig } from "vitest/config";

// `npm run test:browser`: the package in headless Chromium (test/browser) and in Deno and Bun
// (test/runtimes). Kept out of `npm test` for time; .ci/run runs both.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts", "test/runtimes/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
