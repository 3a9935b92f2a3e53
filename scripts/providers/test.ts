// npm run test:providers: the provider suite. Builds what it can (as providers:build does), then
// runs what exists: every node's Talos machine config of the prod plan, generated as the Talos
// plugin generates it and validated as the nodes validate it, then the suite's own tests, which
// show the loop refusing broken configs (tests/providerSuite). Prints its figures and exits 1 on any
// failure. The two plugins are blocked (docs/providers.md): they are reported, and fail nothing
// by themselves. Without Go nothing runs: it says so, and exits 1 under CI=true.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { artifacts, repoRoot } from "./artifacts";
import { buildAll, goVersion } from "./build";
import { renderProgram } from "../../planner/program";
import { checkTalosConfigs, talosTools } from "./talosConfigs";

const version = (binary: string) => artifacts.find((a) => a.binary === binary)!.version;

/** The suite's Jest tests; the number that passed, or undefined when any failed. */
function runSuiteTests(): number | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "providers-"));
  const results = path.join(dir, "results.json");
  const jest = spawnSync(
    process.execPath,
    [
      require.resolve("jest/bin/jest"),
      "--config",
      "tests/providerSuite/jest.config.js",
      "--json",
      `--outputFile=${results}`,
    ],
    { cwd: repoRoot, stdio: "inherit" },
  );
  const passed = fs.existsSync(results)
    ? (JSON.parse(fs.readFileSync(results, "utf8")) as { numPassedTests: number }).numPassedTests
    : 0;
  fs.rmSync(dir, { recursive: true, force: true });
  return jest.status === 0 ? passed : undefined;
}

async function main(): Promise<number> {
  console.log("== artifacts");
  const { missing, blocked } = buildAll("providers");
  if (missing.length > 0) {
    const noGo = !goVersion();
    if (noGo) console.log("Go is not installed (go is not on PATH): the provider suite builds its tools with Go 1.26.");
    console.log(`the provider suite did not run: ${missing.map((a) => a.binary).join(", ")} not built`);
    return noGo && process.env.CI !== "true" ? 0 : 1;
  }

  console.log("\n== Talos machine configs of the offline plan (Pulumi.prod.yaml)");
  const report = checkTalosConfigs(await renderProgram(), talosTools());
  for (const line of report.errors) console.log(`error: ${line}`);
  for (const line of report.warnings) console.log(`warning: ${line}`);
  console.log(
    `${report.invocations} getConfiguration invocations: ${report.generated} machine configs generated ` +
      `(talos-generate, machinery ${version("talos-generate")}), ${report.validated} validated ` +
      `(talos-validate, machinery ${version("talos-validate")}, cloud mode); ` +
      `${report.errors.length} errors, ${report.warnings.length} warnings`,
  );
  // No invocation at all would make the check vacuous: the program always generates its nodes' configs.
  const configsOk = report.invocations > 0 && report.errors.length === 0 && report.validated === report.invocations;

  console.log("\n== the suite's tests (tests/providerSuite)");
  const testsPassed = runSuiteTests();

  console.log("\n== blocked, not run");
  for (const a of blocked) console.log(`${a.binary} ${a.version}: ${a.blocked}`);
  console.log(
    "\nfigures: resources checked 0, diffs verified 0 (plugins blocked); " +
      `machine configs generated ${report.generated}, validated ${report.validated} of ${report.invocations}; ` +
      `suite tests passed ${testsPassed ?? "(failures above)"}`,
  );
  return configsOk && testsPassed !== undefined ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
