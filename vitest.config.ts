import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // DuckDB is a native module: separate processes keep one test file's database from another's.
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
