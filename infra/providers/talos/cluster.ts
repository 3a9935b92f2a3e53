// Bindings for the provider's `cluster` module: the Kubeconfig resource and the getHealth
// function. Names and secret flags follow provider-schema.json (v0.8.1).
import * as pulumi from "@pulumi/pulumi";
import { talosTokens } from "../../tokens";
import { BindingResource, BindingSpec, invokeBinding } from "./spec";
import type { ClientConfiguration } from "./types";

export const kubeconfigSpec: BindingSpec = {
  token: talosTokens.kubeconfig,
  kind: "resource",
  inputs: {
    node: "string",
    endpoint: "string",
    clientConfiguration: "talos:cluster/KubeconfigClientConfiguration:KubeconfigClientConfiguration",
    certificateRenewalDuration: "string",
  },
  required: ["clientConfiguration", "node"],
  secretInputs: [],
  secretOutputs: ["kubeconfigRaw"],
  outputsOnly: ["kubeconfigRaw", "kubernetesClientConfiguration"],
};

export interface KubeconfigArgs {
  node: pulumi.Input<string>;
  endpoint?: pulumi.Input<string>;
  clientConfiguration: pulumi.Input<ClientConfiguration>;
  /** Go duration before expiry at which the client certificate is renewed (provider default 720h). */
  certificateRenewalDuration?: pulumi.Input<string>;
}

/** An admin kubeconfig fetched from a control-plane node (renewed before it expires). */
export class Kubeconfig extends BindingResource {
  declare readonly node: pulumi.Output<string>;
  declare readonly endpoint: pulumi.Output<string>;
  /** The kubeconfig YAML (secret). */
  declare readonly kubeconfigRaw: pulumi.Output<string>;
  declare readonly kubernetesClientConfiguration: pulumi.Output<ClientConfiguration & { host: string }>;

  constructor(name: string, args: KubeconfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(kubeconfigSpec, name, args, opts);
  }
}

export const getHealthSpec: BindingSpec = {
  token: talosTokens.getHealth,
  kind: "function",
  inputs: {
    clientConfiguration: "talos:cluster/getHealthClientConfiguration:getHealthClientConfiguration",
    controlPlaneNodes: "string[]",
    endpoints: "string[]",
    workerNodes: "string[]",
    skipKubernetesChecks: "boolean",
    timeouts: "talos:cluster/getHealthTimeouts:getHealthTimeouts",
  },
  required: ["clientConfiguration", "controlPlaneNodes", "endpoints"],
  secretInputs: [],
  secretOutputs: [],
  outputsOnly: [],
};

export interface GetHealthArgs {
  clientConfiguration: pulumi.Input<ClientConfiguration>;
  controlPlaneNodes: pulumi.Input<pulumi.Input<string>[]>;
  endpoints: pulumi.Input<pulumi.Input<string>[]>;
  workerNodes?: pulumi.Input<pulumi.Input<string>[]>;
  /** Check only Talos services, etcd and kubelet, not Kubernetes readiness. */
  skipKubernetesChecks?: pulumi.Input<boolean>;
  /** How long to wait for the cluster to become healthy (Go duration, provider default 10m). */
  timeouts?: pulumi.Input<{ read?: pulumi.Input<string> }>;
}

/** The inputs echoed back; the invoke fails (after its 10m read timeout) if the cluster is unhealthy. */
export interface GetHealthResult {
  id: string;
  clientConfiguration: ClientConfiguration;
  controlPlaneNodes: string[];
  endpoints: string[];
}

export function getHealthOutput(
  args: GetHealthArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetHealthResult> {
  return invokeBinding<GetHealthResult>(getHealthSpec, args, opts);
}
