// Fake provider answers for the proxmox layer's resource types (and the Image Factory schematic it
// creates). Ids follow the providers' own formats, so anything derived from them is plausible.
import { createHash } from "crypto";
import type { FakeCall, FakeResource } from "./index";
import { proxmoxTokens, talosTokens } from "../../infra/tokens";

export const proxmoxResources: Record<string, FakeResource> = {
  [proxmoxTokens.provider]: ({ name }) => ({ id: `proxmoxve-${name}` }),
  // Import id format of VmLegacy: "<node>/<vmId>". waitForIp is disabled, so no addresses.
  [proxmoxTokens.vm]: ({ inputs }) => ({
    id: `${inputs.nodeName}/${inputs.vmId}`,
    outputs: {
      macAddresses: (inputs.networkDevices ?? []).map((d: { macAddress?: string }) => d.macAddress),
      ipv4Addresses: [],
      ipv6Addresses: [],
      networkInterfaceNames: [],
    },
  }),
  // The volume id PVE gives a downloaded file: "<datastore>:<content>/<fileName>".
  [proxmoxTokens.downloadFile]: ({ inputs }) => ({
    id: `${inputs.datastoreId}:${inputs.contentType}/${inputs.fileName}`,
    outputs: { size: 218103808 },
  }),
  // Hardware mappings are addressed by name.
  [proxmoxTokens.pciMapping]: ({ inputs }) => ({ id: String(inputs.name) }),
  [proxmoxTokens.usbMapping]: ({ inputs }) => ({ id: String(inputs.name) }),
  // The factory's schematic id is the sha256 of the schematic; deterministic for its content.
  [talosTokens.schematic]: ({ inputs }) => ({
    id: createHash("sha256")
      .update(String(inputs.schematic ?? ""))
      .digest("hex"),
  }),
};

// The provider's functions, answering as a healthy site that matches Pulumi.prod.yaml: PVE 8.4,
// "local" with the import content type on every host, the N100 iGPU at 00:02.0 on rohan and
// gondor (the Ryzen APU on mirkwood elsewhere), and no mapping errors. Shapes and hex ids as bpg
// returns them (fwprovider/nodes/hardware/datasource_pci.go keeps PVE's 0x prefixes).
const n100 = {
  id: "0000:00:02.0",
  class: "0x030000",
  vendor: "0x8086",
  vendorName: "Intel Corporation",
  device: "0x46d1",
  deviceName: "Alder Lake-N [UHD Graphics]",
  subsystemVendor: "0x8086",
  subsystemVendorName: "Intel Corporation",
  subsystemDevice: "0x7270",
  subsystemDeviceName: "",
  iommuGroup: 0,
  mdev: false,
};
const ryzenApu = {
  ...n100,
  id: "0000:04:00.0",
  vendor: "0x1002",
  vendorName: "Advanced Micro Devices, Inc. [AMD/ATI]",
  device: "0x1636",
  deviceName: "Renoir",
  subsystemVendor: "0x1002",
  subsystemDevice: "0x1636",
  iommuGroup: 9,
};
const pciDevices: Record<string, unknown[]> = { mirkwood: [ryzenApu], rohan: [n100], gondor: [n100] };
const datastores = (nodeName: string) => [
  {
    id: "local",
    nodeName,
    type: "dir",
    contentTypes: ["backup", "import", "iso", "snippets", "vztmpl"],
    active: true,
    enabled: true,
    shared: false,
  },
  { id: "local-lvm", nodeName, type: "lvmthin", contentTypes: ["images", "rootdir"], active: true, enabled: true },
];

export const proxmoxCalls: Record<string, FakeCall> = {
  [proxmoxTokens.getVersion]: () => ({
    id: "version",
    release: "8.4",
    version: "8.4.1",
    repositoryId: "2a5fa54a",
  }),
  // PVE filters by storage id itself (the `storage` query parameter bpg sends for filters.id).
  [proxmoxTokens.getDatastores]: ({ nodeName, filters }) => ({
    nodeName,
    ...(filters ? { filters } : {}),
    datastores: datastores(nodeName).filter((d) => !filters?.id || d.id === filters.id),
  }),
  [proxmoxTokens.getPci]: ({ nodeName }) => {
    if (!pciDevices[nodeName]) throw new Error(`hostname lookup '${nodeName}' failed`);
    return { nodeName, devices: pciDevices[nodeName] };
  },
  [proxmoxTokens.getMappings]: ({ type, checkNode }) => ({
    id: `hardware_mappings_${type}`,
    type,
    ...(checkNode ? { checkNode } : {}),
    ids: [],
    checks: [],
  }),
};
