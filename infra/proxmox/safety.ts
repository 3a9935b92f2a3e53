// Safety data of the proxmox layer: replace-forcing inputs and data-bearing resources.
import type { DataBearing, PowerCycleRule, ReplaceRule } from "../safety/types";
import { proxmoxTokens } from "../tokens";

const bpg = "https://github.com/bpg/terraform-provider-proxmox/blob/main";

const {
  vm: vmType,
  downloadFile: downloadFileType,
  pciMapping: pciMappingType,
  usbMapping: usbMappingType,
} = proxmoxTokens;

export const proxmoxReplaceRules: ReplaceRule[] = [
  {
    type: vmType,
    inputs: ["vmId", "nodeName"],
    source: `${bpg}/proxmoxtf/resource/vm/vm.go (CustomizeDiff: ForceNewIf vm_id; node_name forces a new VM unless migrate is true)`,
  },
  {
    type: vmType,
    inputs: ["clone.vmId", "clone.nodeName", "clone.datastoreId", "clone.full", "clone.retries"],
    source: `${bpg}/proxmoxtf/resource/vm/vm.go (clone block: every field ForceNew)`,
  },
  {
    type: vmType,
    inputs: ["disks[*].fileId"],
    source: `${bpg}/proxmoxtf/resource/vm/disk/schema.go (file_id ForceNew; import_from is creation-only and not ForceNew, bpg#2385/#2401)`,
  },
  {
    type: vmType,
    inputs: ["efiDisk.type", "amdSev"],
    source: `${bpg}/proxmoxtf/resource/vm/vm.go (efi_disk.type, bpg#1515/#2637; amd_sev ForceNew)`,
  },
  {
    // Adding a TPM to a VM that had none is planned in place (the provider suite's probe).
    type: vmType,
    inputs: ["tpmState.version"],
    when: "changed",
    source: `${bpg}/proxmoxtf/resource/vm/vm.go (tpm_state.version ForceNew once set)`,
  },
  {
    type: vmType,
    inputs: [
      "initialization.type",
      "initialization.userDataFileId",
      "initialization.vendorDataFileId",
      "initialization.networkDataFileId",
      "initialization.metaDataFileId",
    ],
    // user_account has no ForceNew (vm.go), and the provider plans its change in place (the provider
    // suite's probe): it is applied to the cloud-init drive like the rest of initialization.
    source: `${bpg}/proxmoxtf/resource/vm/vm.go (initialization type and *_file_id ForceNew; bpg#1636/#2901)`,
  },
  {
    type: downloadFileType,
    inputs: [
      "nodeName",
      "datastoreId",
      "contentType",
      "fileName",
      "url",
      "checksum",
      "checksumAlgorithm",
      "decompressionAlgorithm",
    ],
    source: `${bpg}/fwprovider (resource_download_file.go: RequiresReplace; size too when overwrite is true)`,
  },
  // No rule for the hardware mappings: no attribute of resource_pci.go or resource_usb.go has a
  // RequiresReplace plan modifier, not even `name`. A rename is planned as an in-place Update, which
  // sends the planned name as the mapping id (pciResource.Update / usbResource.Update) and so fails
  // at apply: rename by a new mapping instead, moving the VMs to it before the old one goes.
  // see https://github.com/bpg/terraform-provider-proxmox/tree/v0.112.0/fwprovider/cluster/hardwaremapping;
  // the provider suite plans a rename and a comment change in place (docs/providers.md).
];

export const proxmoxDataBearing: DataBearing[] = [
  {
    type: vmType,
    why: "a Talos node: its disk holds the node's installed system, etcd member data and local volumes",
    requires: { protect: true, deleteBeforeReplace: true },
  },
  {
    type: pciMappingType,
    why: "VMs attach the iGPU by this name; deleting it leaves a VM that cannot start",
    requires: { protect: true, deleteBeforeReplace: true },
  },
  {
    type: usbMappingType,
    why: "VMs attach the USB device by this name; deleting it leaves a VM that cannot start",
    requires: { protect: true, deleteBeforeReplace: true },
  },
];

/**
 * VM inputs PVE applies only at the next start. The VMs never reboot inside an update
 * (vmArgs.ts rebootAfterUpdate: false), so such a change stays pending until the power-cycle
 * runbook restarts the nodes one at a time. Hotplug changes (network devices, disk size, more
 * memory with memory hotplug, which these VMs do not enable) apply at once.
 */
export const proxmoxPowerCycleRules: PowerCycleRule[] = [
  {
    type: vmType,
    inputs: [
      "acpi",
      "agent",
      "amdSev",
      "audioDevice",
      "bios",
      "bootOrders",
      "cpu",
      "disks[*].aio",
      "efiDisk",
      "hostpcis",
      "initialization",
      "keyboardLayout",
      "kvmArguments",
      "machine",
      "memory",
      "numas",
      "operatingSystem",
      "rngs",
      "scsiHardware",
      "serialDevices",
      "tabletDevice",
      "tpmState",
      "usbs",
      "vga",
      "virtiofs",
      "watchdog",
    ],
    source: `${bpg}/proxmoxtf/resource/vm/vm.go (vmUpdate: rebootRequired for each of these; vmPowerOffForPendingChanges leaves them pending when reboot_after_update is false)`,
  },
];
