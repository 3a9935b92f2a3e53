// The `nodes` section: the Talos VMs, keyed by hostname.
import { atLeast, between, ipv4, label } from "../checks";
import { unicastMac, vmCores, vmMemoryGiB } from "../pve";
import { integer, map, object, oneOf, string, stringList } from "../fields";

export const nodeRoles = ["controlplane", "worker"] as const;

const node = object({
  /** The Proxmox host (a key of proxmox.hosts). */
  host: string(),
  vmId: integer(between(100, 999999999, "a Proxmox VM id")),
  role: oneOf(nodeRoles),
  cores: integer(vmCores),
  /** Memory in GiB. */
  memoryGiB: integer(vmMemoryGiB),
  /** Boot disk size in GiB. */
  diskGiB: integer(atLeast(8, "the Talos image is 8 GiB")),
  ip: string(ipv4),
  mac: string(unicastMac),
  /** "gpu" and/or names of the host's USB devices. */
  hardware: stringList().absentAs([]),
});

export const nodes = map(label, node);
