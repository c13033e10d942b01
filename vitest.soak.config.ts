import { defineConfig } from "vitest/config";

// Slow soak tests (test/**/*.soak.ts): `npm run test:soak`, run by .ci/run after `npm test`.
export default defineConfig({
  test: {
    include: ["test/**/*.soak.ts"],
    testTimeout: 300_000,
    // the soak collects garbage itself to show that dropped programs give their memory back
    execArgv: ["--expose-gc"],
  },
});
