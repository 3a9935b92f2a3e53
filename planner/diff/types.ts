// The shapes of a plan diff's report, shared by the diff, its rules and its formatter.
import type { Leaf, PathChange } from "./paths";

export interface ResourceRef {
  urn: string;
  type: string;
  /** The node or app the resource is about: VM name, Kubernetes namespace/name, or resource name. */
  subject: string;
}

/** Why a changed resource would be replaced. */
export interface ReplaceCause {
  /** The changed input path, or "provider". */
  path: string;
  /** The rule that matched: a safety.ts input path, "replaceOnChanges" or "provider reference". */
  rule: string;
  /** Where the rule comes from. */
  source: string;
  base: Leaf;
  head: Leaf;
}

export interface ResourceChange extends ResourceRef {
  /** Changed input paths, base → head. */
  inputs: PathChange[];
  /** Changed options, package version and provider reference (not inputs, never replace-forcing by rule). */
  meta: PathChange[];
  /** Empty for an in-place update. */
  replaceCauses: ReplaceCause[];
}

export interface RemovedResource extends ResourceRef {
  /** The added resource with the same type and name or the same parent and name: a re-parent or re-type. */
  recreatedAs: string | null;
}

export interface Violation extends ResourceRef {
  action: "replace" | "delete";
  /** Each reason on its own line: which input and rule, protected, data-bearing, backup removed. */
  why: string[];
}

export interface DiffReport {
  project: string;
  stack: string;
  added: ResourceRef[];
  removed: RemovedResource[];
  changed: ResourceChange[];
  unchanged: number;
  violations: Violation[];
  /** Nodes that upgrade or get a new config, in the order they do. */
  rolls: Roll[];
  /** VM changes that wait for a power cycle. */
  powerCycles: PendingPowerCycle[];
  /** Updates the provider would refuse at apply: a grown disk together with a pending power cycle. */
  refused: RefusedUpdate[];
}

/** Nodes that change, in the order they change, and why. */
export interface Roll {
  what: string;
  /** Hostnames; in roll order for an upgrade step, sorted for re-applied configs (they run at once). */
  nodes: string[];
  /** True when the nodes change one after another. */
  sequential: boolean;
  changes: PathChange[];
}

/** An update the provider refuses: what grows, what waits for a power cycle, and the provider's answer. */
export interface RefusedUpdate {
  urn: string;
  subject: string;
  grown: PathChange[];
  pending: PathChange[];
  refusal: string;
  source: string;
}

/** A VM change that takes effect only when the VM is power-cycled. */
export interface PendingPowerCycle {
  urn: string;
  subject: string;
  changes: PathChange[];
}
