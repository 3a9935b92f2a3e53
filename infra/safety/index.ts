// Every layer's change-gate rules, gathered (the shapes are types.ts). Layers never import this
// module; the gate (planner/diff), the CLI and the tests do.
import { backupsDataBearing, backupsRemovalRules, backupsReplaceRules } from "../backups/safety";
import { k8sDataBearing, k8sReplaceRules } from "../k8s/safety";
import { proxmoxGrowRules } from "../proxmox/growRules";
import { proxmoxDataBearing, proxmoxPowerCycleRules, proxmoxReplaceRules } from "../proxmox/safety";
import { talosConfigRules, talosDataBearing, talosReplaceRules, talosRollRules } from "../talos/safety";
import type { SafetyModel } from "./types";

export const safetyModel: SafetyModel = {
  replaceRules: [...proxmoxReplaceRules, ...talosReplaceRules, ...k8sReplaceRules, ...backupsReplaceRules],
  dataBearing: [...proxmoxDataBearing, ...talosDataBearing, ...k8sDataBearing, ...backupsDataBearing],
  removalRules: [...backupsRemovalRules],
  rollRules: [...talosRollRules],
  configRules: [...talosConfigRules],
  powerCycleRules: [...proxmoxPowerCycleRules],
  growRules: [...proxmoxGrowRules],
};
