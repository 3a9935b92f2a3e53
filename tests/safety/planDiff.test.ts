// The change gate on real re-renders of the program: a version bump, an inventory change or a
// lowered contract is made where a pull request would make it, and the real rules judge it.
import { safetyModel } from "../../infra/safety";
import * as versions from "../../infra/versions";
import { diffPlans, gateExitCode, isLowered } from "../../scripts/diff/diffPlans";
import { formatReport } from "../../scripts/diff/format";
import { variant } from "../config/variants";
import { Plan, renderPlan } from "../harness/plan";

const versionsModule = "../../infra/versions";

/** The prod program with some versions changed, as a Renovate or revert commit would. */
async function withVersions(changed: { [K in keyof typeof versions]?: string }): Promise<Plan> {
  jest.doMock(versionsModule, () => ({ ...jest.requireActual(versionsModule), ...changed }));
  try {
    return await renderPlan();
  } finally {
    jest.dontMock(versionsModule);
  }
}

const byName = (plan: Plan, type: string, name: string) =>
  plan.resources.find((r) => r.type === type && r.name === name)!;
const vmType = "proxmoxve:index/vmLegacy:VmLegacy";

let base: Plan;
beforeAll(async () => {
  base = await renderPlan();
});

describe("plan:diff gate on version bumps", () => {
  test("a Talos patch bump passes and rolls metal0 → metal1 → metal2, then re-applies their configs", async () => {
    const report = diffPlans(base, await withVersions({ talosVersion: "v1.12.4" }), safetyModel);
    expect(report.violations).toEqual([]);
    expect(gateExitCode(report, false)).toBe(0);
    expect(report.rolls.map((r) => [r.nodes, r.sequential, r.changes.map((c) => [c.path, c.base, c.head])])).toEqual([
      [["metal0", "metal1", "metal2"], true, [["environment.TARGET_VERSION", "v1.12.3", "v1.12.4"]]],
      [
        ["metal0"],
        false,
        [
          [
            "configPatches[0].machine.install.image",
            expect.stringMatching(/:v1\.12\.3$/),
            expect.stringMatching(/:v1\.12\.4$/),
          ],
        ],
      ],
      [
        ["metal1", "metal2"],
        false,
        [
          [
            "configPatches[0].machine.install.image",
            expect.stringMatching(/:v1\.12\.3$/),
            expect.stringMatching(/:v1\.12\.4$/),
          ],
        ],
      ],
    ]);
    // No VM changes (importFrom is ignored) and the PKI keeps its contract.
    expect(report.changed.filter((c) => c.type === vmType || c.type.startsWith("talos:machine/secrets"))).toEqual([]);
    expect(formatReport(report)).toContain(
      '- **metal0 → metal1 → metal2** — Talos OS upgrade, one node at a time, health-gated (talosctl upgrade): `environment.TARGET_VERSION` "v1.12.3" → "v1.12.4"',
    );
  });

  test("a Kubernetes bump passes and shows the roll: metal0 → metal1 → metal2 — 1.35.0 → 1.35.1", async () => {
    const report = diffPlans(base, await withVersions({ kubernetesVersion: "v1.35.1" }), safetyModel);
    expect(gateExitCode(report, false)).toBe(0);
    expect(report.rolls.map((r) => [r.what, r.nodes, r.changes.map((c) => [c.path, c.base, c.head])])).toEqual([
      [
        "Kubernetes upgrade, one node at a time (talosctl upgrade-k8s)",
        ["metal0", "metal1", "metal2"],
        [["environment.TARGET_KUBERNETES", "1.35.0", "1.35.1"]],
      ],
      [
        expect.stringContaining("machine config re-applied"),
        ["metal0", "metal1", "metal2"],
        [["kubernetesVersion", "1.35.0", "1.35.1"]],
      ],
    ]);
    expect(formatReport(report)).toContain("### Rolls nodes");
  });

  test("lowering the config contract does not replace the secrets (they keep the version they were created with)", async () => {
    const head = await withVersions({ talosConfigContract: "v1.11" });
    const report = diffPlans(base, head, safetyModel);
    expect(report.changed.filter((c) => c.type === "talos:machine/secrets:Secrets")).toEqual([]);
    expect(report.violations).toEqual([]);
    expect(report.rolls.flatMap((r) => r.changes.map((c) => [c.path, c.base, c.head]))).toEqual([
      ["talosVersion", "v1.12", "v1.11"],
    ]);
  });

  test("without its ignoreChanges, a lowered contract would replace the protected secrets, and the gate says so", async () => {
    const head = await withVersions({ talosConfigContract: "v1.11" });
    const secrets = head.resources.find((r) => r.type === "talos:machine/secrets:Secrets")!;
    secrets.options.ignoreChanges = []; // as if the option were deleted in the same pull request
    const report = diffPlans(base, head, safetyModel);
    expect(report.violations.map((v) => [v.urn, v.action])).toEqual([[secrets.urn, "replace"]]);
    expect(report.violations[0].why[0]).toContain('`talosVersion` changes "v1.12" → "v1.11"');
  });

  test("the secrets rule replaces on a lowering only, in semver order", () => {
    expect(isLowered("v1.12.3", "v1.12")).toBe(true);
    expect(isLowered("v1.12", "v1.12.4")).toBe(false);
    expect(isLowered("v1.12", "v1.13")).toBe(false);
    expect(isLowered("v1.12", "v1.12")).toBe(false);
  });

  test("a Cilium chart bump is an in-place update of its release", async () => {
    const report = diffPlans(base, await withVersions({ ciliumChartVersion: "1.19.7" }), safetyModel);
    expect(
      report.changed.map((c) => [c.subject, c.inputs.map((i) => [i.path, i.base, i.head]), c.replaceCauses]),
    ).toEqual([["cilium", [["version", "1.19.6", "1.19.7"]], []]]);
    expect(gateExitCode(report, false)).toBe(0);
  });
});

