// What a rolling upgrade does in which order, and the scripts it runs: pure, so the order, the
// version range and the script paths are read without the Pulumi SDK (upgrades.ts wires them).
import type { NodeRole } from "../config/types";

/** Kubernetes versions Talos 1.12 supports (talos v1.12.3 pkg/machinery/compatibility/talos112). */
export const talosKubernetesRange = { talos: "v1.12", min: "1.30.0", max: "1.35.99" } as const;

/** The scripts the commands run, relative to the project root (plugins run from there). */
export const upgradeScripts = {
  node: "infra/talos/scripts/upgrade-node.sh",
  kubernetes: "infra/talos/scripts/upgrade-kubernetes.sh",
  recover: "infra/talos/scripts/recover-etcd.sh",
} as const;

/** Control planes first (one etcd member at a time), then workers; each group by hostname. */
export function upgradeOrder(nodes: Record<string, { role: NodeRole }>): string[] {
  const names = Object.keys(nodes).sort();
  return [
    ...names.filter((h) => nodes[h].role === "controlplane"),
    ...names.filter((h) => nodes[h].role !== "controlplane"),
  ];
}

/**
 * The control plane a node's upgrade talks through: the first other one, so talosctl keeps its
 * connection while the node reboots (a single control plane can only use itself).
 */
export function upgradeEndpoint(hostname: string, controlPlanes: string[]): string {
  return controlPlanes.find((cp) => cp !== hostname) ?? hostname;
}

/** A step's `update` that changes nothing and prints what its last run printed (pulumi-command hands it back). */
export const keepPreviousStdout = 'printf "%s\\n" "${PULUMI_COMMAND_STDOUT:-}"';
