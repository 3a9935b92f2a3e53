// Safety data the change gate (scripts/planDiff.ts) and the data-safety tests read: which inputs
// force a replacement, and which resources hold data or identity that a replacement would lose.
// Each layer owns its own list; this file only gathers them.

/** Inputs of a resource type whose change makes the provider replace the resource. */
export interface ReplaceRule {
  type: string;
  /** Input paths; "[*]" matches any list index, e.g. "disks[*].fileId". */
  inputs: string[];
  /** Where the fact comes from (provider source or docs). */
  source: string;
}

/** A resource whose replacement or deletion loses data or identity. */
export interface DataBearing {
  type: string;
  /** Narrows the type to the resources whose URN matches, e.g. the restic Secrets only. */
  urnPattern?: RegExp;
  /** Why losing it hurts. */
  why: string;
  /** The options every such resource must carry. */
  requires: { protect?: boolean; retainOnDelete?: boolean; deleteBeforeReplace?: boolean };
}

import { backupsDataBearing, backupsReplaceRules } from "./backups/safety";
import { k8sDataBearing, k8sReplaceRules } from "./k8s/safety";
import { proxmoxDataBearing, proxmoxReplaceRules } from "./proxmox/safety";
import { talosDataBearing, talosReplaceRules } from "./talos/safety";

export const replaceRules: ReplaceRule[] = [
  ...proxmoxReplaceRules,
  ...talosReplaceRules,
  ...k8sReplaceRules,
  ...backupsReplaceRules,
];

export const dataBearing: DataBearing[] = [
  ...proxmoxDataBearing,
  ...talosDataBearing,
  ...k8sDataBearing,
  ...backupsDataBearing,
];
