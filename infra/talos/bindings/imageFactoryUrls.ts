// Binding for the provider's image factory getUrls function (the Schematic resource binding lives
// in imageFactory.ts). Token and names follow provider-schema.json (v0.8.1).
import * as pulumi from "@pulumi/pulumi";
import { BindingSpec, invokeBinding } from "./spec";

export const getUrlsSpec: BindingSpec = {
  token: "talos:imageFactory/getUrls:getUrls",
  kind: "function",
  inputs: { schematicId: "string", talosVersion: "string", platform: "string", architecture: "string", sbc: "string" },
  required: ["schematicId", "talosVersion"],
  secretInputs: [],
  secretOutputs: [],
  outputsOnly: [],
};

export interface GetUrlsArgs {
  schematicId: pulumi.Input<string>;
  /** e.g. "v1.12.3". */
  talosVersion: pulumi.Input<string>;
  /** e.g. "nocloud" or "metal" (provider default metal). */
  platform?: pulumi.Input<string>;
  architecture?: pulumi.Input<string>;
  sbc?: pulumi.Input<string>;
}

export interface GetUrlsResult {
  urls: { installer: string; diskImage: string; iso: string; pxe: string; [kind: string]: string };
}

export function getUrlsOutput(args: GetUrlsArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetUrlsResult> {
  return invokeBinding<GetUrlsResult>(getUrlsSpec, args, opts);
}
