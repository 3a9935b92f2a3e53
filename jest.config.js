/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // The prod plans every test file reads, rendered once per run (tests/plans.ts).
  globalSetup: "<rootDir>/tests/globalSetup.ts",
  setupFiles: ["<rootDir>/tests/setup.ts"],
  // Jest's default leaves one core to itself; the run is CPU-bound, so use every core.
  maxWorkers: "100%",
  // Type-checking is `npm run typecheck`; tests only transpile, which keeps them fast.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 60000,
};
