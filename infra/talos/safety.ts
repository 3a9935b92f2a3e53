// Safety data of the talos layer: what replaces the cluster PKI, what rolls nodes, and which
// resources hold the cluster's identity.
import { parseAllDocuments } from "yaml";
import type { ConfigRule, DataBearing, ReplaceRule, RollRule } from "../safety/types";
import { otherTokens, talosTokens } from "../tokens";

export const talosReplaceRules: ReplaceRule[] = [
  {
    type: talosTokens.secrets,
    inputs: ["talosVersion"],
    when: "lowered",
    source:
      "terraform-provider-talos v0.11.0 talos_machine_secrets_resource.go, PlanModifyString: RequiresReplace only when semver.Compare(plan, state) < 0; a raise is an in-place Update",
  },
];

/** The upgrade steps of infra/talos/upgrades.ts, in the order their dependencies chain them. */
export const talosRollRules: RollRule[] = [
  {
    type: otherTokens.command,
    trigger: "environment.TARGET_IMAGE",
    shown: "environment.TARGET_VERSION",
    nodes: "environment.NODE_NAME",
    what: "Talos OS upgrade, one node at a time, health-gated (talosctl upgrade)",
  },
  {
    type: otherTokens.command,
    trigger: "environment.TARGET_KUBERNETES",
    shown: "environment.TARGET_KUBERNETES",
    nodes: "environment.NODE_NAMES",
    what: "Kubernetes upgrade, one node at a time (talosctl upgrade-k8s)",
  },
];

/** The hostname in a node's patches (its HostnameConfig document). */
export function configNode(args: unknown): string | undefined {
  const patches = (args as { configPatches?: unknown }).configPatches;
  if (!Array.isArray(patches)) return undefined;
  for (const patch of patches.filter((p): p is string => typeof p === "string")) {
    for (const doc of parseAllDocuments(patch)) {
      const value = doc.toJSON() as { kind?: string; hostname?: string } | null;
      if (value?.kind === "HostnameConfig") return value.hostname;
    }
  }
  return undefined;
}

export const talosConfigRules: ConfigRule[] = [
  {
    token: talosTokens.getConfiguration,
    node: configNode,
    yamlArgs: ["configPatches"],
    what: "machine config re-applied after the upgrades, every node at once, without a reboot (infra/talos/machineConfig.ts immediatePaths)",
  },
];

export const talosDataBearing: DataBearing[] = [
  {
    type: talosTokens.secrets,
    why: "the cluster PKI, etcd encryption and bootstrap tokens: losing them means rebuilding every node and re-encrypting etcd",
    requires: { protect: true, retainOnDelete: true },
  },
];
