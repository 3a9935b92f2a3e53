// Typed binding for the pulumiverse Talos provider's Image Factory schematic. The resource id is
// the schematic id (the factory's sha256 of the schematic), which image URLs and installer images
// carry. Names follow provider-schema.json (v0.8.1).
import * as pulumi from "@pulumi/pulumi";
import { talosTokens } from "../../tokens";
import { BindingResource, BindingSpec } from "./spec";

export const schematicSpec: BindingSpec = {
  token: talosTokens.schematic,
  kind: "resource",
  inputs: { schematic: "string" },
  required: [],
  secretInputs: [],
  secretOutputs: [],
  outputsOnly: [],
};

export interface SchematicArgs {
  /** The schematic YAML (customization: systemExtensions: …). */
  schematic?: pulumi.Input<string>;
}

export class Schematic extends BindingResource {
  declare readonly schematic: pulumi.Output<string>;

  constructor(name: string, args: SchematicArgs, opts?: pulumi.CustomResourceOptions) {
    super(schematicSpec, name, args, opts);
  }
}
