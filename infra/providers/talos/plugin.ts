// The pulumiverse Talos provider plugin our bindings drive. Every Talos resource and invoke carries
// this version and download URL, so the engine fetches exactly this plugin.
import * as pulumi from "@pulumi/pulumi";
import { talosProviderVersion } from "../../versions";

export const talosPlugin = {
  version: talosProviderVersion,
  pluginDownloadURL: "github://api.github.com/pulumiverse",
} as const;

export function withPlugin<T extends pulumi.ResourceOptions | pulumi.InvokeOptions>(opts?: T): T {
  return pulumi.mergeOptions(opts ?? ({} as T), { ...talosPlugin } as T) as T;
}
