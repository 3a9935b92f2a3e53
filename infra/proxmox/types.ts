// What the Proxmox layer hands the Talos layer for each VM. Every field is an output of the VM or
// its boot image, so the Talos resources of a node depend on that node's VM, and on nothing else.
import * as pulumi from "@pulumi/pulumi";
import type { NodeRole } from "../config";

export interface ProvisionedNode {
  /** The node's static IPv4 address (no prefix). */
  ip: pulumi.Output<string>;
  role: pulumi.Output<NodeRole>;
  /** The Proxmox host the VM runs on. */
  host: pulumi.Output<string>;
  vmId: pulumi.Output<number>;
  /** The Image Factory schematic id of the node's hardware group (drives the installer image). */
  schematicId: pulumi.Output<string>;
}
