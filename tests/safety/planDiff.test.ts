// The change gate on plan pairs made from the real rendered plan (see planPairs.ts).
import { renderPlan, Plan } from "../harness/plan";
import { dataBearing, replaceRules } from "../../infra/safety";
import { diffPlans, gateExitCode } from "../../scripts/diff/diffPlans";
import { formatReport } from "../../scripts/diff/format";
import { talosVersion } from "../../infra/versions";
import {
  caseRules,
  clone,
  find,
  imageType,
  releaseType,
  replicationSourceType,
  secretType,
  vmType,
  withCases,
} from "./planPairs";

let base: Plan;
beforeAll(async () => {
  base = withCases(await renderPlan());
});

const vm = (plan: Plan, node: string) => find(plan, vmType, (r) => r.inputs.name === node);

function vmIdChange(): Plan {
  const head = clone(base);
  const metal1 = vm(head, "metal1");
  metal1.inputs.vmId = (metal1.inputs.vmId as number) + 10;
  return head;
}

describe("plan:diff gate", () => {
  test("a changed VM id of metal1 fails the gate, naming metal1, its URN, the input and the rule", () => {
    const head = vmIdChange();
    const before = vm(base, "metal1");
    const report = diffPlans(base, head, caseRules, []);
    expect(report.violations.map((v) => [v.subject, v.urn, v.action])).toEqual([["metal1", before.urn, "replace"]]);
    expect(report.violations[0].why).toEqual([
      `\`vmId\` changes ${before.inputs.vmId} → ${(before.inputs.vmId as number) + 10}, which forces a replacement (rule \`vmId\`: bpg vm.go ForceNew)`,
      "it is protected (options.protect is true in the base plan)",
    ]);
    expect(gateExitCode(report, false)).toBe(1);
    const md = formatReport(report);
    expect(md).toContain("**Gate: failed.** 1 protected or data-bearing resource would be replaced or deleted.");
    expect(md).toContain(`- **metal1** \`${vmType}\` would be **replaced** (\`${before.urn}\`)`);
  });

  test("the allow-replace override lets the VM id change through, still listing it", () => {
    const report = diffPlans(base, vmIdChange(), caseRules, []);
    expect(gateExitCode(report, true)).toBe(0);
    const md = formatReport(report, true);
    expect(md).toContain("**Gate: passed by override** (`allow-replace` label)");
    expect(md).toContain("### Allowed by override: would destroy data or identity");
    expect(md).toContain("Exit code: 0");
  });

  test("a Cilium chart bump passes, with the release shown as changed in place", () => {
    const head = clone(base);
    const cilium = find(head, releaseType, (r) => r.inputs.chart === "cilium");
    const from = cilium.inputs.version;
    cilium.inputs.version = "1.19.7";
    const report = diffPlans(base, head, caseRules, []);
    expect(report.violations).toEqual([]);
    expect(report.changed.map((c) => [c.urn, c.inputs, c.replaceCauses])).toEqual([
      [cilium.urn, [{ path: "version", base: from, head: "1.19.7" }], []],
    ]);
    expect(formatReport(report)).toContain(`| \`version\` | \`${JSON.stringify(from)}\` | \`"1.19.7"\` |`);
    expect(gateExitCode(report, false)).toBe(0);
  });

  test("a Talos version bump passes: the images are replaced, the VMs unchanged (importFrom is ignored)", () => {
    const head = JSON.parse(
      JSON.stringify(base)
        .split(`"${talosVersion}`)
        .join('"v1.99.0')
        .split(`/${talosVersion}`)
        .join("/v1.99.0")
        .split(`-${talosVersion}-`)
        .join("-v1.99.0-"),
    ) as Plan;
    const report = diffPlans(base, head, caseRules, []);
    const images = base.resources.filter((r) => r.type === imageType).length;
    expect(images).toBeGreaterThanOrEqual(3);
    expect(report.changed.filter((c) => c.replaceCauses.length > 0).map((c) => c.type)).toEqual(
      Array(images).fill(imageType),
    );
    // The VMs' importFrom did change in the plan, but it is under their ignoreChanges, as the engine sees it.
    const vmInputsChanged = base.resources
      .filter((r) => r.type === vmType)
      .map((r) => JSON.stringify(r.inputs) !== JSON.stringify(head.resources.find((h) => h.urn === r.urn)!.inputs));
    expect(vmInputsChanged).toEqual([true, true, true]);
    expect(report.changed.filter((c) => c.type === vmType)).toEqual([]);
    expect(report.violations).toEqual([]);
    expect(gateExitCode(report, false)).toBe(0);
  });

  test("removing an app from the backup table flags its ReplicationSource and restic Secret", () => {
    const rs = find(
      base,
      replicationSourceType,
      (r) => (r.inputs.metadata as { namespace: string }).namespace === "paperless",
    );
    const repo = (rs.inputs.spec as { restic: { repository: string } }).restic.repository;
    const secret = find(base, secretType, (r) => (r.inputs.metadata as { name: string }).name === repo);
    const head = clone(base);
    head.resources = head.resources.filter((r) => r.urn !== rs.urn && r.urn !== secret.urn);
    const unprotected = clone(base);
    for (const r of unprotected.resources) r.options.protect = false;
    const report = diffPlans(unprotected, head, caseRules, []);
    expect(report.violations.map((v) => [v.urn, v.action])).toEqual(
      [
        [rs.urn, "delete"],
        [secret.urn, "delete"],
      ].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
    expect(report.violations.find((v) => v.urn === rs.urn)!.why).toEqual([
      "it is removed from the program (delete)",
      "the backup of app paperless is removed (ReplicationSource paperless/paperless)",
    ]);
    expect(gateExitCode(report, false)).toBe(1);
  });

  test("a data-bearing entry stops a replacement of an unprotected resource, quoting why", () => {
    const head = vmIdChange();
    const unprotected = clone(base);
    vm(unprotected, "metal1").options.protect = false;
    const why = "the VM's disks hold the node's etcd member";
    const report = diffPlans(unprotected, head, caseRules, [
      { type: vmType, urnPattern: /metal1$/, why, requires: { protect: true } },
    ]);
    expect(report.violations.map((v) => v.why[1])).toEqual([`it is data-bearing: ${why}`]);
  });

  test("two redacted secrets compare equal, and the report says secret changes are invisible", () => {
    const head = clone(base);
    const report = diffPlans(base, head, caseRules, []);
    expect(report.changed).toEqual([]);
    expect(report.unchanged).toBe(base.resources.length);
    expect(formatReport(report)).toContain("a change of a secret value cannot be seen here");
  });

  test("a re-parented resource is a delete plus a create, and a protected one is a violation", () => {
    const head = clone(base);
    const metal0 = vm(head, "metal0");
    const oldUrn = metal0.urn;
    metal0.urn = `urn:pulumi:prod::portkey::portkey:proxmox:Moved$${vmType}::${metal0.name}`;
    const report = diffPlans(base, head, caseRules, []);
    expect(report.removed.map((r) => [r.urn, r.recreatedAs])).toEqual([[oldUrn, metal0.urn]]);
    expect(report.violations.map((v) => [v.subject, v.action])).toEqual([["metal0", "delete"]]);
  });

  test("the real safety data records the VmLegacy vmId rule", () => {
    const vmRules = replaceRules.filter((r) => r.type === vmType);
    expect(vmRules.flatMap((r) => r.inputs)).toContain("vmId");
    expect(Array.isArray(dataBearing)).toBe(true);
  });
});
