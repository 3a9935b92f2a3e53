// The change gate on real re-renders of the program: a version bump, an added extension, an
// inventory change or a lowered contract made where a pull request would make it, judged by the
// real rules of every layer.
import { proxmoxReplaceRules } from "../../../infra/proxmox/safety";
import { safetyModel } from "../../../infra/safety";
import { k8sTokens, proxmoxTokens, talosTokens } from "../../../infra/tokens";
import { diffPlans, gateExitCode, isLowered, ruleReplaces } from "../../../planner/diff/diffPlans";
import { formatReport } from "../../../planner/diff/format";
import type { Plan } from "../../../planner/plan";
import type { Json } from "../../../planner/wire";
import { renderProgram } from "../../../planner/program";
import { variant, variants } from "../../config/variants";
import { byName, ofType, prodPlan } from "../../plans";
import { renderWithModule, renderWithVersions } from "../../variants";

const base = prodPlan();
const summary = (plan: Plan) => diffPlans(base, plan, safetyModel);

/** Every concrete path and value a rule path ("disks[*].fileId") matches; absent leaves included. */
export function valuesAt(value: Json | undefined, rulePath: string): Array<[string, Json | undefined]> {
  const [head, ...rest] = rulePath.split(".");
  const list = head.endsWith("[*]");
  const key = list ? head.slice(0, -3) : head;
  const child = value !== null && typeof value === "object" && !Array.isArray(value) ? value[key] : undefined;
  const tail = rest.join(".");
  if (list) {
    const items = Array.isArray(child) ? child : [];
    return items.flatMap((item, i) =>
      tail
        ? valuesAt(item, tail).map(([p, v]) => [`${key}[${i}].${p}`, v] as [string, Json | undefined])
        : [[`${key}[${i}]`, item]],
    );
  }
  return tail ? valuesAt(child, tail).map(([p, v]) => [`${key}.${p}`, v]) : [[key, child]];
}

/** Every value at a replace-forcing path of every VM: what must not move. */
function replaceForcing(plan: Plan): Record<string, unknown> {
  const paths = proxmoxReplaceRules.filter((r) => r.type === proxmoxTokens.vm).flatMap((r) => r.inputs);
  const out: Record<string, unknown> = {};
  for (const vm of ofType(plan, proxmoxTokens.vm))
    for (const rulePath of paths) for (const [p, v] of valuesAt(vm.inputs, rulePath)) out[`${vm.name}:${p}`] = v;
  return out;
}
const rollsOf = (plan: Plan) =>
  summary(plan).rolls.map((r) => [r.nodes, r.sequential, r.changes.map((c) => [c.path, c.base, c.head])]);

describe("a Talos patch bump (v1.12.3 → v1.12.4)", () => {
  let head: Plan;
  beforeAll(async () => {
    head = await renderWithVersions({ talosVersion: "v1.12.4" });
  });

  test("passes the gate and rolls metal0 → metal1 → metal2, then re-applies their configs", () => {
    const report = summary(head);
    expect([report.violations, gateExitCode(report, false)]).toEqual([[], 0]);
    const image = (version: string) => expect.stringMatching(new RegExp(`:${version.replace(/\./g, "\\.")}$`));
    expect(rollsOf(head)).toEqual([
      [["metal0", "metal1", "metal2"], true, [["environment.TARGET_VERSION", "v1.12.3", "v1.12.4"]]],
      [["metal0"], false, [["configPatches[0].machine.install.image", image("v1.12.3"), image("v1.12.4")]]],
      [["metal1", "metal2"], false, [["configPatches[0].machine.install.image", image("v1.12.3"), image("v1.12.4")]]],
    ]);
    expect(formatReport(report)).toContain(
      '- **metal0 → metal1 → metal2** — Talos OS upgrade, one node at a time, health-gated (talosctl upgrade): `environment.TARGET_VERSION` "v1.12.3" → "v1.12.4"',
    );
  });

  test("replaces the 3 downloads, updates only importFrom of the 3 VMs (no replace, no power cycle), keeps the secrets", () => {
    const report = summary(head);
    expect(report.changed.filter((c) => c.replaceCauses.length > 0).map((c) => c.type)).toEqual(
      Array(3).fill(proxmoxTokens.downloadFile),
    );
    const vms = report.changed.filter((c) => c.type === proxmoxTokens.vm);
    expect(vms.map((c) => [c.subject, c.inputs.map((i) => i.path), c.replaceCauses])).toEqual(
      ["metal0", "metal1", "metal2"].map((vm) => [vm, ["disks[0].importFrom"], []]),
    );
    expect([report.powerCycles, report.changed.filter((c) => c.type === talosTokens.secrets)]).toEqual([[], []]);
    expect(replaceForcing(head)).toEqual(replaceForcing(base));
  });

  test("every VM's importFrom names a download of the same plan: a VM replaced after the bump finds its image", () => {
    // The fake download's id is PVE's volume id, "<datastore>:<content>/<fileName>", as the real one.
    for (const plan of [base, head]) {
      const volumes = ofType(plan, proxmoxTokens.downloadFile).map(
        (f) => `${f.inputs.datastoreId}:${f.inputs.contentType}/${f.inputs.fileName}`,
      );
      const vms = ofType(plan, proxmoxTokens.vm);
      expect(vms.map((vm) => volumes.includes((vm.inputs.disks as any[])[0].importFrom))).toEqual([true, true, true]);
      expect(vms.map((vm) => vm.options.ignoreChanges)).toEqual([[], [], []]);
    }
  });
});

