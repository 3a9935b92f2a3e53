// Safety data the change gate (scripts/planDiff.ts) and the data-safety tests read: which inputs
// force a replacement, and which resources hold data or identity that a replacement would lose.
// Each layer owns its own list; this file gathers them and checks a plan against the data list.
import { backupsDataBearing, backupsReplaceRules } from "./backups/safety";
import { k8sDataBearing, k8sReplaceRules } from "./k8s/safety";
import { proxmoxDataBearing, proxmoxPowerCycleRules, proxmoxReplaceRules } from "./proxmox/safety";
import { talosConfigRules, talosDataBearing, talosReplaceRules, talosRollRules } from "./talos/safety";

/** Inputs of a resource type whose change makes the provider replace the resource. */
export interface ReplaceRule {
  type: string;
  /** Input paths; "[*]" matches any list index, e.g. "disks[*].fileId". */
  inputs: string[];
  /** Only a lowered version (semver order: "v1.12" < "v1.12.3") replaces; a raise is an update. */
  when?: "lowered";
  /** Where the fact comes from (provider source or docs). */
  source: string;
}

/** A resource whose changed trigger input rolls nodes (an upgrade step). */
export interface RollRule {
  type: string;
  /** Input whose change starts the step, e.g. "environment.TARGET_IMAGE". */
  trigger: string;
  /** Input shown as the reason in the report (a short form of the trigger). */
  shown: string;
  /** Input naming the nodes the step rolls: one hostname, or a comma-separated list in order. */
  nodes: string;
  /** What happens to those nodes, for the report. */
  what: string;
}

/** A provider function per node whose changed arguments change that node's applied config. */
export interface ConfigRule {
  token: string;
  /** The node an invocation is for, read from its arguments. */
  node: (args: unknown) => string | undefined;
  /** Arguments that hold YAML documents: compared field by field, not as text. */
  yamlArgs: string[];
  what: string;
}

/** Inputs whose change waits, pending, until the resource (a VM) is power-cycled. */
export interface PowerCycleRule {
  type: string;
  inputs: string[];
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

export const replaceRules: ReplaceRule[] = [
  ...proxmoxReplaceRules,
  ...talosReplaceRules,
  ...k8sReplaceRules,
  ...backupsReplaceRules,
];

export const rollRules: RollRule[] = [...talosRollRules];
export const configRules: ConfigRule[] = [...talosConfigRules];
export const powerCycleRules: PowerCycleRule[] = [...proxmoxPowerCycleRules];

export const dataBearing: DataBearing[] = [
  ...proxmoxDataBearing,
  ...talosDataBearing,
  ...k8sDataBearing,
  ...backupsDataBearing,
];

/** Everything the change gate reads (scripts/diff/diffPlans.ts SafetyModel). */
export const safetyModel = { replaceRules, dataBearing, rollRules, configRules, powerCycleRules };

/** What the data-safety check reads of one planned resource. */
export interface PlannedResource {
  urn: string;
  type: string;
  options: { protect: boolean; retainOnDelete: boolean; deleteBeforeReplace: boolean };
}

/** Whether an entry covers a resource: its type, and its URN pattern if it has one. */
export function covers(entry: DataBearing, r: { urn: string; type: string }): boolean {
  return r.type === entry.type && (!entry.urnPattern || entry.urnPattern.test(r.urn));
}

/** The resources of a plan an entry covers. */
export function matchingResources<T extends PlannedResource>(resources: T[], entry: DataBearing): T[] {
  return resources.filter((r) => covers(entry, r));
}

/**
 * Every way a plan falls short of the data-bearing list: an entry no resource matches (a stale
 * pattern protects nothing), or a matching resource without a required option.
 */
export function dataSafetyProblems(resources: PlannedResource[], entries: DataBearing[] = dataBearing): string[] {
  const problems: string[] = [];
  for (const entry of entries) {
    const matches = matchingResources(resources, entry);
    if (matches.length === 0)
      problems.push(`no resource of type ${entry.type} matches ${entry.urnPattern ?? "(any)"}: ${entry.why}`);
    for (const r of matches) {
      for (const [option, required] of Object.entries(entry.requires) as Array<
        [keyof DataBearing["requires"], boolean]
      >) {
        if (required && !r.options[option]) problems.push(`${r.urn} lacks ${option}: ${entry.why}`);
      }
    }
  }
  return problems;
}
