// Binding for the provider's `client` module: getConfiguration, which renders a talosconfig.
// Names and secret flags follow provider-schema.json (v0.8.1).
import * as pulumi from "@pulumi/pulumi";
import { talosTokens } from "../../tokens";
import { BindingSpec, invokeBinding } from "./spec";
import type { ClientConfiguration } from "./types";

export const clientGetConfigurationSpec: BindingSpec = {
  token: talosTokens.getClientConfiguration,
  kind: "function",
  inputs: {
    clusterName: "string",
    clientConfiguration: "talos:client/getConfigurationClientConfiguration:getConfigurationClientConfiguration",
    endpoints: "string[]",
    nodes: "string[]",
  },
  required: ["clientConfiguration", "clusterName"],
  secretInputs: [],
  secretOutputs: ["talosConfig"],
  outputsOnly: [],
};

export interface ClientGetConfigurationArgs {
  clusterName: pulumi.Input<string>;
  clientConfiguration: pulumi.Input<ClientConfiguration>;
  /** Talos API endpoints talosctl connects through (node IPs, not the VIP). */
  endpoints?: pulumi.Input<pulumi.Input<string>[]>;
  /** Default target nodes of talosctl commands. */
  nodes?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface ClientGetConfigurationResult {
  /** The talosconfig YAML (secret). */
  talosConfig: string;
}

export function getClientConfigurationOutput(
  args: ClientGetConfigurationArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<ClientGetConfigurationResult> {
  return invokeBinding<ClientGetConfigurationResult>(clientGetConfigurationSpec, args, opts);
}