describe("an added system extension", () => {
  let head: Plan;
  beforeAll(async () => {
    head = await renderWithModule<{ groupExtensions: Record<string, string[]> }>("infra/proxmox/extensions", (a) => ({
      groupExtensions: Object.fromEntries(
        Object.entries(a.groupExtensions).map(([g, exts]) => [g, [...exts, "siderolabs/iscsi-tools"]]),
      ),
    }));
  });

  test("changes every schematic and rolls every node, but no replace-forcing VM input", () => {
    expect(ofType(head, talosTokens.schematic).every((s) => String(s.inputs.schematic).includes("iscsi-tools"))).toBe(
      true,
    );
    expect(summary(head).rolls[0].nodes).toEqual(["metal0", "metal1", "metal2"]);
    expect(replaceForcing(head)).toEqual(replaceForcing(base));
    expect(gateExitCode(summary(head), false)).toBe(0);
  });
});

describe("a Kubernetes bump (1.35.0 → 1.35.1)", () => {
  test("passes and shows the roll: metal0 → metal1 → metal2, then the configs re-applied", async () => {
    const report = summary(await renderWithVersions({ kubernetesVersion: "v1.35.1" }));
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
  });
});

describe("a lowered config contract (v1.12 → v1.11)", () => {
  let head: Plan;
  beforeAll(async () => {
    head = await renderWithVersions({ talosConfigContract: "v1.11" });
  });

  test("does not replace the secrets: they keep the version they were created with", () => {
    const report = summary(head);
    expect(report.changed.filter((c) => c.type === talosTokens.secrets)).toEqual([]);
    expect(report.violations).toEqual([]);
    expect(report.rolls.flatMap((r) => r.changes.map((c) => [c.path, c.base, c.head]))).toEqual([
      ["talosVersion", "v1.12", "v1.11"],
    ]);
  });

  test("without the secrets' ignoreChanges, would replace them, and the gate blocks it", () => {
    const edited = JSON.parse(JSON.stringify(head)) as Plan;
    const secrets = edited.resources.find((r) => r.type === talosTokens.secrets)!;
    secrets.options.ignoreChanges = []; // as if the option were deleted in the same pull request
    const report = summary(edited);
    expect(report.violations.map((v) => [v.urn, v.action])).toEqual([[secrets.urn, "replace"]]);
    expect(report.violations[0].why[0]).toContain('`talosVersion` changes "v1.12" → "v1.11"');
  });
});

test("the secrets rule replaces on a lowering only, in semver order", () => {
  expect(isLowered("v1.12.3", "v1.12")).toBe(true);
  expect(isLowered("v1.12", "v1.12.4")).toBe(false);
  expect(isLowered("v1.12", "v1.13")).toBe(false);
  expect(isLowered("v1.12", "v1.12")).toBe(false);
});

test("a rule that replaces only once set: adding a TPM to a VM is an update, changing its version a replace", () => {
  const rule = proxmoxReplaceRules.find((r) => r.inputs.includes("tpmState.version"))!;
  expect(rule.when).toBe("changed");
  expect(ruleReplaces(rule, { path: "tpmState.version", base: undefined, head: "v2.0" })).toBeUndefined();
  expect(ruleReplaces(rule, { path: "tpmState.version", base: "v1.2", head: "v2.0" })).toBe("tpmState.version");
  const vm = byName(base, proxmoxTokens.vm, "portkey-metal1");
  const head = JSON.parse(JSON.stringify(base)) as Plan;
  byName(head, proxmoxTokens.vm, "portkey-metal1").inputs.tpmState = { datastoreId: "local-lvm", version: "v2.0" };
  const report = summary(head);
  const changed = report.changed.filter((c) => c.inputs.some((i) => i.path.startsWith("tpmState.")));
  expect(changed.map((c) => [c.urn === vm.urn, c.replaceCauses])).toEqual([[true, []]]);
});

test("an app namespace moving to the adopting provider is replaced but not blocked: retainOnDelete lets the old one go", () => {
  const before = JSON.parse(JSON.stringify(base)) as Plan;
  const main = before.resources.find((r) => r.type === k8sTokens.provider && r.name === "portkey")!;
  const namespaces = before.resources.filter((r) => r.type === k8sTokens.namespace && r.name.startsWith("portkey-ns-"));
  for (const ns of namespaces) ns.provider = `${main.urn}::${main.urn.length}`;
  const report = diffPlans(before, base, safetyModel);
  expect(report.violations).toEqual([]);
  expect(
    report.changed
      .filter((c) => c.replaceCauses.length > 0)
      .map((c) => c.subject)
      .sort(),
  ).toEqual(namespaces.map((n) => (n.inputs.metadata as { name: string }).name).sort());
  // Without retainOnDelete the same move would be blocked.
  for (const ns of namespaces) ns.options.retainOnDelete = false;
  expect(diffPlans(before, base, safetyModel).violations).toHaveLength(namespaces.length);
});