describe("plan:diff gate on inventory changes", () => {
  test("a new VM id for metal1 fails the gate, naming metal1, the input and the rule; its config apply is replaced with it", async () => {
    const head = await renderPlan({ inventory: variant("nodes.metal1.vmId", 117) });
    const report = diffPlans(base, head, safetyModel);
    const vm = byName(base, vmType, "portkey-metal1");
    expect(report.violations.map((v) => [v.subject, v.urn, v.action])).toEqual([["metal1", vm.urn, "replace"]]);
    expect(report.violations[0].why[0]).toMatch(/^`vmId` changes 107 → 117, which forces a replacement \(rule `vmId`/);
    const apply = byName(base, "talos:machine/configurationApply:ConfigurationApply", "portkey-metal1");
    expect(report.changed.find((c) => c.urn === apply.urn)!.replaceCauses.map((c) => [c.rule, c.head])).toEqual([
      ["replaceWith", vm.urn],
    ]);
    expect(gateExitCode(report, false)).toBe(1);
    expect(gateExitCode(report, true)).toBe(0);
    expect(formatReport(report, true)).toContain("**Gate: passed by override** (`allow-replace` label)");
  });

  test("removing paperless from the backup table flags its ReplicationSource and restic Secret", async () => {
    const head = await renderPlan({ inventory: variant("backups.apps.paperless", undefined) });
    const report = diffPlans(base, head, safetyModel);
    const blocked = report.violations.map((v) => [v.type, v.subject, v.action]);
    expect(blocked).toEqual(
      expect.arrayContaining([
        ["kubernetes:volsync.backube/v1alpha1:ReplicationSource", "paperless/paperless", "delete"],
        ["kubernetes:core/v1:Secret", "paperless/paperless-restic", "delete"],
      ]),
    );
    expect(gateExitCode(report, false)).toBe(1);
  });

  test("more memory for metal1 is an update that waits for a power cycle, and the report names it", async () => {
    const head = await renderPlan({ inventory: variant("nodes.metal1.memoryGiB", 28) });
    const report = diffPlans(base, head, safetyModel);
    expect(report.violations).toEqual([]);
    expect(report.powerCycles.map((p) => [p.subject, p.changes.map((c) => [c.path, c.base, c.head])])).toEqual([
      ["metal1", [["memory.dedicated", 27648, 28672]]],
    ]);
    expect(formatReport(report)).toContain("- **metal1**: `memory.dedicated` 27648 → 28672");
  });

  test("the same inventory renders the same plan: nothing changes, and the report says secrets are invisible", async () => {
    const report = diffPlans(base, await renderPlan(), safetyModel);
    expect([report.changed, report.added, report.removed, report.rolls]).toEqual([[], [], [], []]);
    expect(formatReport(report)).toContain("a change of a secret value cannot be seen here");
  });
});
