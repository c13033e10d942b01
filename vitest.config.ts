import { defineConfig } from "vitest/config";

// Runtime tests live in test/**/*.test.ts; type-level tests in test/**/*.test-d.ts run in
// vitest's typecheck mode against their own tsconfig so that exact types are asserted.
// The browser and runtime tests run apart, in `npm run test:browser`.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Browsers and other runtimes: `npm run test:browser` (vitest.browser.config.ts).
    exclude: ["test/browser/**", "test/runtimes/**", "**/node_modules/**"],
    testTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.typetest.json",
    },
  },
});
