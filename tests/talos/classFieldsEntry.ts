// Program for the class-field test: the same Secrets resource bound twice, once with a `!:` field
// (the ES2022 failure mode) and once through the real binding with `declare`.
import * as pulumi from "@pulumi/pulumi";
import { Secrets } from "../../infra/talos/bindings/machine";

class FieldSecrets extends pulumi.CustomResource {
  public readonly talosVersion!: pulumi.Output<string>;
  constructor(name: string) {
    super("talos:machine/secrets:Secrets", name, { talosVersion: "v1.12.3" });
  }
}

export const field = new FieldSecrets("field").talosVersion;
export const declared = new Secrets("declared", { talosVersion: "v1.12.3" }).talosVersion;
