import { defineConfig } from "vitest/config";

// Runtime tests live in test/**/*.test.ts; type-level tests in test/**/*.test-d.ts run in
// vitest's typecheck mode against their own tsconfig so that exact types are asserted.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.typetest.json",
    },
  },
});
