// Bindings for the provider's `machine` module: Secrets, ConfigurationApply, Bootstrap and the
// getConfiguration function. Names and secret flags follow provider-schema.json (v0.8.1).
import * as pulumi from "@pulumi/pulumi";
import { talosTokens } from "../../tokens";
import { BindingResource, BindingSpec, invokeBinding } from "./spec";
import type { ClientConfiguration, MachineSecrets } from "./types";

export const secretsSpec: BindingSpec = {
  token: talosTokens.secrets,
  kind: "resource",
  inputs: { talosVersion: "string" },
  required: [],
  secretInputs: [],
  secretOutputs: [],
  outputsOnly: ["clientConfiguration", "machineSecrets"],
};

export interface SecretsArgs {
  /** Version contract of the generated PKI, e.g. "v1.12.3"; lowering it replaces all secrets. */
  talosVersion?: pulumi.Input<string>;
}

/** The cluster's PKI and tokens (talosctl gen secrets), kept in the Pulumi state. */
export class Secrets extends BindingResource {
  declare readonly talosVersion: pulumi.Output<string>;
  declare readonly clientConfiguration: pulumi.Output<ClientConfiguration>;
  declare readonly machineSecrets: pulumi.Output<MachineSecrets>;

  constructor(name: string, args: SecretsArgs, opts?: pulumi.CustomResourceOptions) {
    super(secretsSpec, name, args, opts);
  }
}

export const configurationApplySpec: BindingSpec = {
  token: talosTokens.configurationApply,
  kind: "resource",
  inputs: {
    node: "string",
    endpoint: "string",
    clientConfiguration: "talos:machine/generated:ClientConfiguration",
    machineConfigurationInput: "string",
    configPatches: "string[]",
    applyMode: "string",
    timeouts: "talos:machine/Timeout:Timeout",
  },
  required: ["node"],
  secretInputs: ["machineConfigurationInput"],
  secretOutputs: [
    "clientConfigurationWo",
    "machineConfiguration",
    "machineConfigurationInput",
    "machineConfigurationInputWo",
  ],
  outputsOnly: ["machineConfiguration", "machineConfigurationHash", "resolvedApplyMode"],
};

export interface ConfigurationApplyArgs {
  /** The node's own address. */
  node: pulumi.Input<string>;
  endpoint?: pulumi.Input<string>;
  clientConfiguration?: pulumi.Input<ClientConfiguration>;
  /** The full machine config (e.g. from getConfiguration). */
  machineConfigurationInput?: pulumi.Input<string>;
  configPatches?: pulumi.Input<pulumi.Input<string>[]>;
  /** auto | reboot | no_reboot | staged | staged_if_needing_reboot (provider default auto). */
  applyMode?: pulumi.Input<string>;
  /** Go durations; the provider retries an unreachable node until they pass (default 10m). */
  timeouts?: pulumi.Input<{ create?: pulumi.Input<string>; update?: pulumi.Input<string> }>;
}

/** Applies a machine configuration to one node over the Talos API. */
export class ConfigurationApply extends BindingResource {
  declare readonly node: pulumi.Output<string>;
  declare readonly endpoint: pulumi.Output<string>;
  declare readonly machineConfiguration: pulumi.Output<string>;
  declare readonly machineConfigurationHash: pulumi.Output<string>;
  declare readonly resolvedApplyMode: pulumi.Output<string>;

  constructor(name: string, args: ConfigurationApplyArgs, opts?: pulumi.CustomResourceOptions) {
    super(configurationApplySpec, name, args, opts);
  }
}

export const bootstrapSpec: BindingSpec = {
  token: talosTokens.bootstrap,
  kind: "resource",
  inputs: { node: "string", endpoint: "string", clientConfiguration: "talos:machine/generated:ClientConfiguration" },
  required: ["node"],
  secretInputs: [],
  secretOutputs: ["clientConfigurationWo"],
  outputsOnly: [],
};

export interface BootstrapArgs {
  node: pulumi.Input<string>;
  endpoint?: pulumi.Input<string>;
  clientConfiguration?: pulumi.Input<ClientConfiguration>;
}

/** Bootstraps etcd on one control-plane node, once per cluster. */
export class Bootstrap extends BindingResource {
  declare readonly node: pulumi.Output<string>;
  declare readonly endpoint: pulumi.Output<string>;

  constructor(name: string, args: BootstrapArgs, opts?: pulumi.CustomResourceOptions) {
    super(bootstrapSpec, name, args, opts);
  }
}

export const getConfigurationSpec: BindingSpec = {
  token: talosTokens.getConfiguration,
  kind: "function",
  inputs: {
    clusterName: "string",
    clusterEndpoint: "string",
    machineType: "string",
    machineSecrets: "talos:machine/generated:MachineSecrets",
    configPatches: "string[]",
    kubernetesVersion: "string",
    talosVersion: "string",
  },
  required: ["clusterEndpoint", "clusterName", "machineSecrets", "machineType"],
  secretInputs: [],
  secretOutputs: ["machineConfiguration"],
  outputsOnly: [],
};

export interface GetConfigurationArgs {
  clusterName: pulumi.Input<string>;
  clusterEndpoint: pulumi.Input<string>;
  machineType: pulumi.Input<"controlplane" | "worker">;
  machineSecrets: pulumi.Input<MachineSecrets>;
  configPatches?: pulumi.Input<pulumi.Input<string>[]>;
  kubernetesVersion?: pulumi.Input<string>;
  talosVersion?: pulumi.Input<string>;
}

export interface GetConfigurationResult {
  /** The generated machine config with the patches applied (secret). */
  machineConfiguration: string;
}

/** Renders a node's machine config from the cluster secrets and patches (no API call). */
export function getConfigurationOutput(
  args: GetConfigurationArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetConfigurationResult> {
  return invokeBinding<GetConfigurationResult>(getConfigurationSpec, args, opts);
}
