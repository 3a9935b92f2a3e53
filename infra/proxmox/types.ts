// What the Proxmox layer hands the Talos layer for each VM: one map, keyed by hostname. The
// outputs carry the dependency on the node's own VM; the plain fields are inventory facts the
// Talos layer needs before any VM exists (roles, and the addresses every config lists).
import type * as pulumi from "@pulumi/pulumi";
import type { NodeRole } from "../config";

export interface ProvisionedNode {
  /** The node's static IPv4 address (no prefix), out of its VM's cloud-init config. */
  ip: pulumi.Output<string>;
  /** The same address from the inventory, for lists on other nodes (cert SANs): no wait on this VM. */
  address: string;
  role: NodeRole;
  /** "gpu" and USB device names passed through (node labels). */
  hardware: string[];
  /** The Proxmox host the VM runs on. */
  host: pulumi.Output<string>;
  vmId: pulumi.Output<number>;
  /** The Image Factory schematic id of the node's hardware group (drives the installer image). */
  schematicId: pulumi.Output<string>;
  /** The VM itself: what a replaced VM must take with it (its config apply). */
  vm: pulumi.CustomResource;
}
