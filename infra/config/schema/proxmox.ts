// The `proxmox` section: the API and the hosts, with the hardware each host may pass through.
import { devicePath, label, mapCommentProblem, matches, notNegative, pciAddress, pciId } from "../checks";
import { bridgeId, storageId, usbMappingName } from "../pve";
import { boolean, byFlag, flag, integer, map, object, string } from "../fields";

const usbDevice = object({
  /** "vendor:product", e.g. "10c4:ea60". */
  id: string(pciId),
  /** Becomes the USB mapping entry's comment, which bpg checks. */
  comment: string(mapCommentProblem).optional(),
  /**
   * The device's path inside the VM, e.g. /dev/serial/by-id/usb-…-if00-port0 (may hold * and ?
   * globs). Set: pods may request the device as portkey.home/<name>. Unset: the VM only.
   */
  serialPath: string(devicePath).optional(),
});

/** The iGPU of a Proxmox host, and whether it may be passed through to a VM. */
const gpu = byFlag("passable", {
  false: {
    /** Human description, e.g. "AMD Radeon Vega (Ryzen 5 4500U APU)". */
    model: string(),
    /** Never passed through: `reason` says why. */
    passable: flag(false),
    reason: string(),
  },
  // A mapping without subsystem id or IOMMU group is incomplete: PVE then refuses to start the VM
  // ("missing expected property 'subsystem-id'").
  true: {
    /** Becomes the PCI mapping entry's comment, which bpg checks. */
    model: string(mapCommentProblem),
    passable: flag(true),
    /** PCI address, e.g. "0000:00:02.0". */
    path: string(pciAddress),
    /** "vendor:device", e.g. "8086:46d1". */
    id: string(pciId),
    /** "subvendor:subdevice". */
    subsystemId: string(pciId),
    iommuGroup: integer(notNegative),
  },
});

const host = object({
  /** Storage for VM disks, EFI and cloud-init drives, e.g. "local-lvm". */
  vmDatastore: string(storageId),
  /** Directory storage with the "import" content type, for the Talos image. */
  imageDatastore: string(storageId),
  /** The Linux bridge (or SDN vnet) of the VMs' network device, e.g. "vmbr0". */
  bridge: string(bridgeId),
  gpu: gpu.optional(),
  /** Names are also the USB mappings' ids. */
  usb: map(usbMappingName, usbDevice).absentAs({}),
});

export const proxmox = object({
  endpoint: string(matches(/^https:\/\/[^/\s]+\/$/, "is not an https://host:port/ URL (without /api2/json)")),
  /** Skip TLS verification (a self-signed PVE certificate). */
  insecure: boolean().default(false),
  hosts: map(label, host),
});
