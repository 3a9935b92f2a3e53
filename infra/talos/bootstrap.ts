// How etcd starts, once per cluster: bootstrapped empty by the provider, or recovered from a
// snapshot (talos.recoverFrom) by `talosctl bootstrap --recover-from`, which the provider cannot do.
// see https://github.com/siderolabs/docs/blob/main/public/talos/v1.12/configure-your-talos-cluster/lifecycle-management/disaster-recovery.mdx
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { Bootstrap } from "../providers/talos/machine";
import type { ClientConfiguration } from "../providers/talos/types";
import { upgradeScripts } from "./upgradeOrder";

export interface BootstrapStepArgs {
  /** The primary control plane's own address (the VIP exists only once etcd runs). */
  node: pulumi.Input<string>;
  /** The cluster's Talos API client credentials (secret), from the machine secrets. */
  clientConfiguration: pulumi.Input<ClientConfiguration>;
  /** A decrypted etcd snapshot to recover from instead of starting empty. */
  recoverFrom?: string;
  /** talosctl config for the recovery (secret). */
  talosconfig: pulumi.Output<string>;
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
      environment: {
        NODE_IP: args.node,
        SNAPSHOT: args.recoverFrom,
        PORTKEY_TALOSCONFIG: pulumi.secret(args.talosconfig),
      },
    },
    { ...opts, protect: true },
  );
}
