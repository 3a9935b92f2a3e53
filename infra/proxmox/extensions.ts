// Image Factory system extensions per hardware group. Every VM gets the guest agent (Proxmox reads
// IPs and shuts VMs down through it); nodes with a passed-through Intel iGPU also get the i915
// driver and firmware (moved out of the base image in Talos 1.9, siderolabs/talos#9728) and Intel
// microcode. No Intel extension on other nodes, e.g. mirkwood's Ryzen.
// see https://github.com/siderolabs/extensions

/** The hardware groups a node can fall into; each gets one schematic. */
export type HardwareGroup = "base" | "intel-igpu";

export const groupExtensions: Record<HardwareGroup, string[]> = {
  base: ["siderolabs/qemu-guest-agent"],
  "intel-igpu": ["siderolabs/i915", "siderolabs/intel-ucode", "siderolabs/qemu-guest-agent"],
};
