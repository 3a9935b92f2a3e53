// Pure helpers for the Talos boot image: hardware group, its schematic and the downloaded file name.
import type { HostConfig, NodeConfig } from "../config";
import { schematicYaml, talosImageFile } from "../providers/talos/imageFactory";
import { groupExtensions, HardwareGroup } from "./extensions";

/** Intel's PCI vendor id: a passed-through GPU from this vendor needs the i915 extension. */
const intelVendor = "8086";

/** The node's hardware group: an Intel iGPU passed through, or nothing that needs a driver. */
export function hardwareGroup(node: NodeConfig, host: HostConfig): HardwareGroup {
  const gpu = node.hardware.includes("gpu") ? host.gpu : undefined;
  return gpu?.passable && gpu.id.startsWith(`${intelVendor}:`) ? "intel-igpu" : "base";
}

/** The Image Factory schematic of a group. */
export function groupSchematic(group: HardwareGroup): string {
  return schematicYaml(groupExtensions[group]);
}

/** Versioned, so a new image never collides with the one it replaces (PVE needs .qcow2 for "import"). */
export function talosImageFileName(schematicId: string, talosVersion: string): string {
  return `talos-${talosVersion}-${schematicId}-${talosImageFile}`;
}
