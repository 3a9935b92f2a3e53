// The wait between the health gate and the first Kubernetes resource. The gate checks Talos only
// (etcd, apid, kubelet: the Kubernetes checks cannot pass before the CNI), and pulumi-kubernetes
// decides once per run, at its first discovery call, whether the cluster is reachable
// (provider/pkg/provider/provider.go, Configure). So the provider's kubeconfig carries this
// command's output: the provider configures only once the API server answers /readyz.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { durationSeconds } from "../config/checks";

export const apiReadyScript = "infra/talos/scripts/api-ready.js";

export interface ApiServerReadyArgs {
  /** The admin kubeconfig (secret) whose server and credentials the wait uses. */
  kubeconfig: pulumi.Output<string>;
  /** How long to wait (Go duration; the stack's `talos.healthTimeout`). */
  timeout: string;
}

/**
 * The kubeconfig, released only once the API server is ready. A routine `up` runs nothing (the
 * command is unchanged); a renewed kubeconfig is an update, which waits again (no `update`: it
 * runs `create`, pulumi-command v1.2.1 commandController.go) before the provider takes it.
 */
export function apiServerReady(
  name: string,
  args: ApiServerReadyArgs,
  opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
  const ready = new command.local.Command(
    `${name}-api-ready`,
    {
      create: `node ${apiReadyScript}`,
      environment: {
        PORTKEY_KUBECONFIG: pulumi.secret(args.kubeconfig),
        DEADLINE_SECONDS: String(durationSeconds(args.timeout)),
      },
    },
    opts,
  );
  return pulumi.secret(pulumi.all([args.kubeconfig, ready.stdout]).apply(([kubeconfig]) => kubeconfig));
}
