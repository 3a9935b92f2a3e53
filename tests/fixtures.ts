// Upstream data lives in ../shared/fixtures and is never copied into this repo. In a user's clone
// the folder is absent and conformance suites are reported as skipped; in CI (CI=true) a missing
// folder is a failure.
import * as fs from "fs";
import * as path from "path";
import { parse, parseAllDocuments } from "yaml";

export const fixturesDir = path.resolve(__dirname, "..", "..", "shared", "fixtures");
export const fixturesPresent = fs.existsSync(fixturesDir);

if (!fixturesPresent && process.env.CI === "true") {
  throw new Error(
    `CI=true but the upstream fixtures are missing at ${fixturesDir}: clone with ../shared beside the repo`,
  );
}

/** `describe` when the fixtures are present, a reported skip otherwise. */
export const describeConformance: jest.Describe = fixturesPresent ? describe : describe.skip;

export function fixturePath(relative: string): string {
  return path.join(fixturesDir, relative);
}

export function readFixtureText(relative: string): string {
  return fs.readFileSync(fixturePath(relative), "utf8");
}

export function readFixtureJson<T = unknown>(relative: string): T {
  return JSON.parse(readFixtureText(relative)) as T;
}

export function readFixtureYaml<T = unknown>(relative: string): T {
  return parse(readFixtureText(relative)) as T;
}

export function readFixtureYamlDocuments<T = unknown>(relative: string): T[] {
  return parseAllDocuments(readFixtureText(relative)).map((d) => d.toJSON() as T);
}
