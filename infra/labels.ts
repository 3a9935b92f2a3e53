// Node labels that carry hardware placement from the inventory (set by Talos) to the platform
// (node selectors). One definition so the two ends cannot drift.

/** Nodes with a passed-through Intel iGPU; the label Intel's GPU plugin selects on by default. */
export const gpuNodeLabel = "intel.feature.node.kubernetes.io/gpu";

/** Prefix for USB devices passed through to a node: `portkey.home/usb-<device>` = "true". */
export const usbNodeLabelPrefix = "portkey.home/usb-";

export function nodeHardwareLabels(hardware: string[]): Record<string, string> {
  return Object.fromEntries(
    [...hardware].sort().map((device) => [device === "gpu" ? gpuNodeLabel : `${usbNodeLabelPrefix}${device}`, "true"]),
  );
}
