// The Schematic binding next to a copy declared with a `!:` field, which ES2022 class fields reset
// to undefined after super(): the binding test must tell the two apart.
import * as pulumi from "@pulumi/pulumi";
import { withPlugin } from "../../../infra/talos/bindings/plugin";
import { Schematic } from "../../../infra/talos/bindings/imageFactory";

class FieldSchematic extends pulumi.CustomResource {
  schematic!: pulumi.Output<string>;
  constructor(name: string, args: { schematic: string }) {
    super("talos:imageFactory/schematic:Schematic", name, { schematic: args.schematic }, withPlugin({}));
  }
}

const text = "customization:\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/qemu-guest-agent\n";
const declared = new Schematic("declared", { schematic: text });
const field = new FieldSchematic("field", { schematic: text });

export const declaredOutputs = { id: declared.id, schematic: declared.schematic };
export const fieldOutputs = { id: field.id, schematic: field.schematic };
