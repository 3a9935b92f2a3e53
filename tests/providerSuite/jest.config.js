// The provider suite's own tests, run by `npm run test:providers` after it has built the Go tools:
// they need Go-built binaries, so their files end in .providers.ts, which the root config (`npm
// test`, *.test.ts) never matches.
// Same environment and transform as the root config; Jest loads CommonJS configs.
const root = require("../../jest.config.js");

module.exports = {
  ...root,
  rootDir: "../..",
  roots: ["<rootDir>/tests/providerSuite"],
  testMatch: ["**/*.providers.ts"],
  // These tests render their own plan; the root's prod plans are not needed.
  globalSetup: undefined,
};
