// Safety data of the proxmox layer, beside safety.ts: what bpg refuses to combine in one VM update.
// The VMs never power-cycle inside an update (vmArgs.ts, rebootAfterUpdate: false). bpg's vmUpdate
// then applies every change that waits for a power cycle as pending, but refuses a disk resize in
// the same update: "cannot resize disks while the VM is running because this change requires the
// VM to be powered off, but automatic power-offs/reboots are disabled by 'reboot_after_update =
// false'". A grown disk alone is hot-plugged (SCSI), so only the combination fails.
// see https://github.com/bpg/terraform-provider-proxmox/blob/v0.112.0/proxmoxtf/resource/vm/vm.go (vmUpdate, rebootAfterUpdateDisabledError)
import type { GrowRule } from "../safety/types";
import { proxmoxTokens } from "../tokens";

export const proxmoxGrowRules: GrowRule[] = [
  {
    type: proxmoxTokens.vm,
    inputs: ["disks[*].size"],
    refusal: "cannot resize disks while the VM is running (reboot_after_update = false)",
    source:
      "https://github.com/bpg/terraform-provider-proxmox/blob/v0.112.0/proxmoxtf/resource/vm/vm.go (vmUpdate: a resize is blocked while a reboot-requiring change is pending)",
  },
];
