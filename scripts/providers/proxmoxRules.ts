// The change gate's Proxmox replace rules (infra/proxmox/safety.ts), put to bpg's provider: each
// probe changes one input of a planned resource and plans that change from a state holding the
// resource as the provider planned it; the provider must replace exactly when a rule names the
// input. Probes of inputs no rule names must plan in place. See docs/providers.md.
import { proxmoxReplaceRules } from "../../infra/proxmox/safety";
import { proxmoxTokens } from "../../infra/tokens";
import { ruleReplaces } from "../../planner/diff/diffPlans";
import { diffValues, segments } from "../../planner/diff/paths";
import type { Json } from "../../planner/wire";
import { PlanResult, TfResource, Tofu } from "./proxmox";
import { terraformType, TfProviderSchema, toTerraform } from "./terraform";

/**
 * One change of one input: `set` holds the input paths and their new values; `from`, inputs the
 * resource holds before the change (the state is planned from the resource with them).
 */
export interface Probe {
  type: string;
  set: [string, unknown][];
  from?: [string, unknown][];
}

const vm = proxmoxTokens.vm;
const file = proxmoxTokens.downloadFile;
const pci = proxmoxTokens.pciMapping;
const usb = proxmoxTokens.usbMapping;

/** Inputs of every replace rule, and of the in-place changes an operator makes most. */
export const probes: Probe[] = [
  { type: vm, set: [["vmId", 199]] },
  { type: vm, set: [["nodeName", "mirkwood"]] },
  { type: vm, set: [["clone", { vmId: 9000, nodeName: "rohan", datastoreId: "local-lvm", full: true, retries: 1 }]] },
  { type: vm, set: [["disks[0].fileId", "local:iso/other.img"]] },
  { type: vm, set: [["efiDisk.type", "2m"]] },
  { type: vm, set: [["tpmState", { datastoreId: "local-lvm", version: "v2.0" }]] },
  {
    type: vm,
    from: [["tpmState", { datastoreId: "local-lvm", version: "v1.2" }]],
    set: [["tpmState.version", "v2.0"]],
  },
  { type: vm, set: [["amdSev", { type: "std" }]] },
  { type: vm, set: [["initialization.type", "configdrive2"]] },
  { type: vm, set: [["initialization.userDataFileId", "local:snippets/user-data.yaml"]] },
  { type: vm, set: [["initialization.vendorDataFileId", "local:snippets/vendor-data.yaml"]] },
  { type: vm, set: [["initialization.networkDataFileId", "local:snippets/network-data.yaml"]] },
  { type: vm, set: [["initialization.metaDataFileId", "local:snippets/meta-data.yaml"]] },
  { type: vm, set: [["initialization.userAccount", { username: "talos" }]] },
  { type: vm, set: [["name", "metal9"]] },
  { type: vm, set: [["description", "another description"]] },
  { type: vm, set: [["memory.dedicated", 30720]] },
  { type: vm, set: [["cpu.cores", 2]] },
  { type: vm, set: [["disks[0].size", 256]] },
  { type: vm, set: [["disks[0].importFrom", "local:import/talos-v1.12.4-other-nocloud-amd64.qcow2"]] },
  { type: vm, set: [["tags", ["portkey", "talos"]]] },
  { type: vm, set: [["networkDevices[0].macAddress", "BC:24:11:00:00:99"]] },
  { type: vm, set: [["initialization.ipConfigs[0].ipv4.address", "192.168.0.19/24"]] },
  { type: vm, set: [["hostpcis[0].mapping", "gpu"]] },
  { type: vm, set: [["startup.order", 2]] },
  { type: file, set: [["nodeName", "mirkwood"]] },
  { type: file, set: [["datastoreId", "images"]] },
  { type: file, set: [["contentType", "iso"]] },
  { type: file, set: [["fileName", "talos-other.qcow2"]] },
  { type: file, set: [["url", "https://factory.talos.dev/image/other/v1.12.4/nocloud-amd64.qcow2"]] },
  {
    type: file,
    set: [
      ["checksum", "0".repeat(64)],
      ["checksumAlgorithm", "sha256"],
    ],
  },
  { type: file, set: [["decompressionAlgorithm", "zst"]] },
  { type: file, set: [["uploadTimeout", 600]] },
  { type: file, set: [["overwrite", true]] },
  { type: pci, set: [["name", "gpu"]] },
  { type: pci, set: [["comment", "another comment"]] },
  { type: pci, set: [["maps[0].path", "0000:00:02.1"]] },
  { type: usb, set: [["name", "zigbee2"]] },
  { type: usb, set: [["maps[0].id", "1a86:55d4"]] },
];

/** Every rule input, "<type> <path>", the figure's K. */
export function ruleInputs(): string[] {
  return proxmoxReplaceRules.flatMap((r) => r.inputs.map((i) => `${r.type} ${i}`));
}

