// The shapes of the change gate's rules. Each layer states its own rules as data in its safety.ts;
// infra/safety/index.ts gathers them; planner/diff applies them to two plans. A leaf module: it
// imports nothing, so layers and the diff tool depend on it and never on each other.

/** Inputs of a resource type whose change makes the provider replace the resource. */
export interface ReplaceRule {
  type: string;
  /** Input paths; "[*]" matches any list index, e.g. "disks[*].fileId". */
  inputs: string[];
  /**
   * "lowered": only a lowered version (semver order: "v1.12" < "v1.12.3") replaces; a raise is an
   * update. "changed": only a change of a value the resource had replaces; setting it where it was
   * absent is an update.
   */
  when?: "lowered" | "changed";
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

/**
 * Removing a resource of this type loses something a reviewer must see (an app's backup), and so
 * does removing the resource of `names.type` it names at `names.path` in its own namespace.
 */
export interface RemovalRule {
  type: string;
  /** What is lost; "{namespace}" is the removed resource's namespace. */
  why: string;
  names?: { type: string; path: string; why: string };
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

/**
 * Inputs a provider applies to a running resource by growing something (a disk), which it refuses
 * in the same update as a change that waits for a power cycle: the update fails at apply.
 */
export interface GrowRule {
  type: string;
  /** Numeric input paths; "[*]" matches any list index, e.g. "disks[*].size". */
  inputs: string[];
  /** What the provider answers, for the report. */
  refusal: string;
  source: string;
}

/** Every rule the gate reads. */
export interface SafetyModel {
  replaceRules: ReplaceRule[];
  dataBearing: DataBearing[];
  removalRules: RemovalRule[];
  rollRules: RollRule[];
  configRules: ConfigRule[];
  powerCycleRules: PowerCycleRule[];
  growRules: GrowRule[];
}

/** Whether a data-bearing entry covers a resource: its type, and its URN pattern if it has one. */
export function covers(entry: DataBearing, r: { urn: string; type: string }): boolean {
  return r.type === entry.type && (!entry.urnPattern || entry.urnPattern.test(r.urn));
}
