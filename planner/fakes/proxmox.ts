// Fake provider answers for the proxmox layer's resource types (and the Image Factory schematic it
// creates). Ids follow the providers' own formats, so anything derived from them is plausible.
import { createHash } from "crypto";
import type { FakeResource } from "./types";
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