/** `inputs` with `path` ("disks[0].size") set to `value`, as a copy. */
export function withInput(inputs: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(inputs)) as Record<string, unknown>;
  const keys = segments(path).map((s) => (/^\[\d+\]$/.test(s) ? Number(s.slice(1, -1)) : s));
  let target: Record<string | number, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    target[key] ??= {};
    target = target[key] as Record<string | number, unknown>;
  }
  target[keys[keys.length - 1]] = value;
  return copy;
}

/**
 * A Terraform state holding `resource` as the provider planned it, the values only apply learns
 * filled as Proxmox would fill them: the VM id, the file's volume id and size, the mapping's name.
 */
export function stateOf(resource: TfResource, planned: PlanResult["planned"][string], schemaVersion: number) {
  const values = JSON.parse(JSON.stringify(planned.values)) as Record<string, unknown>;
  for (const [key, unknown] of Object.entries(planned.unknown)) {
    if (unknown !== true) continue;
    values[key] = null;
  }
  const b = resource.body as Record<string, unknown>;
  if (resource.type === "proxmox_virtual_environment_vm") values.id = String(b.vm_id);
  else if (resource.type === "proxmox_download_file") {
    values.id = `${b.datastore_id}:${b.content_type}/${b.file_name}`;
    values.size = 104857600;
  } else values.id = b.name;
  return {
    version: 4,
    terraform_version: "1.10.6",
    serial: 1,
    lineage: "portkey-provider-suite",
    outputs: {},
    resources: [
      {
        mode: "managed",
        type: resource.type,
        name: resource.name,
        provider: 'provider["registry.opentofu.org/bpg/proxmox"]',
        instances: [{ schema_version: schemaVersion, attributes: values, sensitive_attributes: [] }],
      },
    ],
  };
}

export interface ProbeResult {
  probe: Probe;
  resource: string;
  /** What the provider planned: "replace", "update", "no-op", or the error it answered. */
  planned: string;
  expected: "replace" | "in place";
  agrees: boolean;
  /** The rule inputs ("<type> <path>") the change touches. */
  covers: string[];
}

/** Runs every probe against a resource of its type from the planned resources. */
export function runProbes(
  tofu: Tofu,
  schema: TfProviderSchema,
  resources: TfResource[],
  planned: PlanResult["planned"],
  chosen: Probe[] = probes,
): ProbeResult[] {
  const results: ProbeResult[] = [];
  for (const probe of chosen) {
    // The VM with the most to change: a passed-through device (hostpcis) when there is one.
    const candidates = resources.filter((r) => r.type === terraformType(probe.type));
    const original =
      candidates.find((r) => Array.isArray(r.inputs.hostpcis) && r.inputs.hostpcis.length > 0) ?? candidates[0];
    if (!original) {
      results.push({
        probe,
        resource: "(none)",
        planned: "no resource of this type",
        expected: "in place",
        agrees: false,
        covers: [],
      });
      continue;
    }
    const block = schema.resource_schemas[original.type].block;
    const version = schema.resource_schemas[original.type].version ?? 0;
    const setAll = (base: Record<string, unknown>, set: [string, unknown][]) =>
      set.reduce((acc, [p, v]) => withInput(acc, p, v), base);
    // The state: the resource as planned, with the probe's `from` inputs when it has them.
    let before = original;
    let beforePlanned = planned[original.address];
    if (probe.from) {
      before = { ...original, inputs: setAll(original.inputs, probe.from) };
      before.body = toTerraform(before.inputs, block).body;
      tofu.write([before]);
      beforePlanned = tofu.plan().planned[original.address];
    }
    const inputs = setAll(before.inputs, probe.set);
    // What the gate sees: every leaf that differs, with its value before.
    const changes = diffValues(before.inputs as Json, inputs as Json);
    const covers = proxmoxReplaceRules
      .filter((r) => r.type === probe.type)
      .flatMap((r) => changes.map((c) => ruleReplaces(r, c)).filter((hit): hit is string => hit !== undefined))
      .map((input) => `${probe.type} ${input}`);
    // The gate replaces exactly when a change touches a rule input (ruleReplaces, as diffPlans reads it).
    const expected = covers.length > 0 ? "replace" : "in place";
    const converted = toTerraform(inputs, block);
    tofu.write([{ ...original, body: converted.body }], beforePlanned && stateOf(before, beforePlanned, version));
    const plan = tofu.plan();
    const errors = plan.diagnostics.filter((d) => d.severity === "error");
    const change = plan.changes.find((c) => c.address === original.address);
    const actions = change?.actions ?? [];
    const what =
      converted.problems.length > 0
        ? `unmapped: ${converted.problems.join("; ")}`
        : errors.length > 0
          ? `refused: ${errors.map((d) => `${d.summary}: ${d.detail.split("\n")[0]}`).join("; ")}`
          : actions.includes("delete") && actions.includes("create")
            ? "replace"
            : (actions[0] ?? "nothing");
    const agrees = expected === "replace" ? what === "replace" : what === "update";
    results.push({ probe, resource: original.name, planned: what, expected, agrees, covers: [...new Set(covers)] });
  }
  return results;
}
