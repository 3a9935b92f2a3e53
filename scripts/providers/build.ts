// npm run providers:build (with --backups: backups:build): builds every artifact of artifacts.ts that has a Go module of ours into
// its cache directory. Idempotent: an artifact whose sources and Go version are unchanged since
// its last build is left alone. Prints one line per artifact with what it did and how long it took;
// exits 1 if an artifact with a module of ours is missing afterwards. A blocked artifact (no module
// can be built yet, docs/providers.md) is reported on every run but fails none.
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Artifact, artifacts, binaryPath, cacheDir, repoRoot } from "./artifacts";

/** The Go toolchain's version line, or undefined when `go` is not on PATH. */
export function goVersion(): string | undefined {
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  return go.status === 0 ? go.stdout.trim() : undefined;
}

/** What a build depends on: the module's go.mod, go.sum and Go files, and the toolchain. */
function sourceKey(moduleDir: string, toolchain: string): string {
  const hash = createHash("sha256").update(toolchain);
  for (const file of fs.readdirSync(moduleDir).sort()) {
    if (file === "go.mod" || file === "go.sum" || file.endsWith(".go")) {
      hash.update(`${file}\0`).update(fs.readFileSync(path.join(moduleDir, file)));
    }
  }
  return hash.digest("hex");
}

function build(a: Artifact & { module: string }, toolchain: string): string {
  const moduleDir = path.join(repoRoot, a.module);
  const stamp = path.join(cacheDir(a), "source.sha256");
  const key = sourceKey(moduleDir, `${toolchain}\0${a.package ?? "."}\0${a.ldflags ?? ""}`);
  if (fs.existsSync(binaryPath(a)) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === key) {
    return "up to date";
  }
  fs.mkdirSync(cacheDir(a), { recursive: true });
  // -mod=readonly: go.sum is committed and must already hold every module the build needs.
  const flags = a.ldflags ? ["-ldflags", a.ldflags] : [];
  const go = spawnSync("go", ["build", "-mod=readonly", "-trimpath", ...flags, "-o", binaryPath(a), a.package ?? "."], {
    cwd: moduleDir,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (go.status !== 0) throw new Error(`go build in ${a.module} failed (exit ${go.status})`);
  fs.writeFileSync(stamp, key);
  return "built";
}

/** What buildAll leaves behind: the artifacts that could not be built, and the blocked ones. */
export interface BuildResult {
  missing: Artifact[];
  blocked: Artifact[];
}

/** Builds every artifact of `suite` that has a module of ours; prints one line for each artifact. */
export function buildAll(suite: Artifact["suite"]): BuildResult {
  const toolchain = goVersion();
  const result: BuildResult = { missing: [], blocked: [] };
  for (const a of artifacts.filter((x) => x.suite === suite)) {
    const label = `${a.binary} ${a.version}`;
    const started = Date.now();
    if (a.blocked || !a.module) {
      console.log(`${label}: blocked, not built: ${a.blocked ?? "no Go module of ours builds it"}`);
      result.blocked.push(a);
      continue;
    }
    if (!toolchain) {
      console.log(`${label}: not built: Go is not installed (go is not on PATH)`);
      result.missing.push(a);
      continue;
    }
    try {
      const what = build({ ...a, module: a.module }, toolchain);
      console.log(`${label}: ${what} in ${((Date.now() - started) / 1000).toFixed(1)}s → ${binaryPath(a)}`);
    } catch (err) {
      console.log(`${label}: ${(err as Error).message}`);
      result.missing.push(a);
    }
  }
  return result;
}

function main(): number {
  const suite = process.argv.includes("--backups") ? "backups" : "providers";
  const { missing, blocked } = buildAll(suite);
  if (blocked.length > 0)
    console.log(`${blocked.length} of ${artifacts.length} artifacts are blocked (docs/providers.md)`);
  if (missing.length > 0) console.log(`${missing.length} of ${artifacts.length} artifacts failed to build`);
  return missing.length > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
