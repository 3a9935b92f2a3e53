// The proxmox layer alone, as index.ts wires it, plus one probe resource per ProvisionedNode field:
// each probe's recorded dependencies are exactly those that field's Output carries.
import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "../../../infra/config";
import { ProxmoxNodes } from "../../../infra/proxmox/proxmoxNodes";

class Probe extends pulumi.CustomResource {
  constructor(name: string, value: pulumi.Input<unknown>) {
    super("test:index:Probe", name, { value }, {});
  }
}

const config = loadConfig();
const machines = new ProxmoxNodes("portkey", {
  proxmox: config.proxmox,
  nodes: config.nodes,
  cluster: config.cluster,
  apiToken: config.secrets.proxmoxApiToken,
  protect: config.protect,
});

// The Output fields: the plain ones (address, role, hardware) are inventory data, and vm is the VM itself.
for (const [hostname, node] of Object.entries(machines.nodes)) {
  for (const field of ["ip", "host", "vmId", "schematicId"] as const) new Probe(`${hostname}.${field}`, node[field]);
}
