// Day-2 upgrades inside `pulumi up`: the Talos OS one node at a time, then Kubernetes through
// `talosctl upgrade-k8s`, both before the machine configs are re-applied. Each step is a
// `local.Command` whose create runs no talosctl (it records the target the VM booted from, so a
// first build or a rebuild never upgrades) and whose update runs a script of infra/talos/scripts.
// pulumi-command runs `update` whenever an input changes and hands it the previous stdout as
// PULUMI_COMMAND_STDOUT (v1.2.1 provider/pkg/provider/local/commandController.go, commandOutputs.go):
// a script whose target is what it printed last exits at once, without talosctl, so a routine
// credential renewal (a new talosconfig in the environment) needs no talosctl and touches no node.
// A failed update leaves the old state, so the next `up` runs it again; nodes already at the target
// are skipped. `triggers` are not used: they replace the command (replaceOnChanges), which would
// run create instead of the upgrade.
// see https://github.com/siderolabs/docs/blob/main/public/talos/v1.12/configure-your-talos-cluster/lifecycle-management/upgrading-talos.mdx
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { NodeRole } from "../config";
import { installerImage } from "../providers/talos/imageFactory";
import { upgradeEndpoint, upgradeOrder, upgradeScripts } from "./upgradeOrder";

/** What a rolling upgrade needs of one node. */
export interface UpgradeNode {
  ip: pulumi.Output<string>;
  role: NodeRole;
  schematicId: pulumi.Output<string>;
}

export interface RollingUpgradesArgs {
  /** Every node, keyed by hostname: its address, role and schematic. */
  nodes: Record<string, UpgradeNode>;
  /** The Talos OS version the nodes move to. */
  talosVersion: string;
  /** Kubernetes version as talosctl takes it ("1.35.0"). */
  kubernetesVersion: string;
  /** The control plane the Kubernetes upgrade runs through. */
  primary: string;
  /** talosctl config (secret); written to a private temporary file by the scripts. */
  talosconfig: pulumi.Output<string>;
  /** How long one step waits for the cluster to be healthy, in seconds (talos.healthTimeout). */
  deadlineSeconds: number;
  /**
   * The etcd backups' age recipient: a snapshot a failed step keeps is encrypted to it. Without
   * one (etcd backups off) such a snapshot is removed.
   */
  snapshotRecipient?: pulumi.Input<string>;
}

const joined = (values: pulumi.Output<string>[]) => pulumi.all(values).apply((v) => v.join(","));

/**
 * One OS upgrade step per node in upgradeOrder, chained, then the Kubernetes upgrade. Returns the
 * last step: whatever changes the nodes' configs waits for it.
 */
export function rollingUpgrades(
  name: string,
  args: RollingUpgradesArgs,
  opts: pulumi.CustomResourceOptions,
): command.local.Command {
  const order = upgradeOrder(args.nodes);
  const controlPlanes = order.filter((h) => args.nodes[h].role === "controlplane");
  const ips = (hosts: string[]) => joined(hosts.map((h) => args.nodes[h].ip));
  const shared = {
    CONTROL_PLANE_IPS: ips(controlPlanes),
    WORKER_IPS: ips(order.filter((h) => !controlPlanes.includes(h))),
    DEADLINE_SECONDS: String(args.deadlineSeconds),
    PORTKEY_TALOSCONFIG: pulumi.secret(args.talosconfig),
  };
  let previous: pulumi.Resource | undefined;
  for (const hostname of order) {
    const node = args.nodes[hostname];
    previous = new command.local.Command(
      `${name}-upgrade-${hostname}`,
      {
        create: 'printf "%s\\n" "$TARGET_IMAGE"',
        update: `bash ${upgradeScripts.node}`,
        environment: {
          ...shared,
          NODE_NAME: hostname,
          NODE_IP: node.ip,
          ENDPOINT_IP: args.nodes[upgradeEndpoint(hostname, controlPlanes)].ip,
          TARGET_VERSION: args.talosVersion,
          TARGET_IMAGE: node.schematicId.apply((id) => installerImage(id, args.talosVersion)),
          ...(args.snapshotRecipient === undefined ? {} : { SNAPSHOT_AGE_RECIPIENT: args.snapshotRecipient }),
        },
      },
      { ...opts, dependsOn: previous ? [previous] : [] },
    );
  }
  return new command.local.Command(
    `${name}-upgrade-kubernetes`,
    {
      create: 'printf "%s\\n" "$TARGET_KUBERNETES"',
      update: `bash ${upgradeScripts.kubernetes}`,
      environment: {
        ...shared,
        NODE_NAMES: order.join(","),
        ENDPOINT_IP: args.nodes[args.primary].ip,
        TALOS_VERSION: args.talosVersion,
        TARGET_KUBERNETES: args.kubernetesVersion,
      },
    },
    { ...opts, dependsOn: previous ? [previous] : [] },
  );
}
