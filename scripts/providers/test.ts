// npm run test:providers: the provider suite. Builds what it can (as providers:build does), then
// runs what exists: every proxmoxve resource of the prod and four-node plans, validated and planned
// by bpg's Terraform provider (the one pulumi-proxmoxve bridges) under OpenTofu, and the change
// gate's Proxmox replace rules put to it; every node's Talos machine config of the prod plan,
// generated as the Talos plugin generates it and validated as the nodes validate it; then the
// suite's own tests (tests/providerSuite). Prints its figures and exits 1 on any failure. The two
// Pulumi plugins are blocked (docs/providers.md): they are reported, and fail nothing by
// themselves. Without Go nothing runs: it says so, and exits 1 under CI=true.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { artifacts, repoRoot } from "./artifacts";
import { buildAll, goVersion } from "./build";
import { renderProgram } from "../../planner/program";
import { checkTalosConfigs, talosTools } from "./talosConfigs";
import { readInventory } from "../../planner/stackFile";
import { checkProxmoxResources, closedPort, proxmoxTools, terraformResources, Tofu } from "./proxmox";
import { ruleInputs, runProbes } from "./proxmoxRules";
import { compareSdk } from "./sdkInputs";

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

  const prod = await renderProgram();
  const proxmoxOk = await proxmoxPart(prod);

  console.log("\n== Talos machine configs of the offline plan (Pulumi.prod.yaml)");
  const report = checkTalosConfigs(prod, talosTools());
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
    `\nfigures: resources checked ${proxmoxOk.checked}, replace rules verified ${proxmoxOk.verified} of ${proxmoxOk.rules}, ` +
      `in-place changes confirmed ${proxmoxOk.inPlace}; ` +
      `machine configs generated ${report.generated}, validated ${report.validated} of ${report.invocations}; ` +
      `suite tests passed ${testsPassed ?? "(failures above)"}`,
  );
  return proxmoxOk.ok && configsOk && testsPassed !== undefined ? 0 : 1;
}

/** The Proxmox part: the SDK against the schema, each plan's resources, the replace rules. */
async function proxmoxPart(prod: Awaited<ReturnType<typeof renderProgram>>) {
  const tofu = new Tofu(proxmoxTools(), await closedPort());
  try {
    const schema = tofu.schema();
    console.log(
      `\n== pulumi-proxmoxve ${version("pulumi-resource-proxmoxve")} against bpg ${version("terraform-provider-proxmox")}'s schema`,
    );
    const sdk = compareSdk(schema);
    for (const d of sdk.differences) console.log(`error: ${d}`);
    console.log(`${sdk.compared} resources compared: ${sdk.differences.length} differ`);

    let checked = 0;
    let ok = sdk.differences.length === 0;
    const four = await renderProgram({
      inventory: readInventory(`${repoRoot}/tests/inventories/Pulumi.four-node.yaml`),
    });
    for (const [label, plan] of [
      ["Pulumi.prod.yaml", prod],
      ["the four-node inventory (tests/inventories)", four],
    ] as const) {
      console.log(`\n== proxmoxve resources of ${label}: validate and plan, offline`);
      const r = checkProxmoxResources(plan, tofu, schema);
      for (const e of r.errors) console.log(`error: ${e}`);
      for (const w of r.warnings) console.log(`warning: ${w}`);
      console.log(
        `${r.checked} resources validated and planned as creates; ${r.errors.length} errors, ${r.warnings.length} warnings`,
      );
      checked += r.checked;
      ok &&= r.errors.length === 0 && r.checked > 0;
    }

    console.log("\n== the change gate's Proxmox replace rules (infra/proxmox/safety.ts), put to the provider");
    const { resources } = terraformResources(prod, schema);
    tofu.write(resources);
    const results = runProbes(tofu, schema, resources, tofu.plan().planned);
    for (const r of results) {
      const change = r.probe.set.map(([p, v]) => `${p} = ${JSON.stringify(v)}`).join(", ");
      console.log(
        `${r.agrees ? "ok  " : "FAIL"} ${r.resource}: ${change}: the gate says ${r.expected}, the provider plans ${r.planned}`,
      );
    }
    const rules = ruleInputs();
    const verified = rules.filter((rule) =>
      results.some((r) => r.agrees && r.expected === "replace" && r.covers.includes(rule)),
    );
    for (const rule of rules.filter((x) => !verified.includes(x))) console.log(`not verified: ${rule}`);
    const inPlace = results.filter((r) => r.agrees && r.expected === "in place").length;
    ok &&= results.every((r) => r.agrees);
    return { ok, checked, verified: verified.length, rules: rules.length, inPlace };
  } finally {
    tofu.remove();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
