// Safety data of the talos layer: replace-forcing inputs and data-bearing resources.
import type { DataBearing, ReplaceRule } from "../safety";

export const talosReplaceRules: ReplaceRule[] = [
  {
    type: "talos:machine/secrets:Secrets",
    // Only a lower version forces the replace, but any change deserves a look: it regenerates the PKI.
    inputs: ["talosVersion"],
    source:
      "terraform-provider-talos v0.11.0, talos_machine_secrets plan modifier: RequiresReplace when talos_version is lowered (../shared/research/talos.md §2.1)",
  },
];

export const talosDataBearing: DataBearing[] = [
  {
    type: "talos:machine/secrets:Secrets",
    why: "the cluster PKI, etcd encryption and bootstrap tokens: losing them means rebuilding every node and re-encrypting etcd",
    requires: { protect: true, retainOnDelete: true },
  },
];
