// Pure helpers for the Talos boot image: hardware group, schematic YAML, download URL and file name.
import { stringify } from "yaml";
import type { HostConfig, NodeConfig } from "../config";
import { groupExtensions, HardwareGroup } from "./extensions";

/** Intel's PCI vendor id: a passed-through GPU from this vendor needs the i915 extension. */
const intelVendor = "8086";

/** The node's hardware group: an Intel iGPU passed through, or nothing that needs a driver. */
export function hardwareGroup(node: NodeConfig, host: HostConfig): HardwareGroup {
  const gpu = node.hardware.includes("gpu") ? host.gpu : undefined;
  return gpu?.id?.startsWith(`${intelVendor}:`) ? "intel-igpu" : "base";
}

/** The Image Factory schematic of a group, as typed data serialised once (sorted, so stable). */
export function schematicYaml(group: HardwareGroup): string {
  const schematic = {
    customization: { systemExtensions: { officialExtensions: [...groupExtensions[group]].sort() } },
  };
  return stringify(schematic);
}

// The nocloud platform reads Proxmox's cloud-init drive (static IP); the uncompressed qcow2 can be
// imported through the API with `importFrom`, so no SSH to the hosts is needed.
// see https://github.com/siderolabs/image-factory/blob/main/docs/api.md
const factory = "https://factory.talos.dev";
const imageFile = "nocloud-amd64.qcow2";

export function talosImageUrl(schematicId: string, talosVersion: string): string {
  return `${factory}/image/${schematicId}/${talosVersion}/${imageFile}`;
}

/** Versioned, so a new image never collides with the one it replaces (PVE needs .qcow2 for "import"). */
export function talosImageFileName(schematicId: string, talosVersion: string): string {
  return `talos-${talosVersion}-${schematicId}-${imageFile}`;
}
