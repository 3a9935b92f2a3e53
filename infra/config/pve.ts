// What Proxmox VE itself refuses, for the inventory fields that reach it: each check returns PVE's
// rule, or undefined. The formats are PVE's JSON-schema formats, registered in pve-common
// (PVE/JSONSchema.pm), and the bounds of the VM and mapping properties (qemu-server, pve-guest-common).
// see https://github.com/proxmox/pve-common/blob/master/src/PVE/JSONSchema.pm
import { mac, usbName } from "./checks";

type Rule<T> = (value: T) => string | undefined;

/** `pve-storage-id` (parse_id): at least 2 characters, a letter first, a letter or digit last. */
export const storageId: Rule<string> = (v) =>
  /^[a-z][a-z0-9._-]*[a-z0-9]$/i.test(v)
    ? undefined
    : "is not a Proxmox storage id (pve-storage-id: a letter, then letters, digits, '-', '_' or '.', ending with a letter or digit)";

/** `pve-bridge-id` (parse_bridge_id), the `bridge` of a VM's network device. */
export const bridgeId: Rule<string> = (v) =>
  /^[-_.A-Za-z0-9]+$/.test(v)
    ? undefined
    : "is not a Proxmox bridge name (pve-bridge-id: letters, digits, '-', '_' and '.')";

/**
 * `mac-addr` (pve_verify_mac_addr): a unicast address. PVE refuses one with the I/G bit set (the
 * lowest bit of the first octet), so the second hex digit must be even.
 */
export const unicastMac: Rule<string> = (v) =>
  mac(v) ??
  (/^.[02468ace]/i.test(v)
    ? undefined
    : "is not a unicast MAC address (Proxmox refuses the I/G bit: the first octet's second hex digit must be even)");

/**
 * A USB device's name is also its hardware mapping's id, `pve-configid` (pve_verify_configid): a
 * letter first. See pve-guest-common src/PVE/Mapping/USB.pm (`id`, format pve-configid).
 * see https://github.com/proxmox/pve-guest-common/blob/master/src/PVE/Mapping/USB.pm
 */
export const usbMappingName: Rule<string> = (v) =>
  usbName(v) ??
  (/^[a-z]/i.test(v)
    ? undefined
    : "is not a Proxmox mapping id (pve-configid: a letter first, then letters, digits, '_' or '-')");

/**
 * A VM's memory in GiB: qemu-server's `memory.current` is at least 16 MiB and at most 4 TiB (get_max_mem
 * caps it at 4 * 1024 * 1024 MiB whatever the host's address bits).
 * see https://github.com/proxmox/qemu-server/blob/master/src/PVE/QemuServer/Memory.pm
 */
export const maxMemoryGiB = 4096;
export const vmMemoryGiB: Rule<number> = (v) =>
  v < 1
    ? "must be greater than 0"
    : v > maxMemoryGiB
      ? `must be at most ${maxMemoryGiB} (qemu-server caps a VM's memory at 4 TiB)`
      : undefined;

/**
 * Cores per socket (one socket): qemu-server's `cores` is at least 1; bpg's `cpu.cores` at most 2304.
 * see https://github.com/bpg/terraform-provider-proxmox/blob/v0.112.0/proxmoxtf/resource/vm/vm.go (mkCPUCores)
 */
export const maxCores = 2304;
export const vmCores: Rule<number> = (v) =>
  v < 1
    ? "must be greater than 0"
    : v > maxCores
      ? `must be at most ${maxCores} (the Proxmox provider's limit for cpu.cores)`
      : undefined;
