// Typed binding for the pulumiverse Talos provider's Image Factory schematic. The resource id is
// the schematic id (the factory's sha256 of the schematic), which image URLs and installer images
// carry. Names checked against the provider schema (talos:imageFactory/schematic:Schematic).
import * as pulumi from "@pulumi/pulumi";
import { withPlugin } from "./plugin";

export interface SchematicArgs {
  /** The schematic YAML (customization: systemExtensions: …). */
  schematic?: pulumi.Input<string>;
}

export class Schematic extends pulumi.CustomResource {
  static readonly __pulumiType = "talos:imageFactory/schematic:Schematic";

  // `declare`, not a `!:` field: ES2022 class fields would reset the output to undefined after super().
  declare readonly schematic: pulumi.Output<string>;

  constructor(name: string, args: SchematicArgs, opts?: pulumi.CustomResourceOptions) {
    super(Schematic.__pulumiType, name, { schematic: args.schematic }, withPlugin(opts));
  }
}