test("a Cilium chart bump is an in-place update of its release", async () => {
  const report = summary(await renderWithVersions({ ciliumChartVersion: "1.19.7" }));
  expect(
    report.changed.map((c) => [c.subject, c.inputs.map((i) => [i.path, i.base, i.head]), c.replaceCauses]),
  ).toEqual([["cilium", [["version", "1.19.6", "1.19.7"]], []]]);
  expect(gateExitCode(report, false)).toBe(0);
});

describe("inventory changes", () => {
  test("a new VM id for metal1 fails the gate, naming metal1, the input and the rule; its config apply is replaced with it", async () => {
    const report = summary(await renderProgram({ inventory: variant("nodes.metal1.vmId", 117) }));
    const vm = byName(base, proxmoxTokens.vm, "portkey-metal1");
    expect(report.violations.map((v) => [v.subject, v.urn, v.action])).toEqual([["metal1", vm.urn, "replace"]]);
    expect(report.violations[0].why[0]).toMatch(/^`vmId` changes 107 → 117, which forces a replacement \(rule `vmId`/);
    const apply = byName(base, talosTokens.configurationApply, "portkey-metal1");
    expect(report.changed.find((c) => c.urn === apply.urn)!.replaceCauses.map((c) => [c.rule, c.head])).toEqual([
      ["replaceWith", vm.urn],
    ]);
    expect([gateExitCode(report, false), gateExitCode(report, true)]).toEqual([1, 0]);
    expect(formatReport(report, true)).toContain("**Gate: passed by override** (`allow-replace` label)");
  });

  test("removing paperless from the backup table flags its ReplicationSource and restic Secret", async () => {
    const report = summary(await renderProgram({ inventory: variant("backups.apps.paperless", undefined) }));
    expect(report.violations.map((v) => [v.type, v.subject, v.action])).toEqual(
      expect.arrayContaining([
        [k8sTokens.replicationSource, "paperless/paperless", "delete"],
        [k8sTokens.secret, "paperless/paperless-restic", "delete"],
      ]),
    );
    expect(gateExitCode(report, false)).toBe(1);
  });

  test("more memory for metal1 is an update that waits for a power cycle, and the report names it", async () => {
    const report = summary(await renderProgram({ inventory: variant("nodes.metal1.memoryGiB", 28) }));
    expect(report.violations).toEqual([]);
    expect(report.powerCycles.map((p) => [p.subject, p.changes.map((c) => [c.path, c.base, c.head])])).toEqual([
      ["metal1", [["memory.dedicated", 27648, 28672]]],
    ]);
    expect(formatReport(report)).toContain("- **metal1**: `memory.dedicated` 27648 → 28672");
  });

  test("a bigger disk together with more memory for metal1: warned as refused by bpg, neither alone is", async () => {
    const both = summary(
      await renderProgram({
        inventory: variants([
          ["nodes.metal1.memoryGiB", 28],
          ["nodes.metal1.diskGiB", 160],
        ]),
      }),
    );
    expect(
      both.refused.map((r) => [r.subject, r.grown.map((c) => [c.path, c.base, c.head]), r.pending.map((c) => c.path)]),
    ).toEqual([["metal1", [["disks[0].size", 128, 160]], ["memory.dedicated"]]]);
    const text = formatReport(both);
    expect(text).toContain("**Warning:** 1 update the provider would refuse at apply");
    expect(text).toContain(
      '- **metal1**: `disks[0].size` 128 → 160 together with `memory.dedicated` 27648 → 28672: "cannot resize disks while the VM is running (reboot_after_update = false)"',
    );
    expect(gateExitCode(both, false)).toBe(0); // nothing would be destroyed: the update fails and changes nothing
    const diskOnly = summary(await renderProgram({ inventory: variant("nodes.metal1.diskGiB", 160) }));
    const memoryOnly = summary(await renderProgram({ inventory: variant("nodes.metal1.memoryGiB", 28) }));
    expect([diskOnly.refused, memoryOnly.refused, diskOnly.powerCycles]).toEqual([[], [], []]);
    expect(formatReport(diskOnly)).not.toContain("Refused by the provider");
  });

  test("the same inventory renders the same plan: nothing changes, and the report says secrets are invisible", async () => {
    const report = summary(await renderProgram());
    expect([report.changed, report.added, report.removed, report.rolls]).toEqual([[], [], [], []]);
    expect(formatReport(report)).toContain("a change of a secret value cannot be seen here");
  });
});
