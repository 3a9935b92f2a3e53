// Pure builders for the cluster-wide hardware mappings. VMs name a mapping instead of a raw device
// id: a raw hostpci/usb id may only be set by root@pam with a password, while an API token with
// Mapping.Use on /mapping/<type>/<name> may attach a mapped device (bpg/terraform-provider-proxmox#495).
// see https://pve.proxmox.com/pve-docs/pve-admin-guide.html#resource_mapping
import type { HostConfig } from "../config";

/** The PCI mapping of the hosts' passable iGPUs (inventory hardware name "gpu"). */
export const gpuMappingName = "igpu";

export interface PciMapEntry {
  node: string;
  path: string;
  id: string;
  subsystemId: string;
  iommuGroup: number;
  comment: string;
}

export interface UsbMapEntry {
  node: string;
  id: string;
  comment?: string;
}

export interface MappingSpec<T> {
  name: string;
  comment: string;
  maps: T[];
}

/** The mapping a node's hardware entry attaches: the iGPU mapping, or the USB device's own. */
export function mappingName(hardware: string): string {
  return hardware === "gpu" ? gpuMappingName : hardware;
}

/** One PCI mapping with an entry per host that has a passable GPU; none when no host has one. */
export function gpuMapping(hosts: Record<string, HostConfig>): MappingSpec<PciMapEntry> | undefined {
  // A passable GPU has every id the mapping needs and a model bpg takes as its comment: its type
  // says so, and config validation ensures it (infra/config/schema/proxmox.ts).
  const maps = Object.entries(hosts).flatMap(([node, { gpu }]) => {
    if (!gpu?.passable) return [];
    const { path, id, subsystemId, iommuGroup, model } = gpu;
    return [{ node, path, id, subsystemId, iommuGroup, comment: model }];
  });
  return maps.length === 0
    ? undefined
    : { name: gpuMappingName, comment: "iGPU passed through to the host's Talos VM", maps };
}

/** One USB mapping per device name, with an entry per host that declares a device of that name. */
export function usbMappings(hosts: Record<string, HostConfig>): Array<MappingSpec<UsbMapEntry>> {
  const byName = new Map<string, UsbMapEntry[]>();
  for (const [node, host] of Object.entries(hosts)) {
    for (const [device, usb] of Object.entries(host.usb)) {
      // Mapped by vendor:product (no port path), so the dongle may move between USB ports.
      const entry: UsbMapEntry = { node, id: usb.id, ...(usb.comment === undefined ? {} : { comment: usb.comment }) };
      byName.set(device, [...(byName.get(device) ?? []), entry]);
    }
  }
  return [...byName.keys()].sort().map((name) => ({ name, comment: `USB device "${name}"`, maps: byName.get(name)! }));
}
