// Inputs Proxmox would refuse later are refused by the config first: each rule of PVE's own formats
// (pve-common PVE/JSONSchema.pm, qemu-server, pve-guest-common mappings), one bad value of the prod
// inventory each, with its exact message; and the edge values PVE accepts pass.
import { parseConfig } from "../../infra/config/parse";
import { variant } from "./variants";

const problemsOf = (path: string, value: unknown) => {
  const result = parseConfig(variant(path, value));
  return result.ok ? [] : result.problems;
};

const refused: Array<[string, string, unknown, string]> = [
  [
    "a storage id starting with a digit (pve-storage-id)",
    "proxmox.hosts.rohan.vmDatastore",
    "1-lvm",
    "proxmox.hosts.rohan.vmDatastore \"1-lvm\" is not a Proxmox storage id (pve-storage-id: a letter, then letters, digits, '-', '_' or '.', ending with a letter or digit)",
  ],
  [
    "a one-character storage id",
    "proxmox.hosts.rohan.imageDatastore",
    "l",
    "proxmox.hosts.rohan.imageDatastore \"l\" is not a Proxmox storage id (pve-storage-id: a letter, then letters, digits, '-', '_' or '.', ending with a letter or digit)",
  ],
  [
    "a storage id with a slash",
    "proxmox.hosts.gondor.imageDatastore",
    "local/import",
    "proxmox.hosts.gondor.imageDatastore \"local/import\" is not a Proxmox storage id (pve-storage-id: a letter, then letters, digits, '-', '_' or '.', ending with a letter or digit)",
  ],
  [
    "a bridge name with a space (pve-bridge-id)",
    "proxmox.hosts.mirkwood.bridge",
    "vmbr 0",
    "proxmox.hosts.mirkwood.bridge \"vmbr 0\" is not a Proxmox bridge name (pve-bridge-id: letters, digits, '-', '_' and '.')",
  ],
  [
    "a multicast MAC (mac-addr: the I/G bit set)",
    "nodes.metal1.mac",
    "BD:24:11:00:00:12",
    'nodes.metal1.mac "BD:24:11:00:00:12" is not a unicast MAC address (Proxmox refuses the I/G bit: the first octet\'s second hex digit must be even)',
  ],
  [
    "more memory than qemu-server gives a VM (4 TiB)",
    "nodes.metal0.memoryGiB",
    4097,
    "nodes.metal0.memoryGiB 4097 must be at most 4096 (qemu-server caps a VM's memory at 4 TiB)",
  ],
  ["no memory", "nodes.metal0.memoryGiB", 0, "nodes.metal0.memoryGiB 0 must be greater than 0"],
  [
    "more cores than the provider sets (2304)",
    "nodes.metal1.cores",
    2305,
    "nodes.metal1.cores 2305 must be at most 2304 (the Proxmox provider's limit for cpu.cores)",
  ],
  ["no cores", "nodes.metal1.cores", 0, "nodes.metal1.cores 0 must be greater than 0"],
  [
    "a VM id below PVE's range (pve-vmid)",
    "nodes.metal2.vmId",
    99,
    "nodes.metal2.vmId 99 is not a Proxmox VM id (100 to 999999999)",
  ],
  [
    "a VM id above PVE's range",
    "nodes.metal2.vmId",
    1_000_000_000,
    "nodes.metal2.vmId 1000000000 is not a Proxmox VM id (100 to 999999999)",
  ],
  [
    "a USB device name starting with a digit: its mapping id (pve-configid)",
    "proxmox.hosts.mirkwood.usb",
    { "2zigbee": { id: "10c4:ea60" } },
    "proxmox.hosts.mirkwood.usb.2zigbee \"2zigbee\" is not a Proxmox mapping id (pve-configid: a letter first, then letters, digits, '_' or '-')",
  ],
  [
    "a mapping entry comment longer than PVE's 4096 characters",
    "proxmox.hosts.mirkwood.usb.zigbee.comment",
    "x".repeat(4097),
    `proxmox.hosts.mirkwood.usb.zigbee.comment "${"x".repeat(4097)}" must be at most 4096 characters (Proxmox's limit for a mapping entry's description), found 4097`,
  ],
];

test.each(refused)("refuses %s", (_what, path, value, message) => {
  expect(problemsOf(path, value).filter((p) => !p.startsWith("nodes.metal0.hardware"))).toEqual([message]);
});

const accepted: Array<[string, string, unknown]> = [
  ["a storage id with '.', '_' and '-'", "proxmox.hosts.rohan.vmDatastore", "ceph_rbd.vm-1"],
  ["a VLAN-style bridge name", "proxmox.hosts.rohan.bridge", "vmbr0.20"],
  ["a locally administered unicast MAC", "nodes.metal1.mac", "02:00:00:00:00:12"],
  ["the largest memory qemu-server allows", "nodes.metal1.memoryGiB", 4096],
  ["the most cores the provider sets", "nodes.metal1.cores", 2304],
  ["the lowest VM id", "nodes.metal1.vmId", 100],
  ["the highest VM id", "nodes.metal1.vmId", 999_999_999],
  ["a comment of exactly 4096 characters", "proxmox.hosts.mirkwood.usb.zigbee.comment", "x".repeat(4096)],
];

test.each(accepted)("accepts %s", (_what, path, value) => {
  expect(problemsOf(path, value)).toEqual([]);
});
