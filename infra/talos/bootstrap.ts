// How etcd starts, once per cluster: bootstrapped empty by the provider, or recovered from a
// snapshot (talos.recoverFrom) by `talosctl bootstrap --recover-from`, which the provider cannot do.
// see https://github.com/siderolabs/docs/blob/main/public/talos/v1.12/configure-your-talos-cluster/lifecycle-management/disaster-recovery.mdx
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { Bootstrap } from "../providers/talos/machine";
import type { ClientConfiguration } from "../providers/talos/types";
import { keepPreviousStdout, upgradeScripts } from "./upgradeOrder";

export interface BootstrapStepArgs {
  /** The primary control plane's own address (the VIP exists only once etcd runs). */
  node: pulumi.Input<string>;
  /** The cluster's Talos API client credentials (secret), from the machine secrets. */
  clientConfiguration: pulumi.Input<ClientConfiguration>;
  /** A decrypted etcd snapshot to recover from instead of starting empty. */
  recoverFrom?: string;
  /** talosctl config for the recovery (secret). */
  talosconfig: pulumi.Output<string>;
  /** How long the recovery waits for Talos to accept it, in seconds (talos.applyTimeout). */
  deadlineSeconds: number;
}

/**
 * The recovery leaves a running etcd alone (infra/talos/scripts/recover-etcd.sh), so the command
 * is safe to create again after a lost state. The provider's Bootstrap never runs twice: its Update and Delete do nothing, and a changed node
 * is an update (terraform-provider-talos v0.11.0 talos_machine_bootstrap_resource.go). The
 * recovery command replaces it while talos.recoverFrom is set, and is protected: removing the key
 * later would create a Bootstrap against a running etcd, which Talos refuses (AlreadyExists) for
 * ten minutes of retries. Leave the key in place once the recovery has run (docs/runbooks).
 */
export function bootstrapStep(
  name: string,
  args: BootstrapStepArgs,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  if (args.recoverFrom === undefined) {
    return new Bootstrap(name, { node: args.node, clientConfiguration: args.clientConfiguration }, opts);
  }
  return new command.local.Command(
    `${name}-etcd-recover`,
    {
      create: `bash ${upgradeScripts.recover}`,
      // Runs once: pulumi-command v1.2.1 runs `create` on an update when `update` is absent
      // (provider/pkg/provider/local/commandController.go), so a renewed talosconfig or a new control
      // plane would recover again and need talosctl on every routine `up`.
      update: keepPreviousStdout,
      environment: {
        NODE_IP: args.node,
        SNAPSHOT: args.recoverFrom,
        DEADLINE_SECONDS: String(args.deadlineSeconds),
        PORTKEY_TALOSCONFIG: pulumi.secret(args.talosconfig),
      },
    },
    { ...opts, protect: true },
  );
}
