// Upstream data lives in ../shared/fixtures and is never copied into this repo. In a user's clone
// the folder is absent and conformance suites are reported as skipped; in CI (CI=true) a missing
// folder is a failure.
import * as fs from "fs";
import * as path from "path";
import { CORE_SCHEMA, loadAll } from "js-yaml";

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

// js-yaml with the YAML 1.2 core schema (no dates, no YAML 1.1 booleans), as Kubernetes and Helm
// read these files; it parses the large CRDs several times faster than the yaml package. Each file is
// parsed once per test file and handed out as a copy.
const parsed = new Map<string, unknown[]>();
function documents(relative: string): unknown[] {
  if (!parsed.has(relative)) parsed.set(relative, loadAll(readFixtureText(relative), null, { schema: CORE_SCHEMA }));
  return structuredClone(parsed.get(relative)!);
}

export function readFixtureYaml<T = unknown>(relative: string): T {
  const [only, ...rest] = documents(relative);
  if (rest.length > 0) throw new Error(`${relative} holds ${rest.length + 1} documents: read them as documents`);
  return only as T;
}

export function readFixtureYamlDocuments<T = unknown>(relative: string): T[] {
  return documents(relative) as T[];
}
