// The Proxmox functions answered as a healthy site that is exactly the inventory being planned:
// PVE 8.4, on each declared host its image datastore (directory storage with the "import" content
// type) and VM datastore, its passable GPU at the declared address with the declared ids, the
// mappings the stack creates, and no mapping errors. A host the inventory does not declare does not
// exist, as PVE answers for an unknown node. Shapes and hex ids as bpg returns them
// (fwprovider/nodes/hardware/datasource_pci.go keeps PVE's 0x prefixes).
import { parseConfig } from "../../infra/config/parse";
import type { HostConfig, SiteConfig } from "../../infra/config/types";
import { gpuMapping, usbMappings } from "../../infra/proxmox/mappings";
import { proxmoxTokens } from "../../infra/tokens";
import type { FakeCall } from "./types";

type Datastore = { id: string; type: string; contentTypes: string[] };

/** The host's datastores: one directory storage when both roles name the same storage. */
export function hostDatastores(host: HostConfig): Datastore[] {
  const image: Datastore = { id: host.imageDatastore, type: "dir", contentTypes: ["import", "iso", "vztmpl"] };
  if (host.vmDatastore === host.imageDatastore)
    return [{ ...image, contentTypes: [...image.contentTypes, "images", "rootdir"].sort() }];
  return [image, { id: host.vmDatastore, type: "lvmthin", contentTypes: ["images", "rootdir"] }];
}

/** The PCI devices the inventory declares on a host: its passable GPU, at its address. */
export function hostPciDevices(host: HostConfig): Array<Record<string, unknown>> {
  const gpu = host.gpu;
  if (!gpu?.passable) return [];
  const [vendor, device] = gpu.id.split(":");
  const [subsystemVendor, subsystemDevice] = gpu.subsystemId.split(":");
  return [
    {
      id: gpu.path,
      class: "0x030000",
      vendor: `0x${vendor}`,
      vendorName: "",
      device: `0x${device}`,
      deviceName: gpu.model,
      subsystemVendor: `0x${subsystemVendor}`,
      subsystemVendorName: "",
      subsystemDevice: `0x${subsystemDevice}`,
      subsystemDeviceName: "",
      iommuGroup: gpu.iommuGroup,
      mdev: false,
    },
  ];
}

/** The Proxmox function answers of the site an inventory describes; none for an invalid one. */
export function siteCalls(inventory: Record<string, unknown>): Record<string, FakeCall> {
  const parsed = parseConfig(inventory);
  // An invalid inventory stops the program before any call; its site has no hosts.
  const proxmox: SiteConfig["proxmox"] = parsed.ok
    ? parsed.config.proxmox
    : { endpoint: "", insecure: false, hosts: {} };
  const hostOf = (nodeName: string): HostConfig => {
    const host = proxmox.hosts[nodeName];
    if (!host) throw new Error(`hostname lookup '${nodeName}' failed - failed to get address info for: ${nodeName}`);
    return host;
  };
  const gpu = gpuMapping(proxmox.hosts);
  const mappingIds: Record<string, string[]> = {
    pci: gpu ? [gpu.name] : [],
    usb: usbMappings(proxmox.hosts).map((m) => m.name),
  };
  return {
    [proxmoxTokens.getVersion]: () => ({ id: "version", release: "8.4", version: "8.4.1", repositoryId: "2a5fa54a" }),
    // PVE filters by storage id itself (the `storage` query parameter bpg sends for filters.id).
    [proxmoxTokens.getDatastores]: ({ nodeName, filters }) => ({
      nodeName,
      ...(filters ? { filters } : {}),
      datastores: hostDatastores(hostOf(nodeName))
        .filter((d) => !filters?.id || d.id === filters.id)
        .map((d) => ({ ...d, nodeName, active: true, enabled: true, shared: false })),
    }),
    [proxmoxTokens.getPci]: ({ nodeName }) => ({ nodeName, devices: hostPciDevices(hostOf(nodeName)) }),
    [proxmoxTokens.getMappings]: ({ type, checkNode }) => {
      if (checkNode) hostOf(checkNode);
      return {
        id: `hardware_mappings_${type}`,
        type,
        ...(checkNode ? { checkNode } : {}),
        ids: mappingIds[type] ?? [],
        checks: [],
      };
    },
  };
}
