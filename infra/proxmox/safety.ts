// Safety data of the proxmox layer: replace-forcing inputs and data-bearing resources.
import type { DataBearing, ReplaceRule } from "../safety";

export const proxmoxReplaceRules: ReplaceRule[] = [];

export const proxmoxDataBearing: DataBearing[] = [];
