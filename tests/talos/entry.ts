// A small program for the Talos layer tests: the real config, one stand-in VM resource per node
// (so every ProvisionedNode field is an Output that carries that VM's URN), and the TalosCluster.
import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "../../infra/config";
import type { ProvisionedNode } from "../../infra/proxmox/types";
import { TalosCluster } from "../../infra/talos/talosCluster";

class StandInVm extends pulumi.CustomResource {
  declare readonly ip: pulumi.Output<string>;
  declare readonly role: pulumi.Output<"controlplane" | "worker">;
  declare readonly host: pulumi.Output<string>;
  declare readonly vmId: pulumi.Output<number>;
  declare readonly schematicId: pulumi.Output<string>;
  constructor(name: string, props: Record<string, unknown>) {
    super("test:proxmox:Vm", name, props);
  }
}

const config = loadConfig();
const vms = Object.fromEntries(
  Object.entries(config.nodes).map(([hostname, node]) => {
    const schematicId = node.hardware.includes("gpu") ? "a".repeat(64) : "b".repeat(64);
    const vm = new StandInVm(hostname, { ip: node.ip, role: node.role, host: node.host, vmId: node.vmId, schematicId });
    const provisioned: ProvisionedNode = {
      ip: vm.ip,
      address: node.ip,
      role: node.role,
      hardware: node.hardware,
      host: vm.host,
      vmId: vm.vmId,
      schematicId: vm.schematicId,
      vm,
    };
    return [hostname, provisioned];
  }),
);

const talos = new TalosCluster("portkey", {
  cluster: config.cluster,
  talos: config.talos,
  nodes: vms,
  talosApiAccess: { namespaces: ["talos-backup"], roles: ["os:etcd:backup"] },
  protect: config.protect,
});

export const kubeconfig = talos.kubeconfig;
export const talosconfig = talos.talosconfig;
