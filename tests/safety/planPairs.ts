// Plan pairs for the gate's tests: the real rendered plan, with the resources each case needs.
// A resource the layers already render is used as is; one not (yet) rendered is added in the
// shape the layer registers it, so the cases do not depend on which layers have landed.
import type { Plan, PlanResource } from "../harness/plan";
import type { Json } from "../harness/wire";
import type { ReplaceRule } from "../../infra/safety";

export const vmType = "proxmoxve:index/vmLegacy:VmLegacy";
export const imageType = "proxmoxve:index/download/file:File";
export const releaseType = "kubernetes:helm.sh/v3:Release";
export const talosSecretsType = "talos:machine/secrets:Secrets";
export const replicationSourceType = "kubernetes:volsync.backube/v1alpha1:ReplicationSource";
export const secretType = "kubernetes:core/v1:Secret";

/** The rules the cases are about, as research/proxmox.md §1.2 and research/talos.md §2.1 record them. */
export const caseRules: ReplaceRule[] = [
  { type: vmType, inputs: ["vmId", "nodeName", "disks[*].fileId", "efiDisk.type"], source: "bpg vm.go ForceNew" },
  { type: imageType, inputs: ["url", "fileName", "nodeName"], source: "bpg download/file ForceNew" },
];

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function resource(plan: Plan, type: string, name: string, inputs: Record<string, Json>, protect = false): PlanResource {
  const stack = plan.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;
  return {
    urn: `urn:pulumi:${plan.stack}::${plan.project}::${type}::${name}`,
    type,
    name,
    custom: true,
    parent: stack,
    provider: null,
    dependencies: [],
    package: { version: "", pluginDownloadURL: "" },
    inputs,
    options: {
      protect,
      retainOnDelete: protect,
      deleteBeforeReplace: type === vmType,
      ignoreChanges: [],
      replaceOnChanges: [],
      additionalSecretOutputs: [],
      customTimeouts: null,
    },
  };
}

/** The resource of `type` that `match` finds in the plan, added from `make` when there is none. */
export function ensure(
  plan: Plan,
  type: string,
  match: (r: PlanResource) => boolean,
  make: () => PlanResource,
): PlanResource {
  const found = plan.resources.find((r) => r.type === type && match(r));
  if (found) return found;
  const made = make();
  plan.resources.push(made);
  plan.resources.sort((a, b) => a.urn.localeCompare(b.urn));
  return made;
}

const meta = (r: PlanResource) => (r.inputs.metadata ?? {}) as { name?: string; namespace?: string };

/** The real plan with metal0-2's VMs and images, Cilium, the Talos secrets and the app backups. */
export function withCases(rendered: Plan): Plan {
  const plan = clone(rendered);
  for (const [node, host, vmId] of [
    ["metal0", "mirkwood", 106],
    ["metal1", "rohan", 107],
    ["metal2", "gondor", 104],
  ] as const) {
    const image = ensure(
      plan,
      imageType,
      (r) => r.inputs.nodeName === host,
      () =>
        resource(plan, imageType, `talos-image-${host}`, {
          nodeName: host,
          url: "https://factory.talos.dev/image/abc/v1.12.3/nocloud-amd64.qcow2",
          fileName: "talos-v1.12.3-nocloud-amd64.qcow2",
          contentType: "import",
        }),
    );
    ensure(
      plan,
      vmType,
      (r) => r.inputs.name === node,
      () =>
        resource(
          plan,
          vmType,
          node,
          {
            name: node,
            nodeName: host,
            vmId,
            disks: [{ interface: "scsi0", importFrom: `local:import/${String(image.inputs.fileName)}`, size: 64 }],
            efiDisk: { type: "4m" },
          },
          true,
        ),
    );
  }
  ensure(
    plan,
    releaseType,
    (r) => r.inputs.chart === "cilium",
    () =>
      resource(plan, releaseType, "cilium", {
        chart: "cilium",
        version: "1.19.6",
        namespace: "kube-system",
        values: { kubeProxyReplacement: true },
      }),
  );
  ensure(
    plan,
    talosSecretsType,
    () => true,
    () => resource(plan, talosSecretsType, "talos-secrets", { talosVersion: "v1.12.3" }, true),
  );
  for (const app of ["vaultwarden", "paperless"]) {
    ensure(
      plan,
      secretType,
      (r) => meta(r).name === `${app}-restic`,
      () =>
        resource(
          plan,
          secretType,
          `${app}-restic`,
          { metadata: { name: `${app}-restic`, namespace: app }, stringData: "[secret]" },
          true,
        ),
    );
    ensure(
      plan,
      replicationSourceType,
      (r) => meta(r).namespace === app,
      () =>
        resource(plan, replicationSourceType, `${app}-backup`, {
          metadata: { name: app, namespace: app },
          spec: { sourcePVC: app, restic: { repository: `${app}-restic` } },
        }),
    );
  }
  return plan;
}

export function find(plan: Plan, type: string, match: (r: PlanResource) => boolean): PlanResource {
  const found = plan.resources.filter((r) => r.type === type && match(r));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}
