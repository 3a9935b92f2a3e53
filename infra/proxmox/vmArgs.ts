// Pure builder of one Talos VM's arguments from the inventory. Every value that Proxmox would
// otherwise default is set here on purpose; the comments say why.
import type * as proxmoxve from "@muhlba91/pulumi-proxmoxve";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig, HostConfig, NodeConfig } from "../config";

export interface VmSpec {
  hostname: string;
  node: NodeConfig;
  host: HostConfig;
  cluster: ClusterConfig;
  /** Volume id of the downloaded Talos image, e.g. "local:import/talos-….qcow2". */
  image: pulumi.Input<string>;
  /** Mapping name per hardware entry of the node, as outputs of the mapping resources. */
  mappings: Record<string, pulumi.Input<string>>;
  /** Proxmox's own delete protection (the stack's `protect`). */
  protect: boolean;
}

/** PVE starts VMs in ascending order on host boot: control planes first, then workers. */
export function startOrder(role: NodeConfig["role"]): number {
  return role === "controlplane" ? 1 : 2;
}

/** The address the nocloud network config assigns: the node IP with the node subnet's prefix. */
export function cidrAddress(ip: string, nodeSubnet: string): string {
  return `${ip}/${nodeSubnet.split("/")[1]}`;
}

export function vmArgs(spec: VmSpec): proxmoxve.VmLegacyArgs {
  const { hostname, node, host, cluster } = spec;
  const usbDevices = node.hardware.filter((h) => h !== "gpu").sort();
  return {
    nodeName: node.host,
    vmId: node.vmId,
    // Set explicitly: the bridge auto-names VMs otherwise (name-<random>).
    name: hostname,
    description: `Talos ${node.role} of ${cluster.name}, managed by Pulumi`,
    // PVE stores tags sorted and lower-case; anything else is a perpetual diff.
    tags: [cluster.name, node.role, "talos"].map((t) => t.toLowerCase()).sort(),
    // PVE refuses to remove a protected VM or its disks, from the GUI and CLI as well (qemu-server
    // API2/Qemu.pm, check_protection): `protect` covers only Pulumi. Runbooks say how to lift it.
    protection: spec.protect,
    onBoot: true,
    started: true,
    // Never power-cycle inside an update: the three VMs update in parallel, and a change PVE applies
    // only at the next start (cores, memory, machine, hostpci, usb, …) would restart every control
    // plane at once. The change stays pending with a warning; `plan:diff` lists it under "Needs a
    // power cycle", and the power-cycle runbook restarts one node at a time
    // (bpg proxmoxtf/resource/vm/vm.go, vmPowerOffForPendingChanges and reboot_after_update).
    rebootAfterUpdate: false,
    startup: { order: startOrder(node.role) },
    // Without a running agent or ACPI a shutdown can hold the VM lock; destroy stops instead.
    stopOnDestroy: true,
    // q35 is required for PCIe passthrough; OVMF with a 4m EFI disk, decided once (the EFI disk
    // type forces replacement), no pre-enrolled keys so the non-Secure-Boot image boots.
    machine: "q35",
    bios: "ovmf",
    efiDisk: { datastoreId: host.vmDatastore, type: "4m", preEnrolledKeys: false },
    operatingSystem: { type: "l26" },
    // Talos needs x86-64-v2; "host" passes the real CPU (passthrough VMs never live-migrate anyway).
    cpu: { cores: node.cores, sockets: 1, type: "host" },
    // Passthrough pins all guest memory, so a balloon could reclaim nothing: floating 0 removes it.
    // The inventory states GiB; PVE takes MiB.
    memory: { dedicated: node.memoryGiB * 1024, floating: 0 },
    // Plain VirtIO SCSI: "virtio-scsi-single" hangs Talos bootstrap on some Intel hosts
    // (https://github.com/siderolabs/talos/issues/11173).
    scsiHardware: "virtio-scsi-pci",
    disks: [
      {
        interface: "scsi0",
        datastoreId: host.vmDatastore,
        // Imported through the API at creation only (not replace-forcing, unlike fileId, which also
        // needs SSH); bpg ignores later changes, so an image bump never touches the VM's disk.
        importFrom: spec.image,
        size: node.diskGiB,
        // No iothread: with virtio-scsi-pci, qemu-server ignores it and warns at every start
        // ("iothread is only valid with virtio disk or virtio-scsi-single controller").
        discard: "on",
        ssd: true,
      },
    ],
    bootOrders: ["scsi0"],
    // bpg adds a CD drive when this is unset, holding the host's physical drive ("cdrom"), which
    // only root or Sys.Console on / may attach (qemu-server API2/Qemu.pm, check_storage_access).
    // An empty drive needs no such privilege.
    cdrom: { fileId: "none" },
    networkDevices: [{ bridge: host.bridge, model: "virtio", macAddress: node.mac }],
    // Talos nocloud reads the network config of this drive (and ignores the user-data PVE writes).
    initialization: {
      datastoreId: host.vmDatastore,
      interface: "ide2",
      type: "nocloud",
      ipConfigs: [{ ipv4: { address: cidrAddress(node.ip, cluster.nodeSubnet), gateway: cluster.gateway } }],
      dns: { servers: cluster.dns },
    },
    // The agent flag must be on for the Talos extension to find its port (siderolabs/talos#11838),
    // but Talos runs no agent in maintenance mode, so never wait for an IP (bpg #449).
    agent: { enabled: true, trim: true, type: "virtio", waitForIp: { disabled: true } },
    // ttyS0: `qm terminal <vmid>` shows the Talos console.
    serialDevices: [{ device: "socket" }],
    vga: { type: "std" },
    // Unset passthrough flags are sent as 0, so each is explicit: PCIe port (q35), ROM BAR
    // visible, not the primary display (the iGPU is a headless transcoder; the console stays on std).
    hostpcis: node.hardware.includes("gpu")
      ? [{ device: "hostpci0", mapping: spec.mappings.gpu, pcie: true, rombar: true, xvga: false }]
      : [],
    usbs: usbDevices.map((device) => ({ mapping: spec.mappings[device], usb3: false })),
  };
}
